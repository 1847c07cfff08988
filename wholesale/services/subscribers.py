"""The subscriber side of the wholesale API (FEATURES API-2, PV-7): the subscriber precheck.
The rules themselves stay in controlhub.services.subscribers."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from controlhub.models import Location
from controlhub.selectors import email_in_use
from controlhub.services import subscribers as subscriber_services
from controlhub.services.subscribers import check_calling_number, subscriber_provision
from portal.audit import Actor
from portal.catalogues import packages
from portal.errors import ApplicationError, Problem
from portal.models import Customer, OnboardingTemplate, Partner
from wholesale.services.offer import raise_if_not_bought


class _DryRun(Exception):
    """Raised to roll back a precheck that went all the way through."""


def subscriber_precheck(**request) -> list[Problem]:
    """The problems provisioning this subscriber would raise (wholesale.services.precheck)."""
    try:
        _check_subscriber(**request)
    except ApplicationError as exc:
        return exc.problems
    return []


def _check_subscriber(
    *,
    partner: Partner,
    email: str,
    package: str | None = None,
    customer: Customer | None = None,
    provisioning_id: str | None = None,
    customer_primary_email: str | None = None,
    first_name: str = "",
    last_name: str = "",
    primary_phone_number: str = "",
    extension: str = "",
    location: Location | None = None,
) -> None:
    """Raise the ApplicationError that provisioning this subscriber would raise; change nothing.

    With a customer the real service runs and is rolled back, so the precheck and the
    provisioning can never disagree. With a provisioning ID (a customer not yet provisioned)
    the template, the email and the package are checked; with neither, only the email.
    """
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ApplicationError(f"'{email}' is not a valid email address.") from None
    if email_in_use(email):
        raise ApplicationError(
            "The email is already associated with an existing user.", status=409, code=10022
        )
    if package:
        raise_if_not_bought(partner, package)
    if customer is not None and not package:
        # The contract's example prechecks a customer and an email alone: the customer must
        # take subscribers; the package is checked when one is given.
        subscriber_services.check_customer_accepts_subscribers(customer)
        return
    if customer is not None:
        try:
            with transaction.atomic():
                subscriber_provision(
                    customer=customer,
                    actor=Actor.system(),
                    email=email,
                    package=package or "",
                    first_name=first_name,
                    last_name=last_name,
                    primary_phone_number=primary_phone_number,
                    extension=extension,
                    location=location,
                )
                raise _DryRun
        except _DryRun:
            return
    if provisioning_id is not None:
        if (
            not OnboardingTemplate.objects.for_org(partner)
            .filter(provisioning_id=provisioning_id)
            .exists()
        ):
            raise ApplicationError("provisioningId does not name one of your templates.")
        if not (customer_primary_email or "").strip():
            raise ApplicationError("customerInfo.primaryEmail is required with a provisioningId.")
    if package:
        try:
            parsed = packages.parse(package)
        except ValueError as exc:
            raise ApplicationError(str(exc)) from None
        if parsed not in packages.SUBSCRIBER_PACKAGES:
            raise ApplicationError(f"{parsed.label} cannot be assigned to a user.")
        check_calling_number(parsed, has_number=bool(primary_phone_number or extension))
