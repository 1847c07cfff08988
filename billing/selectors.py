"""Billing reads: subscriptions, report lists, report rows and invoices. No N+1: every list is
one query whatever its length."""

import calendar
import functools
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import F, Prefetch, Sum

from billing import usage
from billing.models import (
    SECONDS_PER_DAY,
    BillingReport,
    DailyUsage,
    MonthlyUsage,
    OneTimeCharge,
    OneTimeItem,
    ReportType,
    Sku,
    SkuPrice,
    UsageDay,
    WholesaleSubscription,
)
from controlhub.models import Subscriber, Workspace
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


#: (first day, monthly transfer price) in date order, per package: the SKU's price from the
#: start, then each SkuPrice change (OP-1).
PriceSchedule = dict[str, list[tuple[date, Decimal]]]


def _schedules(price_list_ids: list) -> dict:
    """{price list subscription id: PriceSchedule} in two queries."""
    schedules: dict = {pk: {} for pk in price_list_ids}
    skus = Sku.objects.filter(subscription_id__in=price_list_ids).prefetch_related(
        Prefetch("price_changes", queryset=SkuPrice.objects.order_by("effective_from"))
    )
    for sku in skus:
        entries = [(date.min, sku.transfer_price)]
        entries += [(c.effective_from, c.transfer_price) for c in sku.price_changes.all()]
        schedules[sku.subscription_id][sku.package] = entries
    return schedules


def price_schedule(subscription: WholesaleSubscription | None) -> PriceSchedule:
    if subscription is None:
        return {}
    return _schedules([subscription.price_list.pk])[subscription.price_list.pk]


def price_on(entries: list[tuple[date, Decimal]], day: date) -> Decimal:
    price = entries[0][1]
    for start, value in entries:
        if start > day:
            break
        price = value
    return price


def price_segments(first: date, end: date, schedules) -> list[tuple[date, date]]:
    """[first, end] cut at every day a price changes, so each piece has one price per SKU."""
    cuts = sorted(
        {
            start
            for schedule in schedules
            for entries in schedule.values()
            for start, _ in entries
            if first < start <= end
        }
    )
    bounds = [first, *cuts]
    return [
        (start, (bounds[i + 1] - timedelta(days=1)) if i + 1 < len(bounds) else end)
        for i, start in enumerate(bounds)
    ]


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
        .order_by("billing_start_date", "-created_at", "id")
    )


def report_get(partner, report_id):
    """One of the partner's (a Partner or its id) reports by its id (Webex-style or a UUID),
    or None. Its CSV stays in storage until `report.file` is opened."""
    report_id = ids.decode(ids.REPORT, str(report_id or ""))
    if report_id is None:
        return None
    partner_id = partner.pk if isinstance(partner, Partner) else partner
    reports = BillingReport.objects.filter(partner_id=partner_id).select_related(
        "sub_partner", "created_by"
    )
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
        "workspace_id",
        "workspace__name",
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
        "workspace__name",
        "workspace_id",
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
    "workspace__name": ("w", "name"),
}


