"""Subscriber lifecycle (FEATURES PV-5, PV-6, PV-9): the one place for the package rules.

The API, the Control Hub pages, the Partner Hub set-up wizard and CSV import all call these.
Each function is one transaction: validate, write, audit. Provisioning a subscriber completes in
that transaction (package assignment, number, extension, billing start), as Webex answers 200
`provisioned` (API-2); controlhub.tasks.provision_subscriber only finishes rows an earlier
version left `provisioning`.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from controlhub.models import (
    Location,
    PackageAssignment,
    PhoneNumber,
    Subscriber,
    SubscriberStatus,
    Workspace,
)
from controlhub.selectors import customer_package_level, email_in_use, full_admin_emails
from portal.audit import Actor, audit_record, snapshot
from portal.catalogues import packages, phone_numbers
from portal.catalogues.packages import Package
from portal.errors import ApplicationError, Problem
from portal.integrity import refusing_duplicates
from portal.models import Customer, CustomerPackage, PackageStatus

SUBSCRIBER_FIELDS = [
    "email",
    "first_name",
    "last_name",
    "display_name",
    "package",
    "status",
    "extension",
    "location_id",
]


#: A current subscriber of any customer has this email already (Webex's error 10022).
EMAIL_IN_USE = Problem(10022, "The email is already associated with an existing user.", 409)
NUMBER_ASSIGNED = "{number} is already assigned to another user."


def _extension_used(customer: Customer, extension: str) -> Problem:
    return Problem(None, f"Extension {extension} is already used in {customer.name}.", 409)


def _save_subscriber(subscriber: Subscriber) -> None:
    """Validate and save; a duplicate email or extension a concurrent request committed first is
    refused exactly like one found by the checks before (portal.integrity)."""
    with refusing_duplicates(
        {
            "unique_current_subscriber_email": EMAIL_IN_USE,
            "unique_extension_per_customer": _extension_used(
                subscriber.customer, subscriber.extension
            ),
        }
    ):
        subscriber.full_clean()
        subscriber.save()


def _check_owner_active(customer: Customer) -> None:
    """A suspended sub-partner's customers take no new or changed subscribers (PH-8)."""
    refusal = customer.owner.provisioning_refusal
    if refusal:
        raise ApplicationError(refusal, status=403, code=4300)


#: A customer its partner suspended takes no new users or package changes (OP-1).
CUSTOMER_SUSPENDED_CODE = 4301


def _check_customer_open(customer: Customer) -> None:
    _check_owner_active(customer)
    refusal = customer.suspension_refusal
    if refusal:
        raise ApplicationError(refusal, status=403, code=CUSTOMER_SUSPENDED_CODE)
    if not customer.accepts_subscribers:
        raise ApplicationError(
            f"{customer.name} is {customer.get_status_display().lower()}; subscribers can be "
            "added once it is provisioned.",
            status=409,
        )


def check_customer_accepts_subscribers(customer: Customer) -> None:
    """What provisioning checks of the customer before the package (the precheck without one)."""
    _check_customer_open(customer)


def check_package(
    customer: Customer, package: str, *, subscriber=None, workspace=None, for_workspace=False
) -> Package:
    """The package must be one a user (or, `for_workspace`, a workspace) may hold, provisioned
    to the customer, within its limit; the limit counts users and workspaces holding it."""
    try:
        package = packages.parse(package)
    except ValueError as exc:
        raise ApplicationError(str(exc), field="package") from None
    if for_workspace and package not in packages.WORKSPACE_PACKAGES:
        allowed = ", ".join(p.label for p in packages.WORKSPACE_PACKAGES)
        raise ApplicationError(
            f"{package.label} cannot be assigned to a workspace (one of: {allowed}).",
            field="package",
        )
    if not for_workspace and package not in packages.SUBSCRIBER_PACKAGES:
        raise ApplicationError(f"{package.label} cannot be assigned to a user.")
    # Lock the customer's package row so two concurrent adds cannot both take the last seat.
    entitlement = (
        CustomerPackage.objects.select_for_update()
        .for_org(customer)
        .filter(package=package)
        .exclude(status=PackageStatus.DELETING)
        .first()
    )
    if entitlement is None:
        raise ApplicationError(
            f"{customer.name} does not have the {package.label} package.", status=409
        )
    if entitlement.limit is not None:
        holders = Subscriber.objects.for_org(customer).current().filter(package=package)
        if subscriber is not None:
            holders = holders.exclude(pk=subscriber.pk)
        places = Workspace.objects.for_org(customer).current().filter(package=package)
        if workspace is not None:
            places = places.exclude(pk=workspace.pk)
        if holders.count() + places.count() >= entitlement.limit:
            raise ApplicationError(
                f"The {package.label} limit of {entitlement.limit} for {customer.name} is reached.",
                status=409,
            )
    return package


