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
    UsageDay,
    WholesaleSubscription,
)
from controlhub.models import PackageAssignment, Subscriber
from portal.models import Customer


def today_utc() -> date:
    return timezone.now().astimezone(UTC).date()


def last_finished_day() -> date:
    return today_utc() - timedelta(days=1)


def _vendor_fragments() -> dict[str, str]:
    if connection.vendor == "postgresql":
        return {
            "days": (
                "SELECT gs::date AS day FROM generate_series("
                "%s::date, %s::date, interval '1 day') AS gs"
            ),
            "day_start": "(d.day::timestamp AT TIME ZONE 'UTC')",
            "day_end": "((d.day + 1)::timestamp AT TIME ZONE 'UTC')",
            "seconds": (
                "(EXTRACT(EPOCH FROM date_trunc('second', {hi}))::bigint"
                " - EXTRACT(EPOCH FROM date_trunc('second', {lo}))::bigint)"
            ),
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
            "day_start": "datetime(d.day)",
            "day_end": "datetime(d.day, '+1 day')",
            # strftime('%s') is whole seconds since the epoch, the fraction truncated.
            "seconds": (
                "(CAST(strftime('%%s', {hi}) AS INTEGER) - CAST(strftime('%%s', {lo}) AS INTEGER))"
            ),
            "least": "min",
            "greatest": "max",
        }
    raise NotImplementedError(
        f"Usage SQL is written for SQLite and PostgreSQL, not {connection.vendor}"
    )


def _usage_rows_sql(*, only_unrolled: bool, billed_only: bool, partner_ids=None) -> str:
    """SELECT day, partner_id, customer_id, subscriber_id, location_id, package, seconds for the
    days between the two date parameters, one row per subscriber, package and day."""
    f = _vendor_fragments()
    a = PackageAssignment._meta.db_table
    s = Subscriber._meta.db_table
    c = Customer._meta.db_table
    marked = UsageDay._meta.db_table
    ws = WholesaleSubscription._meta.db_table
    day_start, day_end = f["day_start"], f["day_end"]
    hi = f"{f['least']}(COALESCE(a.ended_at, {day_end}), {day_end})"
    lo = f"{f['greatest']}(a.started_at, {day_start})"
    seconds = f["seconds"].format(hi=hi, lo=lo)
    where = []
    joins = ""
    if only_unrolled:
        where.append(f"d.day NOT IN (SELECT day FROM {marked})")
    if billed_only:
        joins = f" JOIN {ws} ws ON ws.partner_id = c.owner_id AND d.day >= ws.billing_start"
    if partner_ids is not None:
        placeholders = ", ".join(["%s"] * len(partner_ids)) or "NULL"
        where.append(f"c.owner_id IN ({placeholders})")
    where_sql = f"WHERE {' AND '.join(where)}" if where else ""
    return (
        f"SELECT d.day, c.owner_id, a.customer_id, a.subscriber_id, s.location_id, a.package, "
        f"SUM({seconds}) AS seconds "
        f"FROM ({f['days']}) AS d "
        f"JOIN {a} a ON a.started_at < {day_end} "
        f"AND (a.ended_at IS NULL OR a.ended_at > {day_start}) "
        f"JOIN {s} s ON s.id = a.subscriber_id "
        f"JOIN {c} c ON c.id = a.customer_id{joins} "
        f"{where_sql} "
        f"GROUP BY d.day, c.owner_id, a.customer_id, a.subscriber_id, s.location_id, a.package "
        f"HAVING SUM({seconds}) > 0"
    )


def _date_param(value: date):
    return value.isoformat() if connection.vendor == "sqlite" else value


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
    if not todo:
        return 0
    d = DailyUsage._meta
    columns = ", ".join(
        d.get_field(name).column
        for name in ("day", "partner", "customer", "subscriber", "location", "package", "seconds")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {d.db_table} ({columns}) "
            + _usage_rows_sql(only_unrolled=True, billed_only=False),
            [_date_param(min(todo)), _date_param(max(todo))],
        )
    counts = dict(
        DailyUsage.objects.filter(day__in=todo)
        .values_list("day")
        .order_by("day")
        .annotate(n=Count("id"))
    )
    UsageDay.objects.bulk_create(
        [UsageDay(day=day, rows=counts.get(day, 0)) for day in sorted(todo)],
        ignore_conflicts=True,
    )
    return len(todo)


@transaction.atomic
def redo(start: date, end: date) -> int:
    """Forget and roll up again the stored days in [start, end]: only for history written after
    the fact (imports, the scale benchmark's seed_scale), since stored days are otherwise final."""
    _lock_roll_up()
    DailyUsage.objects.filter(day__range=(start, end)).delete()
    UsageDay.objects.filter(day__range=(start, end)).delete()
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
    ids = [uuid.UUID(str(p)) for p in partner_ids]
    if connection.vendor == "sqlite":
        ids = [p.hex for p in ids]  # Django stores UUIDs as 32 hex characters there
    params = [_date_param(start), _date_param(end), *ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
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