def report_usage_rows(report: BillingReport):
    """The report's rows (dicts keyed as _GROUPS, plus seconds, first_day and last_day): usage
    summed per partner / customer and location / user, per package, with the first and last day
    of use in the period, in _ORDERS. One query, streamed.

    Whole months of the period that are summed (MonthlyUsage) are read from their summary, one
    row per subscriber and package, and only the remaining days from DailyUsage (issue 17).
    The stored rows are summed first and the names joined to the sums afterwards: a 30-day USER
    report of 200,000 subscribers sums millions of day rows into 200,000, and joining customer and
    subscriber to every day's row was most of its time."""
    partner_ids = billed_partner_ids(report.partner, report.sub_partner)
    report_type = ReportType(report.type)
    group = _GROUPS[report_type]
    keys = [name for name in group if name not in _NAMES]  # the ids and the package
    starts = WholesaleSubscription.objects.filter(partner_id__in=partner_ids).values_list(
        "partner_id", "billing_start"
    )
    summed = usage.summed_months(report.billing_start_date, report.billing_end_date)
    month_where, month_params, day_where, day_params = [], [], [], []
    charge_where, charge_params = [], []
    for partner_id, billing_start in starts:
        first = max(report.billing_start_date, billing_start)
        if first > report.billing_end_date:
            continue
        # One-time charges (PH-11) on their day: one unit is one day's quantity.
        charge_where.append("(partner_id = %s AND day BETWEEN %s AND %s)")
        charge_params += [
            _db_uuid(partner_id),
            *map(usage.date_param, (first, report.billing_end_date)),
        ]
        # Whole summed months come from MonthlyUsage, the other days from DailyUsage.
        for segment in usage.usage_segments(first, report.billing_end_date, summed):
            if segment[0] == "month":
                month_where.append("(partner_id = %s AND month = %s)")
                month_params += [_db_uuid(partner_id), usage.date_param(segment[1])]
            else:
                day_where.append("(partner_id = %s AND day BETWEEN %s AND %s)")
                day_params += [_db_uuid(partner_id), *map(usage.date_param, segment[1:])]
    if not month_where and not day_where:
        return
    parts, params = [], [*month_params, *day_params, *charge_params]
    if month_where:
        parts.append(
            f"SELECT {', '.join(keys)}, seconds, first_day, last_day "
            f"FROM {MonthlyUsage._meta.db_table} WHERE {' OR '.join(month_where)}"
        )
    if day_where:
        parts.append(
            f"SELECT {', '.join(keys)}, seconds, day AS first_day, day AS last_day "
            f"FROM {DailyUsage._meta.db_table} WHERE {' OR '.join(day_where)}"
        )
    if charge_where:
        parts.append(
            f"SELECT {', '.join(_CHARGE_COLUMNS[name] for name in keys)}, "
            f"quantity * {SECONDS_PER_DAY} AS seconds, day AS first_day, day AS last_day "
            f"FROM {OneTimeCharge._meta.db_table} WHERE {' OR '.join(charge_where)}"
        )
    joins = [f"JOIN {Partner._meta.db_table} p ON p.id = u.partner_id"]
    if "customer_id" in group:
        joins.append(f"JOIN {Customer._meta.db_table} c ON c.id = u.customer_id")
    if "subscriber_id" in group:
        # A USER row is a user's or a workspace's (CH-12): one of the two is NULL.
        joins.append(f"LEFT JOIN {Subscriber._meta.db_table} s ON s.id = u.subscriber_id")
        joins.append(f"LEFT JOIN {Workspace._meta.db_table} w ON w.id = u.workspace_id")

    def column(name):
        return "{}.{}".format(*_NAMES[name]) if name in _NAMES else f"u.{name}"

    sql = (
        f"SELECT {', '.join(column(name) for name in group)}, u.seconds, u.first_day, u.last_day "
        f"FROM (SELECT {', '.join(keys)}, SUM(seconds) AS seconds, MIN(first_day) AS first_day, "
        f"MAX(last_day) AS last_day FROM ({' UNION ALL '.join(parts)}) AS usage_rows "
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


#: A one-time charge's columns in the report's union: no user or workspace; its item is the
#: "package" its SKU is found by.
_CHARGE_COLUMNS = {
    "partner_id": "partner_id",
    "customer_id": "customer_id",
    "location_id": "location_id",
    "subscriber_id": "NULL",
    "workspace_id": "NULL",
    "package": "item",
}


def _db_uuid(value):
    return value if connection.features.has_native_uuid_field else value.hex


def _as_uuid(value):
    return value if value is None or isinstance(value, uuid.UUID) else _uuid_of(value)


@functools.lru_cache(maxsize=4096)
def _uuid_of(text: str) -> uuid.UUID:
    # Cached: SQLite returns a report's repeated partner, customer and location ids as text.
    return uuid.UUID(text)


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
    #: Price changes inside the period: (first day, price); transfer_price is the last one's.
    prices: list = field(default_factory=list)
    #: A one-time item (PH-11): units, each at its price; not prorated over the month.
    one_time: bool = False

    @property
    def service_name(self) -> str:
        return self.package.upper()

    @property
    def package_label(self) -> str:
        try:
            return Package(self.package).label
        except ValueError:
            pass
        try:
            return OneTimeItem(self.package).label
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


def _package_seconds(partner_ids: list, start: date, end: date, rolled_up: bool) -> dict:
    """{package: seconds} billed in [start, end]: the stored days, or live from the intervals
    when the period is not rolled up yet (the running estimate)."""
    if rolled_up:
        totals = (
            billed_usage(partner_ids, start, end)
            .values_list("package")
            .annotate(seconds=Sum("seconds"))
            .order_by("package")
        )
        return {package: int(seconds) for package, seconds in totals}
    by_package: dict[str, int] = {}
    for _partner_id, package, seconds in usage.live_package_seconds(partner_ids, start, end):
        by_package[package] = by_package.get(package, 0) + seconds
    return by_package


def invoice(partner: Partner, month: date, sub_partner: Partner | None = None) -> Invoice:
    """The partner's invoice for a month, in arrears: per SKU the prorated licenses
    (user-days / days in the month) × the monthly transfer price, each day at the price in
    force that day (SkuPrice). The current month is a running estimate up to the last
    finished day."""
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
    rolled_up = has_rolled_up(first, end)
    skus = skus_by_package(subscription)
    schedule = price_schedule(subscription)
    seconds_by: dict[str, int] = {}
    # Exact (seconds × price) per package, each day at the price in force that day.
    priced_by: dict[str, Decimal] = {}
    for start, stop in price_segments(first, end, [schedule]):
        for package, seconds in _package_seconds(partner_ids, start, stop, rolled_up).items():
            seconds_by[package] = seconds_by.get(package, 0) + seconds
            if package in schedule:
                price = price_on(schedule[package], start)
                priced_by[package] = priced_by.get(package, Decimal(0)) + seconds * price
    month_seconds = Decimal(SECONDS_PER_DAY * days)
    for package, seconds in seconds_by.items():
        sku = skus.get(package)
        entries = schedule.get(package)
        # From the exact seconds; rounded once, at the end (licenses 4 places, amount cents).
        result.lines.append(
            InvoiceLine(
                package=package,
                sku=sku.sku if sku else "",
                description=sku.description if sku else "",
                transfer_price=price_on(entries, result.period_end) if entries else None,
                user_days=usage.as_quantity(usage.quantity_of(seconds)),
                licenses=(seconds / month_seconds).quantize(LICENSE_QUANTUM, ROUND_HALF_UP),
                amount=(priced_by[package] / month_seconds).quantize(CENT, ROUND_HALF_UP)
                if package in priced_by
                else None,
                prices=[(day, price) for day, price in entries or [] if first < day <= end],
            )
        )
    result.lines += _one_time_lines(partner_ids, first, end, skus, schedule)
    result.lines.sort(key=lambda line: (line.sku or "~", line.package))
    return result


def one_time_charges(partner_ids: list, start: date, end: date):
    """One-time charges (PH-11) of these partners in [start, end], from each one's billing
    start, as the reports count them."""
    return OneTimeCharge.objects.filter(
        partner_id__in=partner_ids,
        day__range=(start, end),
        day__gte=F("partner__wholesale_subscription__billing_start"),
    )


def _one_time_lines(partner_ids, first, end, skus, schedule) -> list:
    """One invoice line per one-time item: its units, each at the price in force on its day."""
    units: dict[str, int] = {}
    amounts: dict[str, Decimal] = {}
    rows = (
        one_time_charges(partner_ids, first, end)
        .values_list("item", "day")
        .annotate(units=Sum("quantity"))
        .order_by("item", "day")
    )
    for item, day, count in rows:
        units[item] = units.get(item, 0) + count
        if item in schedule:
            amounts[item] = amounts.get(item, Decimal(0)) + count * price_on(schedule[item], day)
    lines = []
    for item, count in units.items():
        sku, entries = skus.get(item), schedule.get(item)
        lines.append(
            InvoiceLine(
                package=item,
                sku=sku.sku if sku else "",
                description=sku.description if sku else "",
                transfer_price=price_on(entries, end) if entries else None,
                user_days=usage.as_quantity(Decimal(count)),
                licenses=Decimal(count).quantize(LICENSE_QUANTUM),
                amount=amounts[item].quantize(CENT, ROUND_HALF_UP) if item in amounts else None,
                prices=[(day, price) for day, price in entries or [] if first < day <= end],
                one_time=True,
            )
        )
    return lines


def month_estimates(partners: list[Partner], month: date) -> dict:
    """Each top-level partner's running invoice total for `month` (its sub-partners' usage
    included, each day at that day's price), in a fixed number of queries whatever the number
    of partners: the operator's partner list."""
    first = month_start(month)
    days = calendar.monthrange(first.year, first.month)[1]
    end = min(first + timedelta(days=days - 1), usage.last_finished_day())
    totals = {partner.pk: Decimal("0.00") for partner in partners}
    if end < first or not partners:
        return totals
    top_of = {partner.pk: partner.pk for partner in partners}
    top_of.update(dict(Partner.objects.filter(parent__in=partners).values_list("pk", "parent_id")))
    price_lists = dict(
        WholesaleSubscription.objects.filter(partner__in=partners, parent__isnull=True).values_list(
            "pk", "partner_id"
        )
    )
    by_partner = {
        partner_id: schedule
        for pk, schedule in _schedules(list(price_lists)).items()
        for partner_id in [price_lists[pk]]
    }
    exact: dict = {}
    for start, stop in price_segments(first, end, by_partner.values()):
        for owner_id, package, seconds in usage.live_package_seconds(list(top_of), start, stop):
            top = top_of[_as_uuid(owner_id)]
            entries = by_partner.get(top, {}).get(package)
            if entries:
                exact[top] = exact.get(top, Decimal(0)) + seconds * price_on(entries, start)
    month_seconds = Decimal(SECONDS_PER_DAY * days)
    charges = one_time_charges(list(top_of), first, end).values_list("partner_id", "item", "day")
    for owner_id, item, day, units in charges.annotate(units=Sum("quantity")):
        top = top_of[_as_uuid(owner_id)]
        entries = by_partner.get(top, {}).get(item)
        if entries:
            price = price_on(entries, day)
            exact[top] = exact.get(top, Decimal(0)) + units * price * month_seconds
    for top, amount in exact.items():
        totals[top] = (amount / month_seconds).quantize(CENT, ROUND_HALF_UP)
    return totals
