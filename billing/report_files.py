"""The billing report CSV: exactly the columns of seed 001 "Billing Report Fields" per type, in
the order that table lists them."""

import csv
import functools
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


@functools.lru_cache(maxsize=4096)
def _encoded(kind: str, value) -> str:
    """The encoded id, cached: a report repeats its partner, customer and location on each row
    (subscriber ids, all different, are encoded directly)."""
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


def write(report_type: str, rows, out, *, subscription_id: str, skus: dict) -> int:
    """Write the CSV to the text file `out`, one line per row as `rows` arrive, and return the
    number of data rows. `rows` come from selectors.report_usage_rows (in its order, streamed
    from the database); `skus` maps package → Sku of the subscription. Nothing is held but the
    current row, so a 200,000-subscriber USER report costs no more memory than a small one."""
    columns = COLUMNS[ReportType(report_type)]
    writer = portal_csv.writer(out)
    writer.writerow(columns)
    # Lines are lists in COLUMNS' order (a dict per line cost a third of a large report's time).
    with_customer, with_user = "CUSTOMER_ORG_ID" in columns, "USER_ID" in columns
    count = 0
    rounding = CarriedRounding()
    for row in rows:
        sku = skus.get(row["package"])
        line = [
            row["partner__name"],
            _encoded(ids.ORGANIZATION, row["partner_id"]),
            subscription_id,
            row["package"].upper(),
            sku.sku if sku else "",
            sku.description if sku else "",
            row["first_day"].isoformat(),
            row["last_day"].isoformat(),
            format_quantity(rounding.quantity(row)),
        ]
        if with_customer:
            line.append(_encoded(ids.ORGANIZATION, row["customer_id"]))
            line.append(row["customer__external_id"])
        if with_user:
            # A user's row has SUBSCRIBER_ID and USER_ID; a workspace's only WORKSPACE_ID (CH-12).
            subscriber = row["subscriber_id"]
            line.append(ids.encode(ids.SUBSCRIBER, subscriber) if subscriber else "")
            line.append(ids.encode(ids.PEOPLE, subscriber) if subscriber else "")
            line.append(_encoded(ids.WORKSPACE, row.get("workspace_id")))
        if with_customer:
            line.append(_encoded(ids.LOCATION, row["location_id"]))
        writer.writerow(line)
        count += 1
    return count


def render(report_type: str, rows, *, subscription_id: str, skus: dict) -> tuple[str, int]:
    """The CSV as text and its number of data rows (tests and small reports)."""
    out = io.StringIO()
    count = write(report_type, rows, out, subscription_id=subscription_id, skus=skus)
    return out.getvalue(), count


def parse(content: str) -> list[dict]:
    """The rows of a report CSV as dicts (tests and reconciliation use it)."""
    return list(csv.DictReader(io.StringIO(content)))


def total_by_sku(content: str) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for row in parse(content):
        totals[row["SKU"]] = totals.get(row["SKU"], Decimal(0)) + Decimal(row["QUANTITY"])
    return totals
