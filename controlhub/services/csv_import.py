"""CSV add or modify users (FEATURES CH-2): template, export, preview with per-row validation,
apply. Rows go through the same subscriber services as every other way of adding users.

Preview runs every row for real inside a transaction that is then rolled back, so it reports
exactly what apply would (package limits, duplicate emails or extensions between rows, …).
Apply commits each good row on its own and reports the bad ones.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from controlhub.models import Location, PhoneNumber, Subscriber
from controlhub.selectors import subscriber_list
from controlhub.services import subscribers as subscriber_services
from portal import csv as portal_csv
from portal.audit import Actor
from portal.catalogues import phone_numbers
from portal.errors import ApplicationError
from portal.models import Customer

COLUMNS = [
    ("first_name", "First Name"),
    ("last_name", "Last Name"),
    ("display_name", "Display Name"),
    ("email", "User ID/Email (Required)"),
    ("package", "Package"),
    ("phone_number", "Phone Number"),
    ("extension", "Extension"),
    ("location", "Location"),
]
HEADERS = [header for _, header in COLUMNS]
MAX_ROWS = 1000
MAX_BYTES = 1_000_000

ADD, MODIFY, UNCHANGED = "add", "modify", "no change"


@dataclass
class CsvRow:
    line: int
    values: dict
    action: str = ""
    error: str = ""
    applied: bool = False
    changes: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error


def template_csv() -> str:
    return portal_csv.text(
        [
            HEADERS,
            ["Jane", "Doe", "Jane Doe", "jane.doe@example.com", "webex_calling", "", "2001", ""],
        ]
    )


def export_rows(customer: Customer):
    """The header, then one row per current user, streamed from the database."""
    yield HEADERS
    users = subscriber_list(customer).filter(removed_at__isnull=True).order_by("email")
    for s in users.iterator(chunk_size=500):
        number = getattr(s, "phone_number", None)
        yield [
            s.first_name,
            s.last_name,
            s.display_name,
            s.email,
            s.package,
            number.number if number else "",
            s.extension,
            s.location.name if s.location else "",
        ]


def parse(text: str) -> list[CsvRow]:
    if len(text.encode()) > MAX_BYTES:
        raise ApplicationError("The file is larger than 1 MB; split it into smaller files.")
    reader = portal_csv.reader(text)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ApplicationError("The file is empty.") from None
    positions = {}
    for key, label in COLUMNS:
        names = {label.lower(), label.lower().replace(" (required)", ""), key}
        index = next((i for i, h in enumerate(header) if h in names), None)
        if index is not None:
            positions[key] = index
    if "email" not in positions:
        raise ApplicationError(f"The first line must name the columns: {', '.join(HEADERS)}.")
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        values = {key: (cells[i].strip() if i < len(cells) else "") for key, i in positions.items()}
        rows.append(CsvRow(line=number, values={k: values.get(k, "") for k, _ in COLUMNS}))
        if len(rows) > MAX_ROWS:
            raise ApplicationError(f"A file holds at most {MAX_ROWS} users.")
    if not rows:
        raise ApplicationError("The file has no users in it.")
    return rows


def _apply_row(customer: Customer, actor: Actor, row: CsvRow, locations: dict) -> None:
    v = row.values
    email = v["email"].lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ApplicationError(f"'{v['email']}' is not an email address.") from None
    location = None
    if v["location"]:
        location = locations.get(v["location"].lower())
        if location is None:
            raise ApplicationError(f"There is no location called '{v['location']}'.")
    existing = Subscriber.objects.for_org(customer).current().filter(email=email).first()
    if existing is None:
        if not v["package"]:
            raise ApplicationError("A new user needs a package.")
        row.action = ADD
        subscriber_services.subscriber_provision(
            customer=customer,
            actor=actor,
            email=email,
            package=v["package"],
            first_name=v["first_name"],
            last_name=v["last_name"],
            display_name=v["display_name"],
            primary_phone_number=v["phone_number"],
            extension=v["extension"],
            location=location,
        )
        return
    row.action = MODIFY
    names = {k: v[k] or getattr(existing, k) for k in ("first_name", "last_name", "display_name")}
    if any(names[k] != getattr(existing, k) for k in names):
        row.changes.append("names")
        existing = subscriber_services.subscriber_update_details(
            subscriber=existing, actor=actor, email=existing.email, **names
        )
    if v["package"] and v["package"] != existing.package:
        row.changes.append("package")
        subscriber_services.subscriber_change_package(
            subscriber=existing,
            package=v["package"],
            actor=actor,
            primary_phone_number=v["phone_number"],
            extension=v["extension"],
            location=location,
        )
    elif v["phone_number"] or v["extension"]:
        current = PhoneNumber.objects.filter(subscriber=existing).first()
        wanted = v["phone_number"] or (current.number if current else "")
        if v["phone_number"]:
            country = (location or existing.location or customer).country
            wanted = phone_numbers.e164(wanted, country, field="phone_number")
        extension = v["extension"] or existing.extension
        if wanted != (current.number if current else "") or extension != existing.extension:
            number = None
            if wanted:
                number = PhoneNumber.objects.for_org(customer).filter(number=wanted).first()
                if number is None:
                    raise ApplicationError(f"{wanted} is not in the organization's numbers.")
            row.changes.append("number")
            subscriber_services.subscriber_set_primary_number(
                subscriber=existing, actor=actor, number=number, extension=extension
            )
    if not row.changes:
        row.action = UNCHANGED


def _locations(customer: Customer) -> dict:
    return {loc.name.lower(): loc for loc in Location.objects.for_org(customer)}


class _RollBack(Exception):
    pass


def _run(customer: Customer, actor: Actor, rows: list[CsvRow]) -> None:
    locations = _locations(customer)
    first_line: dict[str, int] = {}
    for row in rows:
        email = row.values["email"].strip().lower()
        if email in first_line:
            # A second row for the same user would silently overwrite the first one.
            row.error = f"{row.values['email']} is already on line {first_line[email]} of the file."
            continue
        first_line[email] = row.line
        try:
            with transaction.atomic():
                _apply_row(customer, actor, row, locations)
            row.applied = True
        except (ApplicationError, ValidationError) as exc:
            row.error = exc.message if isinstance(exc, ApplicationError) else " ".join(exc.messages)


def preview(*, customer: Customer, actor: Actor, text: str) -> list[CsvRow]:
    """What apply would do, row by row, changing nothing."""
    rows = parse(text)
    try:
        with transaction.atomic():
            _run(customer, actor, rows)
            raise _RollBack
    except _RollBack:
        pass
    for row in rows:
        row.applied = False
    return rows


def apply(*, customer: Customer, actor: Actor, text: str) -> list[CsvRow]:
    """Apply every valid row; rows with an error change nothing and are reported."""
    rows = parse(text)
    _run(customer, actor, rows)
    return rows
