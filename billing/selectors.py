"""Billing reads: subscriptions, report lists, report rows and invoices. No N+1: every list is
one query whatever its length."""

import calendar
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import F, Sum

from billing import usage
from billing.models import (
    SECONDS_PER_DAY,
    BillingReport,
    DailyUsage,
    ReportType,
    Sku,
    UsageDay,
    WholesaleSubscription,
)
from controlhub.models import Subscriber
from portal.api import ids
from portal.catalogues.packages import Package
from portal.models import Customer, Partner

CENT = Decimal("0.01")
LICENSE_QUANTUM = Decimal("0.0001")


def subscription_for(partner: Partner) -> WholesaleSubscription | None:
    return (
        WholesaleSubscription.objects.for_org(partner).select_related("parent", "partner").first()
    )


def skus_by_package(subscription: WholesaleSubscription | None) -> dict[str, Sku]:
    if subscription is None:
        return {}
    return {sku.package: sku for sku in Sku.objects.filter(subscription=subscription.price_list)}


def sub_partners_of(partner: Partner):
    return Partner.objects.filter(parent=partner).order_by("name")


def billed_partner_ids(partner: Partner, sub_partner: Partner | None = None) -> list:
    """Whose usage a partner's reports and invoice cover: its own and its sub-partners', or the
    one sub-partner asked for."""
    if sub_partner is not None:
        return [sub_partner.pk]
    return [partner.pk, *sub_partners_of(partner).values_list("pk", flat=True)]


def report_list(partner: Partner):
    """A partner's reports, oldest period first (billing.filtersets narrows and sorts them);
    the CSV itself is not loaded."""
    return (
        BillingReport.objects.for_org(partner)
        .select_related("sub_partner", "created_by")
        .defer("content")
        .order_by("billing_start_date", "-created_at", "id")
    )


def report_get(partner, report_id, *, with_content: bool = False):
    """One of the partner's (a Partner or its id) reports by its id (Webex-style or a UUID),
    or None; the CSV is loaded only when asked for."""
    report_id = ids.decode(ids.REPORT, str(report_id or ""))
    if report_id is None:
        return None
    partner_id = partner.pk if isinstance(partner, Partner) else partner
    reports = BillingReport.objects.filter(partner_id=partner_id).select_related(
        "sub_partner", "created_by"
    )
    if not with_content:
        reports = reports.defer("content")
    return reports.filter(pk=report_id).first()


def has_rolled_up(start: date, end: date) -> bool:
    return UsageDay.objects.filter(day__range=(start, end)).count() == (end - start).days + 1


# --- Report rows --------------------------------------------------------------------------------

_GROUPS = {
    ReportType.PARTNER: ["partner_id", "partner__name", "package"],
    ReportType.CUSTOMER: [
        "partner_id",
        "partner__name",
        "customer_id",
        "customer__name",
        "customer__external_id",
        "location_id",
        "package",
    ],
    ReportType.USER: [
        "partner_id",
        "partner__name",
        "customer_id",
        "customer__name",
        "customer__external_id",
        "subscriber_id",
        "subscriber__email",
        "location_id",
        "package",
    ],
}


# Row order. Within one partner and package, every CUSTOMER row's users are consecutive USER
# rows in the same order, which report_files.render relies on to round each row so that the
# USER rows add up exactly to the CUSTOMER rows, and those to the PARTNER rows.
_ORDERS = {
    ReportType.PARTNER: ["partner__name", "partner_id", "package"],
    ReportType.CUSTOMER: [
        "partner__name",
        "partner_id",
        "customer__name",
        "customer__external_id",
        "customer_id",
        "location_id",
        "package",
    ],
    ReportType.USER: [
        "partner__name",
        "partner_id",
        "customer__name",
        "customer__external_id",
        "customer_id",
        "location_id",
        "subscriber__email",
        "subscriber_id",
        "package",
    ],
}


def billed_usage(partner_ids: list, start: date, end: date):
    """Stored daily usage in [start, end] of these partners, from each one's billing start."""
    return DailyUsage.objects.filter(
        partner_id__in=partner_ids,
        day__range=(start, end),
        day__gte=F("partner__wholesale_subscription__billing_start"),
    )


#: Where a report column comes from once the usage is summed: (table alias, column).
_NAMES = {
    "partner__name": ("p", "name"),
    "customer__name": ("c", "name"),
    "customer__external_id": ("c", "external_id"),
    "subscriber__email": ("s", "email"),
}


