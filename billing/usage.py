"""Usage from package assignment history (BL-2, BL-5): the one place that holds its SQL.

Per subscriber, package and UTC day we store the whole seconds its assignment intervals cover
(timestamps truncated to the second, so back-to-back intervals add up to exactly 86400). A
quantity is always Σ seconds / 86400 (a full day 1, from noon 0.5, three 16-hour days exactly 2),
so every total above a day (user, customer, partner; any period) is an exact sum; rounding to six
decimals happens only when a quantity is shown or written to a report (billing/report_files.py).

Everything is one set-based statement over a generated series of days joined to the intervals;
only the day series and the timestamp arithmetic differ between SQLite and PostgreSQL.
"""

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from billing.models import (
    QUANTITY_QUANTUM,
    SECONDS_PER_DAY,
    DailyUsage,
    MonthlyUsage,
    UsageDay,
    UsageMonth,
    WholesaleSubscription,
)
from controlhub.models import PackageAssignment, Subscriber, Workspace
from portal.models import Customer


def today_utc() -> date:
    return timezone.now().astimezone(UTC).date()


def last_finished_day() -> date:
    return today_utc() - timedelta(days=1)


#: "Never ends" in epoch seconds (9999-12-31), for an open interval.
_OPEN_END = 253402214400


def _vendor_fragments() -> dict[str, str]:
    """Per vendor: the day series, a day's first second and an interval's bounds in whole epoch
    seconds (the fraction truncated), and the interval's text bounds for the prefilter."""
    if connection.vendor == "postgresql":
        return {
            "days": (
                "SELECT gs::date AS day FROM generate_series("
                "%s::date, %s::date, interval '1 day') AS gs"
            ),
            "day_epoch": "EXTRACT(EPOCH FROM (day::timestamp AT TIME ZONE 'UTC'))::bigint",
            "epoch": "EXTRACT(EPOCH FROM date_trunc('second', {ts}))::bigint",
            "before_end": "a.started_at < ((%s::date + 1)::timestamp AT TIME ZONE 'UTC')",
            "after_start": "a.ended_at > (%s::date::timestamp AT TIME ZONE 'UTC')",
            "least": "LEAST",
            "greatest": "GREATEST",
        }
    if connection.vendor == "sqlite":
        return {
            "days": (
                "WITH RECURSIVE series(day) AS (SELECT date(%s) UNION ALL "
                "SELECT date(day, '+1 day') FROM series WHERE day < date(%s)) "
                "SELECT day FROM series"
            ),
            "day_epoch": "CAST(strftime('%%s', day) AS INTEGER)",
            # strftime('%s') is whole seconds since the epoch, the fraction truncated.
            "epoch": "CAST(strftime('%%s', {ts}) AS INTEGER)",
            "before_end": "a.started_at < datetime(%s, '+1 day')",
            "after_start": "a.ended_at > datetime(%s)",
            "least": "min",
            "greatest": "max",
        }
    raise NotImplementedError(
        f"Usage SQL is written for SQLite and PostgreSQL, not {connection.vendor}"
    )


def _usage_rows_sql(*, only_unrolled: bool, billed_only: bool, partner_ids=None) -> str:
    """SELECT day, partner_id, customer_id, subscriber_id, workspace_id, location_id, package,
    seconds for the days between two dates, one row per subscriber or workspace, package and day
    (an assignment holds one of the two, CH-12); its parameters are `_usage_params`.

    The intervals overlapping the period are read once, with their bounds in whole epoch seconds
    and their subscriber's location and customer's owner (one lookup per interval, not per
    interval and day), then joined to the days they overlap: a day's seconds are
    min(end, day end) − max(start, day start) of those integers. Truncating each bound to the
    second before or after taking min/max is the same, so this is the seconds of BL-2 exactly."""
    f = _vendor_fragments()
    a = PackageAssignment._meta.db_table
    s = Subscriber._meta.db_table
    w = Workspace._meta.db_table
    c = Customer._meta.db_table
    marked = UsageDay._meta.db_table
    ws = WholesaleSubscription._meta.db_table
    seconds = f"({f['least']}(a.je, d.hi) - {f['greatest']}(a.js, d.lo))"
    day_where = f" WHERE day NOT IN (SELECT day FROM {marked})" if only_unrolled else ""
    days = (
        f"SELECT day, {f['day_epoch']} AS lo, {f['day_epoch']} + {SECONDS_PER_DAY} AS hi "
        f"FROM ({f['days']}) AS series{day_where}"
    )
    where = [f["before_end"], f"(a.ended_at IS NULL OR {f['after_start']})"]
    billing_start, joins, billed = "", "", ""
    if billed_only:
        billing_start = ", ws.billing_start"
        joins = f" JOIN {ws} ws ON ws.partner_id = c.owner_id"
        billed = " AND d.day >= a.billing_start"
    if partner_ids is not None:
        placeholders = ", ".join(["%s"] * len(partner_ids)) or "NULL"
        where.append(f"c.owner_id IN ({placeholders})")
    started = f["epoch"].format(ts="a.started_at")
    ended = f"COALESCE({f['epoch'].format(ts='a.ended_at')}, {_OPEN_END})"
    intervals = (
        f"SELECT c.owner_id, a.customer_id, a.subscriber_id, a.workspace_id, "
        f"COALESCE(s.location_id, w.location_id) AS location_id, a.package, "
        f"{started} AS js, {ended} AS je{billing_start} "
        f"FROM {a} a LEFT JOIN {s} s ON s.id = a.subscriber_id "
        f"LEFT JOIN {w} w ON w.id = a.workspace_id JOIN {c} c ON c.id = a.customer_id"
        f"{joins} WHERE {' AND '.join(where)}"
    )
    return (
        f"SELECT d.day, a.owner_id, a.customer_id, a.subscriber_id, a.workspace_id, "
        f"a.location_id, a.package, SUM({seconds}) AS seconds "
        f"FROM ({days}) AS d JOIN ({intervals}) AS a ON a.js < d.hi AND a.je > d.lo{billed} "
        # In the order of DailyUsage's unique index, which the inserted rows then extend.
        f"GROUP BY a.owner_id, d.day, a.subscriber_id, a.package, a.workspace_id, a.customer_id, "
        f"a.location_id "
        f"HAVING SUM({seconds}) > 0"
    )