def _check_full_admin_level(customer: Customer, email: str, package: Package, current=None):
    """Seed 001: the customer's full administrator keeps at least the customer's package level
    and is never downgraded."""
    if email.lower() not in full_admin_emails(customer):
        return
    if current is not None and packages.is_downgrade(current, package):
        raise ApplicationError(
            "The package of a full administrator cannot be downgraded.", status=409
        )
    required = customer_package_level(customer)
    if required is not None and packages.level(package) < packages.level(required):
        raise ApplicationError(
            f"A full administrator needs at least the customer's package level ({required.label}).",
            status=409,
        )


def check_calling_number(package, *, has_number: bool) -> None:
    """Refuse a calling package for a user with neither number nor extension (seed 001)."""
    if packages.needs_calling_number(package) and not has_number:
        raise ApplicationError(
            f"{Package(package).label} needs a primary phone number, an extension, or both.",
            field="primary_phone_number",
        )


def _default_location(customer: Customer) -> Location | None:
    return Location.objects.for_org(customer).order_by("-is_headquarters", "created_at").first()


def _claim_number(customer: Customer, number: str, location: Location | None, subscriber):
    """Assign `number` to the subscriber, adding it to the location's inventory when new."""
    country = location.country if location is not None else customer.country
    number = phone_numbers.e164(number, country, field="primary_phone_number")
    existing = PhoneNumber.objects.filter(number=number).first()
    if existing is None:
        if location is None:
            raise ApplicationError(f"{customer.name} has no location to add {number} to.")
        existing = PhoneNumber(customer=customer, location=location, number=number)
    elif existing.customer_id != customer.pk:
        raise ApplicationError(f"{number} belongs to another organization.", status=409)
    elif existing.workspace_id or (
        existing.subscriber_id and existing.subscriber_id != subscriber.pk
    ):
        raise ApplicationError(NUMBER_ASSIGNED.format(number=number), status=409)
    PhoneNumber.objects.filter(subscriber=subscriber).exclude(pk=existing.pk).update(
        subscriber=None
    )
    existing.subscriber = subscriber
    with refusing_duplicates(
        {"unique_phone_number": Problem(None, NUMBER_ASSIGNED.format(number=number), 409)}
    ):
        existing.full_clean()
        existing.save()


def _check_extension(customer: Customer, extension: str, subscriber=None, workspace=None) -> None:
    """2 to 10 digits, used by no other current user or workspace of the customer."""
    if not extension:
        return
    if not extension.isdigit() or not 2 <= len(extension) <= 10:
        raise ApplicationError("An extension is 2 to 10 digits.", field="extension")
    clash = Subscriber.objects.for_org(customer).current().filter(extension=extension)
    if subscriber is not None:
        clash = clash.exclude(pk=subscriber.pk)
    places = Workspace.objects.for_org(customer).current().filter(extension=extension)
    if workspace is not None:
        places = places.exclude(pk=workspace.pk)
    if clash.exists() or places.exists():
        raise ApplicationError.from_problems([_extension_used(customer, extension)])


@transaction.atomic
def subscriber_provision(
    *,
    customer: Customer,
    actor: Actor,
    email: str,
    package: str,
    first_name: str = "",
    last_name: str = "",
    display_name: str = "",
    primary_phone_number: str = "",
    extension: str = "",
    location: Location | None = None,
) -> Subscriber:
    """Provision a new subscriber: assignment, number, extension and billing start in one
    transaction; it is `provisioned` when this returns."""
    email = (email or "").strip().lower()
    _check_customer_open(customer)
    if email_in_use(email):
        raise ApplicationError.from_problems([EMAIL_IN_USE])
    package = check_package(customer, package)
    check_calling_number(package, has_number=bool(primary_phone_number or extension))
    _check_full_admin_level(customer, email, package)
    _check_extension(customer, extension)
    if location is not None and location.customer_id != customer.pk:
        raise ApplicationError("That location belongs to another organization.", status=404)
    location = location or _default_location(customer)

    subscriber = Subscriber(
        customer=customer,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        display_name=display_name.strip(),
        package=package,
        extension=extension,
        location=location,
        status=SubscriberStatus.PROVISIONING,
    )
    _save_subscriber(subscriber)
    if primary_phone_number:
        _claim_number(customer, primary_phone_number, location, subscriber)
    audit_record(
        actor=actor,
        action="subscriber.create",
        organization=customer,
        target=subscriber,
        after=snapshot(subscriber, SUBSCRIBER_FIELDS),
    )
    _complete(subscriber, actor)
    return subscriber