def report_usage_rows(report: BillingReport):
    """The report's rows (dicts keyed as _GROUPS, plus seconds, first_day and last_day): usage
    summed per partner / customer and location / user, per package, with the first and last day
    of use in the period, in _ORDERS. One query, streamed.

    The stored days are summed first and the names joined to the sums afterwards: a 30-day USER
    report of 200,000 subscribers sums millions of day rows into 200,000, and joining customer and
    subscriber to every day's row was most of its time."""
    partner_ids = billed_partner_ids(report.partner, report.sub_partner)
    report_type = ReportType(report.type)
    group = _GROUPS[report_type]
    keys = [name for name in group if name not in _NAMES]  # the ids and the package
    periods, params = [], []
    starts = WholesaleSubscription.objects.filter(partner_id__in=partner_ids).values_list(
        "partner_id", "billing_start"
    )
    for partner_id, billing_start in starts:
        first = max(report.billing_start_date, billing_start)
        if first <= report.billing_end_date:
            periods.append("(partner_id = %s AND day BETWEEN %s AND %s)")
            params += [_db_uuid(partner_id), usage.date_param(first)]
            params.append(usage.date_param(report.billing_end_date))
    if not periods:
        return
    joins = [f"JOIN {Partner._meta.db_table} p ON p.id = u.partner_id"]
    if "customer_id" in group:
        joins.append(f"JOIN {Customer._meta.db_table} c ON c.id = u.customer_id")
    if "subscriber_id" in group:
        joins.append(f"JOIN {Subscriber._meta.db_table} s ON s.id = u.subscriber_id")

    def column(name):
        return "{}.{}".format(*_NAMES[name]) if name in _NAMES else f"u.{name}"

    sql = (
        f"SELECT {', '.join(column(name) for name in group)}, u.seconds, u.first_day, u.last_day "
        f"FROM (SELECT {', '.join(keys)}, SUM(seconds) AS seconds, MIN(day) AS first_day, "
        f"MAX(day) AS last_day FROM {DailyUsage._meta.db_table} WHERE {' OR '.join(periods)} "
        f"GROUP BY {', '.join(keys)}) AS u {' '.join(joins)} "
        f"ORDER BY {', '.join(column(name) for name in _ORDERS[report_type])}"
    )
    convert = [_as_uuid if name in keys and name.endswith("_id") else None for name in group]
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(2000):
            for values in chunk:
                row = {
                    name: conv(value) if conv else value
                    for name, conv, value in zip(group, convert, values, strict=False)
                }
                seconds, first_day, last_day = values[len(group) :]
                row["seconds"] = int(seconds)
                row["first_day"] = _as_date(first_day)
                row["last_day"] = _as_date(last_day)
                yield row


def _db_uuid(value):
    return value if connection.features.has_native_uuid_field else value.hex


def _as_uuid(value):
    return value if value is None or isinstance(value, uuid.UUID) else uuid.UUID(value)


def _as_date(value):
    return value if isinstance(value, date) else date.fromisoformat(value)


# --- Invoices ----------------------------------------------------------------------------------


@dataclass
class InvoiceLine:
    package: str
    sku: str
    description: str
    transfer_price: Decimal | None
    user_days: Decimal
    licenses: Decimal
    amount: Decimal | None

    @property
    def service_name(self) -> str:
        return self.package.upper()

    @property
    def package_label(self) -> str:
        try:
            return Package(self.package).label
        except ValueError:
            return self.package


