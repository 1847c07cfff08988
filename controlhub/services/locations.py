"""Locations and their number inventory (FEATURES CH-3, CH-4), for the Control Hub Locations
page and /v1/locations (API-7) alike."""

from zoneinfo import available_timezones

from django.db import transaction

from controlhub.models import Location, PhoneNumber, Subscriber
from portal.audit import Actor, audit_record, snapshot
from portal.catalogues import locales, phone_numbers, regions
from portal.errors import ApplicationError, Problem
from portal.integrity import refusing_duplicates
from portal.models import Customer
from portal.models.addresses import ADDRESS_FIELDS, REQUIRED_ADDRESS_FIELDS

LOCATION_FIELDS = [
    "name",
    "is_headquarters",
    *ADDRESS_FIELDS,
    "timezone",
    "language",
    "emergency_location_identifier",
    "pstn_option",
    "pstn_vendor",
    "call_recording_enabled",
]
MAX_RANGE = 1000


def _check_address(address: dict) -> None:
    """A location's address is complete: a known country, an address line and a city."""
    if not regions.is_known(address.get("country")):
        raise ApplicationError("Choose the location's country.", field="country")
    for name in REQUIRED_ADDRESS_FIELDS:
        if not (address.get(name) or "").strip():
            label = Location._meta.get_field(name).verbose_name
            raise ApplicationError(f"The location's {label} is required.", field=name)


def _check_timezone(value: str | None) -> None:
    if value is not None and value not in available_timezones():
        raise ApplicationError(
            f"{value} is not a time zone; use an IANA name such as America/New_York.",
            field="timezone",
        )


@transaction.atomic
def location_create(*, customer: Customer, actor: Actor, **fields) -> Location:
    """Create a location; `fields` are Location fields from LOCATION_FIELDS."""
    unknown = set(fields) - set(LOCATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown location fields: {', '.join(sorted(unknown))}")
    _check_address(fields)
    _check_timezone(fields.get("timezone"))
    fields["country"] = fields["country"].upper()
    fields.setdefault("language", locales.FALLBACK)
    fields["language"] = locales.resolve(fields["language"])
    if Location.objects.for_org(customer).filter(name__iexact=fields.get("name", "")).exists():
        raise ApplicationError(f"{customer.name} already has a location called {fields['name']}.")
    if fields.get("is_headquarters"):
        Location.objects.for_org(customer).update(is_headquarters=False)
    elif not Location.objects.for_org(customer).exists():
        fields["is_headquarters"] = True  # the first location is the headquarters
    location = Location(customer=customer, **fields)
    location.full_clean()
    location.save()
    audit_record(
        actor=actor,
        action="location.create",
        organization=customer,
        target=location,
        after=snapshot(location, LOCATION_FIELDS),
    )
    return location


@transaction.atomic
def location_update(*, location: Location, actor: Actor, **fields) -> Location:
    unknown = set(fields) - set(LOCATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown location fields: {', '.join(sorted(unknown))}")
    location = Location.objects.select_for_update().get(pk=location.pk)
    before = snapshot(location, LOCATION_FIELDS)
    if "language" in fields:
        fields["language"] = locales.resolve(fields["language"])
    if fields.get("country"):
        fields["country"] = fields["country"].upper()
    name = (fields.get("name") or "").strip()
    if (
        name
        and Location.objects.for_org(location.customer)
        .filter(name__iexact=name)
        .exclude(pk=location.pk)
        .exists()
    ):
        raise ApplicationError(f"{location.customer.name} already has a location called {name}.")
    for name, value in fields.items():
        setattr(location, name, value)
    _check_address(location.address)
    _check_timezone(location.timezone)
    location.full_clean()
    location.save()
    audit_record(
        actor=actor,
        action="location.update",
        organization=location.customer,
        target=location,
        before=before,
        after=snapshot(location, LOCATION_FIELDS),
    )
    return location


@transaction.atomic
def location_delete(*, location: Location, actor: Actor) -> None:
    """Delete a location no user and no number uses (409 otherwise, as Webex refuses it); when
    it was the headquarters, the oldest remaining location becomes the headquarters."""
    location = Location.objects.select_for_update().get(pk=location.pk)
    users = Subscriber.objects.filter(location=location).current().count()
    numbers = PhoneNumber.objects.filter(location=location).count()
    if users or numbers:
        raise ApplicationError(
            f"{location.name} is used by {users} users and holds {numbers} numbers; move them "
            "before deleting it.",
            status=409,
        )
    customer = location.customer
    before = snapshot(location, LOCATION_FIELDS)
    was_headquarters = location.is_headquarters
    location.delete()
    if was_headquarters:
        successor = Location.objects.for_org(customer).order_by("created_at", "pk").first()
        if successor is not None:
            successor.is_headquarters = True
            successor.save(update_fields=["is_headquarters"])
    audit_record(actor=actor, action="location.delete", organization=customer, before=before)


def _number_range(first: str, count: int, country: str) -> list[str]:
    """`count` consecutive numbers from `first` (E.164 or national in `country`), each one a
    valid number (the range may not run into another numbering block)."""
    if not 1 <= count <= MAX_RANGE:
        raise ApplicationError(f"Add between 1 and {MAX_RANGE} numbers at a time.")
    start = phone_numbers.e164(first, country, field="first")
    digits = int(start[1:])
    numbers = [f"+{digits + i}" for i in range(count)]
    invalid = [n for n in numbers if len(n) != len(start) or not phone_numbers.is_valid_e164(n)]
    if invalid:
        raise ApplicationError(
            f"The range runs past the valid numbers at {invalid[0]}; add fewer numbers.",
            field="count",
        )
    return numbers


@transaction.atomic
def numbers_add(*, location: Location, actor: Actor, first: str, count: int) -> list[PhoneNumber]:
    """Add a range of numbers to a location's inventory; none of them may exist already."""
    numbers = _number_range(first, count, location.country)
    taken = list(PhoneNumber.objects.filter(number__in=numbers).values_list("number", flat=True))
    if taken:
        shown = ", ".join(taken[:5]) + (" …" if len(taken) > 5 else "")
        raise ApplicationError(f"Already in use: {shown}.", status=409)
    with refusing_duplicates(
        {"unique_phone_number": Problem(None, "Already in use: some of these numbers.", 409)}
    ):
        created = PhoneNumber.objects.bulk_create(
            [PhoneNumber(customer=location.customer, location=location, number=n) for n in numbers]
        )
    audit_record(
        actor=actor,
        action="numbers.add",
        organization=location.customer,
        target=location,
        after={"first": numbers[0], "last": numbers[-1], "count": len(numbers)},
    )
    return created
