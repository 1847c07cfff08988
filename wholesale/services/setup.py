"""Set up customer (FEATURES PH-5): locations, then users with packages and phone numbers.

One transaction: either every location and user is created, or none is and the failing row is
named so the wizard can show the error next to it with everything typed kept.
"""

from dataclasses import dataclass

from django.db import transaction

from controlhub.models import Location
from controlhub.services.locations import location_create
from controlhub.services.subscribers import subscriber_provision
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import Customer


class SetupRowError(ApplicationError):
    """An error belonging to one row of the wizard: ("locations"|"users", index)."""

    def __init__(self, message: str, *, rows: str, index: int):
        super().__init__(message)
        self.rows = rows
        self.index = index


@dataclass
class NewLocation:
    name: str
    address_line1: str
    city: str
    country: str
    timezone: str
    state_or_province: str = ""
    zip_or_postal_code: str = ""


@dataclass
class NewUser:
    first_name: str
    last_name: str
    email: str
    package: str
    #: an existing location's id as text, or "new:<index>" for a location added in this set-up
    location: str
    phone_number: str = ""
    extension: str = ""


@transaction.atomic
def customer_set_up(
    *, customer: Customer, actor: Actor, locations: list[NewLocation], users: list[NewUser]
) -> dict:
    """Create the new locations, then provision every user; returns what was created."""
    if customer.owner.provisioning_refusal:
        raise ApplicationError(customer.owner.provisioning_refusal, status=403)
    created_locations: list[Location] = []
    for index, loc in enumerate(locations):
        try:
            created_locations.append(
                location_create(customer=customer, actor=actor, **loc.__dict__)
            )
        except ApplicationError as exc:
            raise SetupRowError(exc.message, rows="locations", index=index) from exc
    existing = {str(loc.pk): loc for loc in Location.objects.for_org(customer)}
    seen_emails: set[str] = set()
    subscribers = []
    for index, user in enumerate(users):
        email = user.email.strip().lower()
        if email in seen_emails:
            raise SetupRowError(f"{email} is entered twice.", rows="users", index=index)
        seen_emails.add(email)
        if user.location.startswith("new:"):
            try:
                location = created_locations[int(user.location[4:])]
            except (ValueError, IndexError):
                raise SetupRowError("Choose a location.", rows="users", index=index) from None
        else:
            location = existing.get(user.location)
            if location is None:
                raise SetupRowError("Choose a location.", rows="users", index=index)
        try:
            subscribers.append(
                subscriber_provision(
                    customer=customer,
                    actor=actor,
                    email=email,
                    package=user.package,
                    first_name=user.first_name,
                    last_name=user.last_name,
                    primary_phone_number=user.phone_number,
                    extension=user.extension,
                    location=location,
                )
            )
        except ApplicationError as exc:
            raise SetupRowError(exc.message, rows="users", index=index) from exc
    return {"locations": created_locations, "subscribers": subscribers}
