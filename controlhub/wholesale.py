"""The subscriber side of the wholesale API (FEATURES API-2, PV-7): scoped reads and the
subscriber precheck. The rules themselves stay in controlhub.services."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q

from controlhub.models import Location, Subscriber
from controlhub.selectors import email_in_use
from controlhub.services import subscriber_provision
from portal.audit import Actor
from portal.catalogues import packages
from portal.errors import ApplicationError
from portal.models import Customer, CustomerOffer, OnboardingTemplate, Partner


def wholesale_customers(partner: Partner):
    return Customer.objects.filter(owner=partner, offer=CustomerOffer.WHOLESALE)


def wholesale_subscribers(partner: Partner, *, walk: bool = False):
    """Current subscribers of a partner's wholesale customers.

    `walk` for a page in an indexed order (created, last status change) of a partner with many
    customers: each subscriber is checked on its own (EXISTS), so the database walks the order's
    index and stops at the page's end, instead of gathering all the partner's subscribers and
    sorting them (0.3 s for 160,000 on SQLite). For a partner with few subscribers the walk would
    pass over everyone else's: see holds_many_customers."""
    customers = wholesale_customers(partner)
    if walk:
        subscribers = Subscriber.objects.filter(
            Exists(customers.filter(pk=OuterRef("customer_id")))
        )
    else:
        subscribers = Subscriber.objects.filter(customer__in=customers)
    return subscribers.current().select_related("customer")


def holds_many_customers(partner: Partner) -> bool:
    """Whether a tenth or more of all customers are the partner's wholesale customers (one
    query)."""
    counts = Customer.objects.aggregate(
        total=Count("pk"),
        mine=Count("pk", filter=Q(owner=partner, offer=CustomerOffer.WHOLESALE)),
    )
    return bool(counts["total"]) and counts["mine"] * 10 >= counts["total"]


class _DryRun(Exception):
    """Raised to roll back a precheck that went all the way through."""


def _error(message: str, status: int = 400, code: int | None = None) -> ApplicationError:
    extra = {"errorCode": code} if code else {}
    return ApplicationError(message, status=status, extra=extra)


def subscriber_precheck(
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
        raise _error(f"'{email}' is not a valid email address.") from None
    if email_in_use(email):
        raise _error("The email is already associated with an existing user.", 409, code=10022)
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
            raise _error("provisioningId does not name one of your templates.")
        if not (customer_primary_email or "").strip():
            raise _error("customerInfo.primaryEmail is required with a provisioningId.")
    if package:
        try:
            parsed = packages.parse(package)
        except ValueError as exc:
            raise _error(str(exc)) from None
        if parsed not in packages.SUBSCRIBER_PACKAGES:
            raise _error(f"{parsed.label} cannot be assigned to a user.")
        if parsed in packages.CALLING_PACKAGES and not (primary_phone_number or extension):
            raise _error(f"{parsed.label} needs a primary phone number, an extension, or both.")