def _complete(subscriber: Subscriber, actor: Actor) -> None:
    """Start billing and mark the subscriber provisioned (inside the caller's transaction)."""
    now = timezone.now()
    if not subscriber.package_assignments.filter(ended_at__isnull=True).exists():
        PackageAssignment.objects.create(
            customer_id=subscriber.customer_id,
            subscriber=subscriber,
            package=subscriber.package,
            started_at=now,
        )
    Subscriber.states.move(
        subscriber,
        SubscriberStatus.PROVISIONED,
        actor=actor,
        organization=subscriber.customer,
        action="subscriber.provisioned",
        target=subscriber,
        changes={"errors": []},
        after={"package": subscriber.package},
    )


def subscriber_complete_provisioning(subscriber_id) -> Subscriber | None:
    """Finish a subscriber left `provisioning` (rows from before provisioning was synchronous).
    Safe to run twice: a provisioned (or removed) subscriber is left as it is."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None or subscriber.status != SubscriberStatus.PROVISIONING:
            return subscriber
        _complete(subscriber, Actor.system())
        return subscriber


def subscriber_fail_provisioning(subscriber_id, code: int, reason: str) -> None:
    """The provisioning task could not finish (portal.tasks.run_to_final_state): the subscriber
    shows `error` with the code and reason instead of `provisioning` for good."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None or not Subscriber.states.can(
            subscriber.status, SubscriberStatus.ERROR
        ):
            return
        Subscriber.states.move(
            subscriber,
            SubscriberStatus.ERROR,
            actor=Actor.system(),
            organization=subscriber.customer,
            action="subscriber.error",
            target=subscriber,
            changes={"errors": [{"errorCode": code, "description": reason}]},
        )


@transaction.atomic
def subscriber_change_package(
    *,
    subscriber: Subscriber,
    package: str,
    actor: Actor,
    primary_phone_number: str = "",
    extension: str = "",
    location: Location | None = None,
) -> Subscriber:
    """Move a subscriber to another package; billing switches at this moment."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    customer = subscriber.customer
    _check_customer_open(customer)
    if subscriber.removed_at is not None:
        raise ApplicationError("This user has been removed.", status=404)
    before = snapshot(subscriber, SUBSCRIBER_FIELDS)
    new = check_package(customer, package, subscriber=subscriber)
    if new == subscriber.package:
        return subscriber
    _check_full_admin_level(customer, subscriber.email, new, current=subscriber.package)
    has_number = PhoneNumber.objects.filter(subscriber=subscriber).exists()
    check_calling_number(
        new,
        has_number=bool(primary_phone_number or extension or has_number or subscriber.extension),
    )
    if location is not None:
        if location.customer_id != customer.pk:
            raise ApplicationError("That location belongs to another organization.", status=404)
        subscriber.location = location
    if extension:
        _check_extension(customer, extension, subscriber)
        subscriber.extension = extension
    if primary_phone_number:
        _claim_number(customer, primary_phone_number, subscriber.location, subscriber)

    now = timezone.now()
    subscriber.package_assignments.filter(ended_at__isnull=True).update(ended_at=now)
    if subscriber.status == SubscriberStatus.PROVISIONED:
        PackageAssignment.objects.create(
            customer=customer, subscriber=subscriber, package=new, started_at=now
        )
    subscriber.package = new
    subscriber.last_status_change = now
    _save_subscriber(subscriber)
    audit_record(
        actor=actor,
        action="subscriber.change_package",
        organization=customer,
        target=subscriber,
        before=before,
        after=snapshot(subscriber, SUBSCRIBER_FIELDS),
    )
    return subscriber


@transaction.atomic
def subscriber_update_details(
    *,
    subscriber: Subscriber,
    actor: Actor,
    first_name: str,
    last_name: str,
    display_name: str,
    email: str,
) -> Subscriber:
    """Names and primary email: editable by customer admins even in Restricted-by-Partner mode."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    _check_owner_active(subscriber.customer)
    before = snapshot(subscriber, SUBSCRIBER_FIELDS)
    email = email.strip().lower()
    if email != subscriber.email and email_in_use(email, exclude_subscriber=subscriber):
        raise ApplicationError.from_problems([EMAIL_IN_USE])
    subscriber.first_name = first_name.strip()
    subscriber.last_name = last_name.strip()
    subscriber.display_name = display_name.strip()
    subscriber.email = email
    _save_subscriber(subscriber)
    audit_record(
        actor=actor,
        action="subscriber.update",
        organization=subscriber.customer,
        target=subscriber,
        before=before,
        after=snapshot(subscriber, SUBSCRIBER_FIELDS),
    )
    return subscriber


