"""Locations and their number inventory (FEATURES CH-3, CH-4)."""

from django.db import transaction

from controlhub.models import Location, PhoneNumber
from portal.audit import Actor, audit_record, snapshot
from portal.catalogues import locales, regions
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


@transaction.atomic
def location_create(*, customer: Customer, actor: Actor, **fields) -> Location:
    """Create a location; `fields` are Location fields from LOCATION_FIELDS."""
    unknown = set(fields) - set(LOCATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown location fields: {', '.join(sorted(unknown))}")
    _check_address(fields)
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
    for name, value in fields.items():
        setattr(location, name, value)
    _check_address(location.address)
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


def _number_range(first: str, count: int) -> list[str]:
    digits = first.strip().replace(" ", "").replace("-", "")
    if not digits.startswith("+") or not digits[1:].isdigit() or not 8 <= len(digits) <= 16:
        raise ApplicationError("Enter the first number in E.164 form, e.g. +14155550100.")
    if not 1 <= count <= MAX_RANGE:
        raise ApplicationError(f"Add between 1 and {MAX_RANGE} numbers at a time.")
    start = int(digits[1:])
    width = len(digits) - 1
    numbers = [f"+{start + i:0{width}d}" for i in range(count)]
    if len(numbers[-1]) != len(digits):
        raise ApplicationError("The range runs past the end of the numbering plan.")
    return numbers


@transaction.atomic
def numbers_add(*, location: Location, actor: Actor, first: str, count: int) -> list[PhoneNumber]:
    """Add a range of numbers to a location's inventory; none of them may exist already."""
    numbers = _number_range(first, count)
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
