"""The billing report CSV: exactly the columns of seed 001 "Billing Report Fields" per type, in
the order that table lists them."""

import csv
import io
from decimal import Decimal

from billing import usage
from billing.models import ReportType
from portal import csv as portal_csv
from portal.api import ids

BASE_COLUMNS = [
    "PARTNER_NAME",
    "PARTNER_ORG_ID",
    "SUBSCRIPTION_ID",
    "SERVICE_NAME",
    "SKU",
    "DESCRIPTION",
    "CONSUMPTION_START_DATE",
    "CONSUMPTION_END_DATE",
    "QUANTITY",
]
COLUMNS = {
    ReportType.PARTNER: BASE_COLUMNS,
    ReportType.CUSTOMER: [*BASE_COLUMNS, "CUSTOMER_ORG_ID", "CUSTOMER_EXTERNAL_ID", "LOCATION_ID"],
    ReportType.USER: [
        *BASE_COLUMNS,
        "CUSTOMER_ORG_ID",
        "CUSTOMER_EXTERNAL_ID",
        "SUBSCRIBER_ID",
        "USER_ID",
        "WORKSPACE_ID",
        "LOCATION_ID",
    ],
}


def format_quantity(value) -> str:
    """Six decimals at most, trailing zeros dropped: 1, 0.5, 0.666667."""
    quantity = usage.as_quantity(value)
    text = f"{quantity:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _encoded(kind: str, value) -> str:
    return ids.encode(kind, value) if value else ""


class CarriedRounding:
    """Six-decimal quantities whose sums stay exact (BL-3: Σ USER = Σ CUSTOMER = PARTNER).

    Per partner and package, a row's quantity is round(seconds so far, this row included) −
    round(seconds before it). The rounded amounts telescope: any run of consecutive rows adds up
    to round(its end) − round(its start), and report_usage_rows orders every report type so that
    a CUSTOMER row covers exactly a run of USER rows and the PARTNER row all of them. Each row is
    within 0.000001 of its true quantity; a PARTNER row is simply its total, rounded."""

    def __init__(self):
        self._seconds: dict = {}

    def quantity(self, row) -> Decimal:
        key = (row["partner_id"], row["package"])
        before = self._seconds.get(key, 0)
        after = self._seconds[key] = before + int(row["seconds"])
        return usage.as_quantity(usage.quantity_of(after)) - usage.as_quantity(
            usage.quantity_of(before)
        )


def render(report_type: str, rows, *, subscription_id: str, skus: dict) -> tuple[str, int]:
    """The CSV text and its number of data rows. `rows` come from
    selectors.report_usage_rows (in its order); `skus` maps package → Sku of the subscription."""
    columns = COLUMNS[ReportType(report_type)]
    out = io.StringIO()
    writer = portal_csv.dict_writer(out, columns)
    writer.writeheader()
    count = 0
    rounding = CarriedRounding()
    for row in rows:
        sku = skus.get(row["package"])
        line = {
            "PARTNER_NAME": row["partner__name"],
            "PARTNER_ORG_ID": _encoded(ids.ORGANIZATION, row["partner_id"]),
            "SUBSCRIPTION_ID": subscription_id,
            "SERVICE_NAME": row["package"].upper(),
            "SKU": sku.sku if sku else "",
            "DESCRIPTION": sku.description if sku else "",
            "CONSUMPTION_START_DATE": row["first_day"].isoformat(),
            "CONSUMPTION_END_DATE": row["last_day"].isoformat(),
            "QUANTITY": format_quantity(rounding.quantity(row)),
        }
        if "customer_id" in row:
            line["CUSTOMER_ORG_ID"] = _encoded(ids.ORGANIZATION, row["customer_id"])
            line["CUSTOMER_EXTERNAL_ID"] = row["customer__external_id"]
            line["LOCATION_ID"] = _encoded(ids.LOCATION, row["location_id"])
        if "subscriber_id" in row:
            # A user's row has SUBSCRIBER_ID and USER_ID; a workspace's only WORKSPACE_ID.
            line["SUBSCRIBER_ID"] = _encoded(ids.SUBSCRIBER, row["subscriber_id"])
            line["USER_ID"] = _encoded(ids.PEOPLE, row["subscriber_id"])
            line["WORKSPACE_ID"] = _encoded(ids.WORKSPACE, row.get("workspace_id"))
        writer.writerow(line)
        count += 1
    return out.getvalue(), count


def parse(content: str) -> list[dict]:
    """The rows of a report CSV as dicts (tests and reconciliation use it)."""
    return list(csv.DictReader(io.StringIO(content)))


def total_by_sku(content: str) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for row in parse(content):
        totals[row["SKU"]] = totals.get(row["SKU"], Decimal(0)) + Decimal(row["QUANTITY"])
    return totals