@transaction.atomic
def subscriber_remove(*, subscriber: Subscriber, actor: Actor) -> None:
    """Remove the wholesale package: billing stops now; the row stays for billing history."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.removed_at is not None:
        return
    before = snapshot(subscriber, SUBSCRIBER_FIELDS)
    now = timezone.now()
    subscriber.package_assignments.filter(ended_at__isnull=True).update(ended_at=now)
    PhoneNumber.objects.filter(subscriber=subscriber).update(subscriber=None)
    subscriber.status = SubscriberStatus.REMOVED
    subscriber.removed_at = now
    subscriber.last_status_change = now
    subscriber.save(update_fields=["status", "removed_at", "last_status_change"])
    audit_record(
        actor=actor,
        action="subscriber.remove",
        organization=subscriber.customer,
        target=subscriber,
        before=before,
    )


class _RollBack(Exception):
    pass


def _messages(exc: Exception) -> str:
    if isinstance(exc, ApplicationError):
        return exc.message
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    raise exc


def subscribers_add(
    *, customer: Customer, actor: Actor, rows: list[dict]
) -> tuple[list[Subscriber], dict[int, str]]:
    """Add a batch of users ("Manually Add Users"): all of them, or none with an error per row.

    Rows are checked one after the other inside one transaction, so a clash between two rows
    of the same batch (same email, same extension, the last seat of a package) is reported on
    the later row. Returns (subscribers, {}) or ([], {row index: message}).
    """
    created: list[Subscriber] = []
    errors: dict[int, str] = {}
    try:
        with transaction.atomic():
            for index, row in enumerate(rows):
                try:
                    with transaction.atomic():
                        created.append(subscriber_provision(customer=customer, actor=actor, **row))
                except (ApplicationError, ValidationError) as exc:
                    errors[index] = _messages(exc)
            if errors:
                raise _RollBack
    except _RollBack:
        return [], errors
    return created, {}


SERVICE_FIELDS = ["messaging_enabled", "meetings_enabled", "calling_enabled"]


@transaction.atomic
def subscriber_update_services(
    *, subscriber: Subscriber, actor: Actor, messaging: bool, meetings: bool, calling: bool
) -> Subscriber:
    """Edit Services: switch off (or back on) services the user's package includes."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    _check_owner_active(subscriber.customer)
    before = snapshot(subscriber, SERVICE_FIELDS)
    package = Package(subscriber.package)
    subscriber.messaging_enabled = messaging
    subscriber.meetings_enabled = meetings and package in packages.MEETINGS_PACKAGES
    subscriber.calling_enabled = calling and package in packages.CALLING_PACKAGES
    subscriber.save(update_fields=SERVICE_FIELDS)
    audit_record(
        actor=actor,
        action="subscriber.update_services",
        organization=subscriber.customer,
        target=subscriber,
        before=before,
        after=snapshot(subscriber, SERVICE_FIELDS),
    )
    return subscriber


@transaction.atomic
def subscriber_set_primary_number(
    *, subscriber: Subscriber, actor: Actor, number: PhoneNumber | None, extension: str
) -> Subscriber:
    """Primary work number and extension; numbers go only to users with a calling package."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    _check_owner_active(subscriber.customer)
    customer = subscriber.customer
    current = PhoneNumber.objects.filter(subscriber=subscriber).first()
    before = {"number": current.number if current else "", "extension": subscriber.extension}
    calling = Package(subscriber.package) in packages.CALLING_PACKAGES
    if (number is not None or extension) and not calling:
        raise ApplicationError(
            f"{Package(subscriber.package).label} has no calling: change the package to give "
            "this user a number."
        )
    if calling and number is None and not extension:
        raise ApplicationError(
            "A calling package needs a primary phone number, an extension, or both."
        )
    extension = extension.strip()
    _check_extension(customer, extension, subscriber)
    if number is not None:
        if number.customer_id != customer.pk:
            raise ApplicationError("That number belongs to another organization.", status=404)
        _claim_number(customer, number.number, number.location, subscriber)
    else:
        PhoneNumber.objects.filter(subscriber=subscriber).update(subscriber=None)
    subscriber.extension = extension
    with refusing_duplicates(
        {"unique_extension_per_customer": _extension_used(customer, extension)}
    ):
        subscriber.full_clean()
        subscriber.save(update_fields=["extension"])
    audit_record(
        actor=actor,
        action="subscriber.set_primary_number",
        organization=customer,
        target=subscriber,
        before=before,
        after={"number": number.number if number else "", "extension": extension},
    )
    return subscriber