def date_param(value: date):
    return value.isoformat() if connection.vendor == "sqlite" else value


def _usage_params(start: date, end: date, partner_ids=()) -> list:
    """The parameters of `_usage_rows_sql` for the days [start, end] (and its partners)."""
    ids = [uuid.UUID(str(p)) for p in partner_ids]
    if connection.vendor == "sqlite":
        ids = [p.hex for p in ids]  # Django stores UUIDs as 32 hex characters there
    return [date_param(start), date_param(end), date_param(end), date_param(start), *ids]


def _lock_roll_up() -> None:
    """Serialize roll-ups so two workers never insert the same day twice. SQLite transactions
    are already serialized (settings: IMMEDIATE); PostgreSQL takes a transaction lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [7_202_407])


@transaction.atomic
def roll_up(start: date, end: date) -> int:
    """Store the usage of every finished day in [start, end] that is not stored yet.

    Idempotent: a day already rolled up is left as it is, so running it again (or twice at
    once) changes nothing. Returns the number of days rolled up now.
    """
    end = min(end, last_finished_day())
    if start > end:
        return 0
    _lock_roll_up()
    todo = set(_days(start, end)) - set(
        UsageDay.objects.filter(day__range=(start, end)).values_list("day", flat=True)
    )
    if todo:
        _insert_days(todo)
    sum_months(start, end)
    return len(todo)


def _insert_days(todo: set[date]) -> None:
    d = DailyUsage._meta
    columns = ", ".join(
        d.get_field(name).column
        for name in (
            "day",
            "partner",
            "customer",
            "subscriber",
            "workspace",
            "location",
            "package",
            "seconds",
        )
    )
    # The new rows are the ones above the highest id so far: counting them needs no index on
    # the day (every stored query starts with the partner).
    last_id = DailyUsage.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {d.db_table} ({columns}) "
            + _usage_rows_sql(only_unrolled=True, billed_only=False),
            _usage_params(min(todo), max(todo)),
        )
    counts = dict(
        DailyUsage.objects.filter(id__gt=last_id)
        .values_list("day")
        .order_by("day")
        .annotate(n=Count("id"))
    )
    UsageDay.objects.bulk_create(
        [UsageDay(day=day, rows=counts.get(day, 0)) for day in sorted(todo)],
        ignore_conflicts=True,
    )


# --- Monthly summaries (issue 17) ---------------------------------------------------------------

#: The columns a month's DailyUsage rows are summed by into MonthlyUsage (and a report reads
#: from either table): the ids and the package.
SUMMARY_KEYS = [
    "partner_id",
    "customer_id",
    "subscriber_id",
    "workspace_id",
    "location_id",
    "package",
]


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def months(start: date, end: date):
    """The first day of every month that [start, end] touches."""
    month = month_start(start)
    while month <= end:
        yield month
        month = month_end(month) + timedelta(days=1)


def sum_months(start: date, end: date) -> int:
    """Sum into MonthlyUsage each month touching [start, end] whose days are all rolled up and
    that is not summed yet; returns how many were. Runs inside roll_up, under its lock, so a
    month is summed once: its UsageMonth row (a primary key) is written before its rows."""
    summed = 0
    done = set(
        UsageMonth.objects.filter(month__range=(month_start(start), end)).values_list(
            "month", flat=True
        )
    )
    for month in months(start, end):
        last = month_end(month)
        if month in done or last > last_finished_day():
            continue
        if UsageDay.objects.filter(day__range=(month, last)).count() != last.day:
            continue  # a day of it is not rolled up yet
        marker = UsageMonth.objects.create(month=month)
        m, d = MonthlyUsage._meta, DailyUsage._meta
        keys = ", ".join(SUMMARY_KEYS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {m.db_table} (month, {keys}, seconds, first_day, last_day) "
                f"SELECT %s, {keys}, SUM(seconds), MIN(day), MAX(day) FROM {d.db_table} "
                f"WHERE day BETWEEN %s AND %s GROUP BY {keys}",
                [date_param(month), date_param(month), date_param(last)],
            )
            marker.rows = max(cursor.rowcount, 0)
        marker.save(update_fields=["rows"])
        summed += 1
    return summed


def summed_months(start: date, end: date) -> set[date]:
    return set(
        UsageMonth.objects.filter(month__range=(month_start(start), end)).values_list(
            "month", flat=True
        )
    )


def usage_segments(first: date, end: date, summed: set[date]):
    """[first, end] as ("month", month) for each whole month that is summed and ("days", a, b)
    for the rest (runs of consecutive days merged), in order."""
    segments: list[tuple] = []
    for month in months(first, end):
        a, b = max(first, month), min(end, month_end(month))
        if a == month and b == month_end(month) and month in summed:
            segments.append(("month", month))
        elif segments and segments[-1][0] == "days" and segments[-1][2] + timedelta(days=1) == a:
            segments[-1] = ("days", segments[-1][1], b)
        else:
            segments.append(("days", a, b))
    return segments


@transaction.atomic
def redo(start: date, end: date) -> int:
    """Forget and roll up again the stored days in [start, end]: only for history written after
    the fact (imports, the scale benchmark's seed_scale), since stored days are otherwise final."""
    _lock_roll_up()
    DailyUsage.objects.filter(day__range=(start, end)).delete()
    UsageDay.objects.filter(day__range=(start, end)).delete()
    # A month any redone day belongs to is summed again from its new days.
    touched = list(months(start, end))
    MonthlyUsage.objects.filter(month__in=touched).delete()
    UsageMonth.objects.filter(month__in=touched).delete()
    return roll_up(start, end)


def first_usage_day() -> date | None:
    first = PackageAssignment.objects.order_by("started_at").values_list("started_at", flat=True)
    started = first.first()
    return started.astimezone(UTC).date() if started else None


def roll_up_finished_days(*, max_days: int = 31) -> int:
    """The daily task's unit of work: roll up the oldest finished days not stored yet, at most
    `max_days` of them (bounded work per transaction); returns how many were rolled up."""
    first, last = first_usage_day(), last_finished_day()
    if first is None or first > last:
        return 0
    stored = set(UsageDay.objects.filter(day__range=(first, last)).values_list("day", flat=True))
    todo = [day for day in _days(first, last) if day not in stored][:max_days]
    if not todo:
        return 0
    return roll_up(todo[0], todo[-1])


def live_package_totals(partner_ids: list, start: date, end: date) -> list[tuple]:
    """(partner_id, package, quantity) straight from the intervals, billed days only: for the
    current month's running estimate, before the days are rolled up."""
    return [
        (partner_id, package, quantity_of(seconds))
        for partner_id, package, seconds in live_package_seconds(partner_ids, start, end)
    ]


def live_package_seconds(partner_ids: list, start: date, end: date) -> list[tuple]:
    """(partner_id, package, seconds): what live_package_totals reports, in exact seconds."""
    end = min(end, last_finished_day())
    if start > end or not partner_ids:
        return []
    sql = (
        "SELECT u.owner_id, u.package, SUM(u.seconds) FROM ("
        + _usage_rows_sql(only_unrolled=False, billed_only=True, partner_ids=partner_ids)
        + ") AS u GROUP BY u.owner_id, u.package"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, _usage_params(start, end, partner_ids))
        return [
            (uuid.UUID(str(partner_id)), package, int(seconds or 0))
            for partner_id, package, seconds in cursor.fetchall()
        ]


def quantity_of(seconds) -> Decimal:
    """Days of use from covered seconds, unrounded: 172800 → 2, 43200 → 0.5, 57600 → 0.666…"""
    return Decimal(int(seconds or 0)) / SECONDS_PER_DAY


def as_quantity(value) -> Decimal:
    """A quantity rounded to six decimals for display and report files only."""
    return Decimal(str(value or 0)).quantize(QUANTITY_QUANTUM)


def _days(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return start, start + timedelta(days=1)