@dataclass
class Invoice:
    partner: Partner
    sub_partner: Partner | None
    subscription: WholesaleSubscription | None
    month: date
    period_start: date
    period_end: date
    days_in_month: int
    is_estimate: bool
    lines: list[InvoiceLine] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((line.amount or Decimal(0) for line in self.lines), Decimal("0.00"))

    @property
    def unpriced(self) -> list[InvoiceLine]:
        return [line for line in self.lines if line.amount is None]

    @property
    def currency(self) -> str:
        return self.subscription.currency if self.subscription else "USD"

    # --- The document (issue 16): number, dates, bill-from and bill-to, tax ---------------------
    @property
    def number(self) -> str:
        """Stable for a partner, month and scope: the same invoice always has the same number."""
        subscription = self.subscription.subscription_id if self.subscription else "NONE"
        scope = f"-{str(self.sub_partner.pk)[:8].upper()}" if self.sub_partner else ""
        prefix = "EST" if self.is_estimate else "INV"
        return f"{prefix}-{subscription}-{self.month:%Y%m}{scope}"

    @property
    def issue_date(self) -> date:
        """Billed in arrears: issued on the first day after the month (an estimate: today)."""
        if self.is_estimate:
            return usage.today_utc()
        return self.month + timedelta(days=self.days_in_month)

    @property
    def due_date(self) -> date:
        return self.issue_date + timedelta(days=issuer()["payment_terms_days"])

    @property
    def bill_from(self) -> dict:
        return issuer()

    @property
    def bill_to(self) -> dict:
        return {
            "name": self.partner.name,
            "attention": self.sub_partner.name if self.sub_partner else "",
            "subscription": self.subscription.subscription_id if self.subscription else "",
        }

    @property
    def tax_rate(self) -> Decimal:
        return issuer()["tax_rate"]

    @property
    def tax(self) -> Decimal:
        return (self.total * self.tax_rate / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def total_with_tax(self) -> Decimal:
        return self.total + self.tax


def issuer() -> dict:
    """Who bills the partners: the platform operator (``settings.INVOICE_ISSUER`` overrides)."""
    from django.conf import settings

    configured = getattr(settings, "INVOICE_ISSUER", {}) or {}
    return {
        "name": configured.get("name", "Wholesale Portal Operator"),
        "address": configured.get("address", "1 Operator Way, San Jose, CA 95134, United States"),
        "tax_id": configured.get("tax_id", "US-00-0000000"),
        "email": configured.get("email", "billing@portal.example"),
        "payment_terms_days": int(configured.get("payment_terms_days", 30)),
        "tax_rate": Decimal(str(configured.get("tax_rate", "0"))),
    }


def month_start(day: date) -> date:
    return day.replace(day=1)


def recent_months(count: int = 12) -> list[date]:
    """The first days of this month and the months before it, newest first."""
    months = [month_start(usage.today_utc())]
    while len(months) < count:
        months.append(month_start(months[-1] - timedelta(days=1)))
    return months


def invoice(partner: Partner, month: date, sub_partner: Partner | None = None) -> Invoice:
    """The partner's invoice for a month, in arrears: per SKU the prorated licenses
    (user-days / days in the month) × the monthly transfer price. The current month is a
    running estimate up to the last finished day."""
    first = month_start(month)
    days = calendar.monthrange(first.year, first.month)[1]
    last = first + timedelta(days=days - 1)
    today = usage.today_utc()
    is_estimate = last >= today
    end = min(last, usage.last_finished_day())
    subscription = subscription_for(partner)
    result = Invoice(
        partner=partner,
        sub_partner=sub_partner,
        subscription=subscription,
        month=first,
        period_start=first,
        period_end=end if is_estimate else last,
        days_in_month=days,
        is_estimate=is_estimate,
    )
    if subscription is None or end < first:
        return result
    partner_ids = billed_partner_ids(partner, sub_partner)
    if has_rolled_up(first, end):
        totals = (
            billed_usage(partner_ids, first, end)
            .values_list("package")
            .annotate(seconds=Sum("seconds"))
            .order_by("package")
        )
        by_package = {package: int(seconds) for package, seconds in totals}
    else:
        by_package = {}
        for _partner_id, package, seconds in usage.live_package_seconds(partner_ids, first, end):
            by_package[package] = by_package.get(package, 0) + seconds
    skus = skus_by_package(subscription)
    for package, seconds in by_package.items():
        sku = skus.get(package)
        price = sku.transfer_price if sku else None
        # From the exact seconds; rounded once, at the end (licenses 4 places, amount cents).
        month_seconds = Decimal(SECONDS_PER_DAY * days)
        result.lines.append(
            InvoiceLine(
                package=package,
                sku=sku.sku if sku else "",
                description=sku.description if sku else "",
                transfer_price=price,
                user_days=usage.as_quantity(usage.quantity_of(seconds)),
                licenses=(seconds / month_seconds).quantize(LICENSE_QUANTUM, ROUND_HALF_UP),
                amount=(seconds * price / month_seconds).quantize(CENT, ROUND_HALF_UP)
                if price is not None
                else None,
            )
        )
    result.lines.sort(key=lambda line: (line.sku or "~", line.package))
    return result
