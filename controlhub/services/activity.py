"""Import of daily per-user activity (FEATURES PH-9): the usage the Overview's charts show.

The CSV format (docs/features.md, PH-9), one row per user and UTC day, header required, columns
in any order:

    date,email,callsPlaced,callsReceived,meetingsHosted,meetingsJoined,minutes
    2026-12-01,jane.doe@example.com,4,2,1,0,37

`date` is YYYY-MM-DD and not after today (UTC); `email` is a current user of one of the
customers in scope; the counts are whole numbers ≥ 0 (an empty count is 0). Every row is
checked: a bad row is reported with its line and reason and the good rows are kept. A row for
a user and day already stored replaces it, so importing a file again changes nothing.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from controlhub.models import Subscriber, SubscriberActivity
from portal import csv as portal_csv
from portal.audit import Actor, audit_record
from portal.errors import ApplicationError

COUNTS = {
    "callsPlaced": "calls_placed",
    "callsReceived": "calls_received",
    "meetingsHosted": "meetings_hosted",
    "meetingsJoined": "meetings_joined",
    "minutes": "minutes",
}
HEADERS = ["date", "email", *COUNTS]
MAX_ROWS = 100_000
MAX_COUNT = 1_000_000


@dataclass
class ActivityImport:
    imported: int = 0
    #: (line, reason) for every refused row.
    errors: list = field(default_factory=list)
    days: set = field(default_factory=set)


def template_csv() -> str:
    return portal_csv.text([HEADERS, ["2026-12-01", "jane.doe@example.com", 4, 2, 1, 0, 37]])


def _parse_day(text: str, today: date) -> date:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"date “{text}” is not a date (YYYY-MM-DD)") from None
    if len(text.strip()) != 10:
        raise ValueError(f"date “{text}” is not a date (YYYY-MM-DD)")
    if day > today:
        raise ValueError(f"date {day} is in the future")
    return day


def _parse_count(header: str, text: str) -> int:
    text = (text or "").strip()
    if not text:
        return 0
    if not text.lstrip("-").isdigit():
        raise ValueError(f"{header} “{text}” is not a whole number")
    value = int(text)
    if value < 0:
        raise ValueError(f"{header} is negative ({value})")
    if value > MAX_COUNT:
        raise ValueError(f"{header} is too large ({value})")
    return value


@transaction.atomic
def activity_import(
    *, content: str, subscribers, actor: Actor, organization, today: date | None = None
) -> ActivityImport:
    """Store the file's good rows (upserting each user's day) and report the bad ones.

    `subscribers` is the queryset of users the importer may report on (a partner's customers'
    users); an email outside it is an unknown user. The import is audited on `organization`.
    """
    today = today or timezone.now().date()
    rows = portal_csv.reader(content)
    header = [h.strip() for h in next(rows, [])]
    missing = [h for h in HEADERS if h not in header]
    if missing:
        raise ApplicationError(
            f"The file's first line must name the columns {', '.join(HEADERS)}; "
            f"missing: {', '.join(missing)}.",
            field="file",
        )
    index = {h: header.index(h) for h in HEADERS}
    result = ActivityImport()
    parsed = []  # (line, email, day, counts)
    seen = {}
    for line, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        if line - 1 > MAX_ROWS:
            raise ApplicationError(f"The file has more than {MAX_ROWS} rows.", field="file")
        cell = {h: (cells[i] if i < len(cells) else "") for h, i in index.items()}
        email = cell["email"].strip().lower()
        try:
            if not email:
                raise ValueError("email is empty")
            day = _parse_day(cell["date"], today)
            counts = {name: _parse_count(h, cell[h]) for h, name in COUNTS.items()}
        except ValueError as error:
            result.errors.append((line, str(error)))
            continue
        if (email, day) in seen:
            result.errors.append((line, f"{email} on {day} is already on line {seen[email, day]}"))
            continue
        seen[email, day] = line
        parsed.append((line, email, day, counts))
    known = dict(
        subscribers.filter(removed_at__isnull=True, email__in={email for _, email, _, _ in parsed})
        .order_by()
        .values_list("email", "pk")
    )
    customer_of = dict(
        Subscriber.objects.filter(pk__in=known.values()).values_list("pk", "customer_id")
    )
    known = {email.lower(): pk for email, pk in known.items()}
    records = []
    for line, email, day, counts in parsed:
        pk = known.get(email)
        if pk is None:
            result.errors.append((line, f"{email} is not a current user of your customers"))
            continue
        records.append(
            SubscriberActivity(subscriber_id=pk, customer_id=customer_of[pk], day=day, **counts)
        )
        result.days.add(day)
    SubscriberActivity.objects.bulk_create(
        records,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["subscriber", "day"],
        update_fields=list(COUNTS.values()),
    )
    result.imported = len(records)
    result.errors.sort()
    audit_record(
        actor=actor,
        action="activity.import",
        organization=organization,
        after={
            "imported": result.imported,
            "refused": len(result.errors),
            "days": sorted(str(d) for d in result.days)[:31],
        },
    )
    return result
