"""Wholesale customer provisioning (FEATURES PV-1, PV-3, PV-4, PV-7, PV-8, PV-9, PV-10).

The Partner Hub wizard, the /v1 API and the background tasks all call these functions:

- `customer_precheck` reports every problem with a request without changing anything (PV-7);
- `customer_provision` accepts a new customer, or attaches wholesale to an existing org when
  `org_id` is given (PV-8), and enqueues the provisioning task (PV-1);
- `customer_update` changes packages, limits, external ID or billing address;
- `customer_remove_wholesale` removes the wholesale packages and stops billing, keeping the org
  and its history (PV-9);
- `customer_complete_provisioning` / `customer_complete_removal` are the tasks' work: ids in,
  lock, check the state, do what is left; running them twice changes nothing.
"""

import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Lower
from django.utils import timezone

from controlhub.models import (
    Domain,
    DomainStatus,
    Location,
    PackageAssignment,
    PstnOption,
    Subscriber,
)
from controlhub.selectors import customer_package_level
from controlhub.services.admin_roles import customer_admin_invite
from controlhub.services.locations import location_create
from controlhub.services.meeting_sites import meeting_site_ensure
from controlhub.services.settings import onboarding_settings_apply
from controlhub.services.subscribers import subscriber_provision, subscriber_remove
from portal.access.roles import Role
from portal.audit import Actor, audit_record, snapshot
from portal.catalogues import locales, packages
from portal.errors import ApplicationError, Problem
from portal.integrity import refusing_duplicates
from portal.models import (
    AuditEvent,
    Customer,
    CustomerOffer,
    CustomerPackage,
    CustomerRoleAssignment,
    CustomerStatus,
    OnboardingTemplate,
    PackageStatus,
    Partner,
    PartnerAccess,
    PartnerRoleAssignment,
    User,
)
from portal.models.addresses import ADDRESS_FIELDS, address_problems
from portal.models.organizations import CUSTOMER_BUSY
from portal.services import role_grant
from portal.tasks import FAILED_STUCK, enqueue, pending_retry, queued_task_ids
from screening.services import fingerprint, screening_check
from wholesale.models import CustomerSubscription
from wholesale.selectors import owned_organization
from wholesale.services.offer import not_bought_problems

CUSTOMER_FIELDS = [
    "name",
    "status",
    "offer",
    "external_id",
    "primary_email",
    "template_id",
    *ADDRESS_FIELDS,
    "language",
    "restricted_by_partner",
    "partner_access",
]
#: Seed 001 "Attaching …": the customer admin approves first from this many users on.
ATTACH_APPROVAL_USERS = 100
REMOVAL_CHUNK = 200


# --- Problems (precheck) ------------------------------------------------------------------------


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        raise ApplicationError.from_problems(problems)


#: A suspended sub-partner may not provision or update (PH-8); deleting stays allowed.
SUSPENDED_CODE = 4300


def _suspended_problem(partner: Partner) -> Problem | None:
    refusal = partner.provisioning_refusal
    return Problem(SUSPENDED_CODE, refusal, 403) if refusal else None


def _raise_if_suspended(partner: Partner) -> None:
    problem = _suspended_problem(partner)
    if problem:
        raise ApplicationError.from_problems([problem])


def _find_template(partner: Partner, provisioning_id: str) -> OnboardingTemplate | None:
    return (
        OnboardingTemplate.objects.for_org(partner)
        .filter(provisioning_id=(provisioning_id or "").strip())
        .first()
    )


def _check_packages(names, limits) -> tuple[list[str], list[Problem]]:
    problems = []
    parsed = []
    for name in names or []:
        try:
            package = packages.parse(str(name))
        except ValueError as exc:
            problems.append(Problem(4003, str(exc)))
            continue
        if package not in parsed:
            parsed.append(package)
    if names is not None and not names:
        problems.append(Problem(4003, "List at least one package."))
    for message in packages.dependency_errors(parsed):
        problems.append(Problem(4004, message))
    for name, value in (limits or {}).items():
        # A limit for a package not (yet) requested is accepted, as in the contract's own
        # example, and stored for when it is (_set_packages); it must still name a package.
        try:
            packages.parse(str(name))
        except ValueError:
            problems.append(Problem(4005, f"A limit is given for {name}, which is not a package."))
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or value < 0
            or value != int(value)
            or value > 10_000_000
        ):
            problems.append(Problem(4005, f"The limit of {name} must be a whole number ≥ 0."))
    return [str(p) for p in parsed], problems


def _email_taken(email: str) -> Problem:
    return Problem(4090, f"{email} is already an administrator of another customer.", 409)


def _external_id_taken(external_id: str) -> Problem:
    return Problem(4093, f"externalId {external_id} is used by another customer.", 409)


def _save_customer(customer: Customer) -> None:
    """Validate and save. The database enforces the precheck's two uniqueness rules (portal
    Customer's constraints), so the loser of two concurrent requests gets the same 409.

    The constraints are not validated in Python first: the precheck has looked already, the
    insert is the real check, and their two SELECTs were a quarter of a provisioning POST's
    time (bench/README.md, issue 17)."""
    with refusing_duplicates(
        {
            "unique_wholesale_external_id": _external_id_taken(customer.external_id),
            "unique_customer_primary_email": _email_taken(customer.primary_email.lower()),
        }
    ):
        customer.full_clean(validate_constraints=False)
        customer.save()


def email_precheck(email: str) -> list[Problem]:
    """Only the administrator email's part of the precheck (PV-7), for the wizard's first step."""
    return _email_problems(email, org=None)


def _email_problems(email: str, *, org: Customer | None) -> list[Problem]:
    """PV-7: an email already used by another customer or by a partner."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        return [Problem(4020, f"'{email}' is not a valid email address.")]
    others = Customer.objects.alias(email_lower=Lower("primary_email")).filter(email_lower=email)
    subscribers = Subscriber.objects.current().with_email(email)
    admins = CustomerRoleAssignment.objects.filter(user__email=email)
    if org is not None:
        others = others.exclude(pk=org.pk)
        subscribers = subscribers.exclude(customer=org)
        admins = admins.exclude(customer=org)
    problems = []
    if others.exists() or admins.exists():
        problems.append(_email_taken(email))
    if subscribers.exists():
        problems.append(
            Problem(4091, f"{email} is already a user of another organization.", status=409)
        )
    if PartnerRoleAssignment.objects.filter(user__email=email).exists():
        problems.append(Problem(4092, f"{email} belongs to a partner administrator.", status=409))
    return problems


def _check_calling_location(location: dict | None) -> list[Problem]:
    if not location:
        return []
    problems = []
    if not (location.get("name") or "").strip():
        problems.append(Problem(4030, "provisioningParameters.calling.location.name is required."))
    elif len(location["name"]) > 80:
        problems.append(Problem(4030, "The calling location name is longer than 80."))
    problems += address_problems(
        location.get("address") or {}, "provisioningParameters.calling.location.address"
    )
    tz = (location.get("timezone") or "").strip()
    if tz and tz not in zoneinfo.available_timezones():
        problems.append(Problem(4031, f"'{tz}' is not a time zone."))
    if len(location.get("emergency_location_identifier") or "") > 64:
        problems.append(Problem(4032, "The emergency location identifier is longer than 64."))
    return problems


def customer_precheck(
    *,
    partner: Partner,
    provisioning_id: str | None = None,
    packages: list[str] | None = None,
    external_id: str | None = None,
    address: dict | None = None,
    name: str | None = None,
    primary_email: str | None = None,
    package_limits: dict | None = None,
    calling_location: dict | None = None,
    meetings_timezone: str | None = None,
    org_id=None,
    customer: Customer | None = None,
) -> list[Problem]:
    """Every problem with a customer request, without changing anything (PV-7).

    Checks what is given, so the wizard can check one field at a time; an empty list means the
    request would be accepted. `customer` is the one being updated, if any: it does not
    conflict with itself.
    """
    suspended = _suspended_problem(partner)
    if suspended:
        return [suspended]
    problems: list[Problem] = []
    org = customer
    if org_id:
        org = owned_organization(partner, org_id)
        if org is None:
            problems.append(Problem(4040, "orgId does not name an organization you manage.", 404))
        elif org.offer == CustomerOffer.BROADWORKS:
            problems.append(
                Problem(4041, "Webex for BroadWorks customers cannot use the wholesale API.")
            )
        elif org.offer == CustomerOffer.WHOLESALE:
            problems.append(Problem(4042, f"{org.name} is a wholesale customer already.", 409))
    if provisioning_id is not None and _find_template(partner, provisioning_id) is None:
        problems.append(Problem(4001, "provisioningId does not name one of your templates."))
    parsed_packages, package_problems = _check_packages(packages, package_limits)
    problems += package_problems
    problems += not_bought_problems(partner, parsed_packages)
    problems += address_problems(address)
    problems += _check_calling_location(calling_location)
    if meetings_timezone and meetings_timezone not in zoneinfo.available_timezones():
        problems.append(Problem(4031, f"'{meetings_timezone}' is not a time zone."))
    if name is not None and len(name) > 255:
        problems.append(Problem(4021, "customerInfo.name is longer than 255."))
    if primary_email:
        problems += _email_problems(primary_email, org=org)
    if external_id is not None:
        if len(external_id) > 255:
            problems.append(Problem(4022, "externalId is longer than 255."))
        elif (
            external_id.strip()
            and Customer.objects.filter(
                owner=partner, offer=CustomerOffer.WHOLESALE, external_id=external_id.strip()
            )
            .exclude(pk=getattr(org, "pk", None))
            .exists()
        ):
            problems.append(_external_id_taken(external_id))
    return problems


# --- Accepting requests -------------------------------------------------------------------------


def _parameters(
    calling_location: dict | None, meetings_timezone: str | None, package_limits=None
) -> dict:
    parameters = {}
    if package_limits:
        parameters["packages"] = {"limits": dict(package_limits)}
    if calling_location:
        location = {k: v for k, v in calling_location.items() if k != "address"}
        given = calling_location.get("address") or {}
        location["address"] = {key: given.get(key) or "" for key in ADDRESS_FIELDS}
        parameters["calling"] = {"location": location}
    if meetings_timezone:
        parameters["meetings"] = {"timezone": meetings_timezone}
    return parameters


def _set_address(customer: Customer, address: dict) -> None:
    for key in ADDRESS_FIELDS:
        setattr(customer, key, (address.get(key) or "").strip())
    customer.country = customer.country.upper()


def _set_packages(customer: Customer, names: list[str], limits: dict | None) -> None:
    """Bring the customer's packages to `names`: new ones provisioning, dropped ones deleting.

    A package added without a limit in this request takes the limit stored for it by an
    earlier request that gave one before the package was requested."""
    limits = limits or {}
    stored = (customer.provisioning_parameters or {}).get("packages", {}).get("limits", {})
    existing = {cp.package: cp for cp in CustomerPackage.objects.for_org(customer)}
    for name in names:
        given = limits.get(name)
        if given is None and name not in existing:
            given = stored.get(name)
        limit = int(given) if given is not None else None
        current = existing.get(name)
        if current is None:
            CustomerPackage.objects.create(
                customer=customer, package=name, limit=limit, status=PackageStatus.PROVISIONING
            )
        else:
            current.limit = limit
            if current.status in (PackageStatus.DELETING, PackageStatus.ERROR):
                current.status = PackageStatus.PROVISIONING
            current.save(update_fields=["limit", "status", "updated_at"])
    for name, current in existing.items():
        if name not in names:
            current.status = PackageStatus.DELETING
            current.save(update_fields=["status", "updated_at"])


@transaction.atomic
def customer_provision(
    *,
    partner: Partner,
    actor: Actor,
    provisioning_id: str,
    packages: list[str],
    external_id: str,
    address: dict,
    name: str,
    primary_email: str,
    language: str | None = None,
    package_limits: dict | None = None,
    calling_location: dict | None = None,
    meetings_timezone: str | None = None,
    org_id=None,
) -> Customer:
    """Accept a wholesale customer; the background task provisions it (PV-1).

    With `org_id`, attach wholesale to that existing organization instead (PV-8): its name and
    authentication stay, and when it is large or has a verified or claimed domain its admin
    must approve before provisioning starts.
    """
    _raise_if_suspended(partner)
    problems = []
    if not org_id and not (name or "").strip():
        problems.append(Problem(4021, "customerInfo.name is required for a new customer."))
    if not org_id and not (primary_email or "").strip():
        problems.append(Problem(4020, "customerInfo.primaryEmail is required for a new customer."))
    if address is None:
        problems.append(Problem(4010, "address is required."))
    problems += customer_precheck(
        partner=partner,
        provisioning_id=provisioning_id or "",
        packages=list(packages or []),
        external_id=external_id or "",
        address=address,
        name=name,
        primary_email=primary_email,
        package_limits=package_limits,
        calling_location=calling_location,
        meetings_timezone=meetings_timezone,
        org_id=org_id,
    )
    _raise_if(problems)
    template = _find_template(partner, provisioning_id)
    names, _ = _check_packages(packages, package_limits)
    if org_id:
        customer = Customer.objects.select_for_update().get(
            pk=owned_organization(partner, org_id).pk
        )
        before = snapshot(customer, CUSTOMER_FIELDS)
        _attach(customer)
        action = "customer.attach"
    else:
        customer = Customer(
            owner=partner,
            name=name.strip(),
            primary_email=primary_email.strip().lower(),
            language=locales.resolve(
                language,
                template_language=template.default_language,
                template_country=template.default_country,
            ),
            restricted_by_partner=True,
        )
        before = None
        action = "customer.provision"
    customer.template = template
    customer.external_id = (external_id or "").strip() or _generated_external_id()
    customer.offer = CustomerOffer.WHOLESALE
    customer.errors = []
    customer.provisioning_parameters = _parameters(
        calling_location, meetings_timezone, package_limits
    )
    _set_address(customer, address)
    _save_customer(customer)
    customer.start_provisioning(actor=actor)
    _set_packages(customer, names, package_limits)
    _ensure_subscription(customer)
    audit_record(
        actor=actor,
        action=action,
        organization=customer,
        before=before,
        after={
            **snapshot(customer, CUSTOMER_FIELDS),
            "packages": names,
            **({"limits": package_limits} if package_limits else {}),
        },
    )
    enqueue("wholesale.tasks.provision_customer", str(customer.pk))
    return customer


def _generated_external_id() -> str:
    """The external ID of a customer created without one (the Partner Hub wizard leaves it
    optional); unique in practice, and the database refuses a duplicate per partner anyway."""
    return f"PH-{uuid.uuid4().hex[:10].upper()}"


def _ensure_subscription(customer: Customer) -> CustomerSubscription:
    """The customer's subscription row (PH-3), from its template's wholesale subscription."""
    subscription_id = customer.template.subscription_id if customer.template_id else ""
    subscription, _ = CustomerSubscription.objects.get_or_create(
        customer=customer, defaults={"subscription_id": subscription_id}
    )
    return subscription


def needs_attach_approval(customer: Customer) -> bool:
    """Seed 001: ≥100 users, a verified domain or a claimed domain → the org's admin approves.

    Domains are Control Hub's (CH-5): the org's admins verify and claim them there."""
    return (
        Domain.objects.for_org(customer)
        .filter(status__in=(DomainStatus.VERIFIED, DomainStatus.CLAIMED))
        .exists()
        or Subscriber.objects.for_org(customer).current().count() >= ATTACH_APPROVAL_USERS
    )


def _attach(customer: Customer) -> None:
    """Seed 001 "Conditions of Org Attachment": name and authentication unchanged, Restricted-by-
    Partner mode off, the partner provisioning admin (full admin when nothing is licensed)."""
    now = timezone.now()
    licensed = PackageAssignment.objects.for_org(customer).filter(ended_at__isnull=True).exists()
    customer.partner_access = (
        PartnerAccess.PROVISIONING_ADMIN if licensed else PartnerAccess.FULL_ADMIN
    )
    customer.restricted_by_partner = False
    if needs_attach_approval(customer):
        customer.attach_requested_at, customer.attach_approved_at = now, None
    else:
        customer.attach_requested_at, customer.attach_approved_at = None, now


def _wholesale_customer_for_update(customer: Customer) -> Customer:
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if customer.offer != CustomerOffer.WHOLESALE:
        raise ApplicationError(f"{customer.name} is not a wholesale customer.", status=404)
    return customer


@transaction.atomic
def customer_update(
    *,
    customer: Customer,
    actor: Actor,
    packages: list[str],
    external_id: str | None = None,
    address: dict | None = None,
    package_limits: dict | None = None,
    calling_location: dict | None = None,
    meetings_timezone: str | None = None,
) -> Customer:
    """Change a customer's packages, limits, external ID or billing address; a changed billing
    address is screened again (PV-2). The task does the work."""
    customer = _wholesale_customer_for_update(customer)
    _raise_if_suspended(customer.owner)
    if customer.suspension_refusal:
        raise ApplicationError(customer.suspension_refusal, status=403, code=4301)
    problems = customer_precheck(
        partner=customer.owner,
        packages=list(packages or []),
        external_id=external_id,
        address=address,
        package_limits=package_limits,
        calling_location=calling_location,
        meetings_timezone=meetings_timezone,
        customer=customer,
    )
    names, _ = _check_packages(packages, package_limits)
    overage: list[str] = []
    holders = dict(
        Subscriber.objects.for_org(customer)
        .current()
        .order_by()
        .values_list("package")
        .annotate(n=Count("id"))
    )
    for name, count in holders.items():
        if name not in names and count:
            problems.append(
                Problem(4094, f"{count} users hold {name}; move them before removing it.", 409)
            )
        limit = (package_limits or {}).get(name)
        if name in names and limit is not None and count > limit:
            # Allowed (OP-1): the customer shows "license overage" until users are moved or
            # the limit is raised again; the caller shows this warning.
            overage.append(
                f"{count} users hold {_package_label(name)}, more than the new limit "
                f"of {limit}: {customer.name} shows license overage until that is resolved."
            )
    _raise_if(problems)
    if not Customer.states.can(customer.status, CustomerStatus.UPDATING):
        raise ApplicationError(
            f"{customer.name} is {customer.get_status_display().lower()}; try again when it "
            "is settled.",
            status=409,
        )
    before = {**snapshot(customer, CUSTOMER_FIELDS), "packages": _package_names(customer)}
    if external_id is not None:
        customer.external_id = external_id.strip()
    if address is not None:
        _set_address(customer, address)
    parameters = _parameters(calling_location, meetings_timezone)
    if package_limits:
        stored = customer.provisioning_parameters.get("packages", {}).get("limits", {})
        parameters["packages"] = {"limits": {**stored, **package_limits}}
    if parameters:
        customer.provisioning_parameters = {**customer.provisioning_parameters, **parameters}
    customer.errors = []
    _save_customer(customer)
    customer.transition(CustomerStatus.UPDATING, actor=actor)
    _set_packages(customer, names, package_limits)
    audit_record(
        actor=actor,
        action="customer.update",
        organization=customer,
        before=before,
        after={
            **snapshot(customer, CUSTOMER_FIELDS),
            "packages": names,
            **({"limits": package_limits} if package_limits else {}),
        },
    )
    enqueue("wholesale.tasks.provision_customer", str(customer.pk))
    customer.overage_warnings = overage
    return customer


def _package_label(name: str) -> str:
    return packages.Package(name).label


def customer_limit_set(*, customer: Customer, package: str, limit, actor: Actor) -> Customer:
    """Change one package's limit (the Subscriptions tab, OP-1): an update of the customer
    keeping its packages. Lowering it below the users holding the package is allowed and
    returned as `overage_warnings` (the customer shows license overage)."""
    names = _package_names(customer)
    if package not in names:
        raise ApplicationError(f"{customer.name} does not have that package.", field="package")
    text = str(limit).strip()
    if not text.isdigit() or int(text) > 10_000_000:
        raise ApplicationError("A limit is a whole number ≥ 0.", field="limit")
    return customer_update(
        customer=customer, actor=actor, packages=names, package_limits={package: int(text)}
    )


def _package_names(customer: Customer) -> list[str]:
    return list(CustomerPackage.objects.for_org(customer).values_list("package", flat=True))


@transaction.atomic
def customer_remove_wholesale(*, customer: Customer, actor: Actor) -> Customer:
    """PV-9: remove the wholesale packages and stop billing; the org and its history stay."""
    customer = _wholesale_customer_for_update(customer)
    if customer.status == CustomerStatus.DELETING:
        return customer
    customer.transition(CustomerStatus.DELETING, actor=actor)
    CustomerPackage.objects.for_org(customer).update(status=PackageStatus.DELETING)
    audit_record(
        actor=actor,
        action="customer.remove_wholesale",
        organization=customer,
        before={"packages": _package_names(customer)},
    )
    enqueue("wholesale.tasks.remove_customer", str(customer.pk))
    return customer


# --- The background work ------------------------------------------------------------------------


def _location_parameters(customer: Customer) -> dict:
    """The headquarters calling location: from provisioningParameters, else the billing address
    with the template's time zone and the customer's language."""
    given = customer.provisioning_parameters.get("calling", {}).get("location") or {}
    address = given.get("address") or {key: getattr(customer, key) for key in ADDRESS_FIELDS}
    template = customer.template
    fields = {
        "name": (given.get("name") or "Headquarters").strip()[:80],
        "is_headquarters": True,
        **{key: (address.get(key) or "").strip() for key in ADDRESS_FIELDS},
        "timezone": given.get("timezone") or (template.timezone if template else "UTC"),
        "language": locales.resolve(
            given.get("language") or customer.language,
            template_language=customer.language,
            template_country=address.get("country"),
        ),
        "emergency_location_identifier": given.get("emergency_location_identifier") or "",
    }
    fields["country"] = fields["country"].upper()
    if template is not None:
        # The template's "Enable call recording" is the first location's call recording, which
        # only partner admins change afterwards (seed 001, CH-14).
        fields["call_recording_enabled"] = template.call_recording_enabled
    if template is not None and template.pstn_vendor:
        # Seed 001: the template's Cloud Connected PSTN vendor applies to the first location.
        fields["pstn_option"] = PstnOption.CLOUD_CONNECTED_PSTN
        fields["pstn_vendor"] = template.pstn_vendor
    return fields


def _ensure_hq_location(customer: Customer, actor: Actor) -> str | None:
    """Create the calling headquarters once; returns why it failed, or None."""
    if Location.objects.for_org(customer).filter(is_headquarters=True).exists():
        return None
    try:
        with transaction.atomic():
            location_create(customer=customer, actor=actor, **_location_parameters(customer))
    except (ApplicationError, ValidationError) as exc:
        return getattr(exc, "message", None) or "; ".join(exc.messages)
    return None


def _free_extension(customer: Customer) -> str:
    used = set(Subscriber.objects.for_org(customer).current().values_list("extension", flat=True))
    return next(str(n) for n in range(1000, 100000) if str(n) not in used)


def _ensure_first_admin(customer: Customer, actor: Actor) -> str | None:
    """The customer's first full administrator: a sign-in with the full-admin role and a user
    holding the customer's package level (seed 001). Returns why it failed, or None."""
    email = customer.primary_email
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email)  # no password: they are invited (AC-1)
    role_grant(user=user, organization=customer, role=Role.CUSTOMER_FULL_ADMIN, actor=actor)
    provisioned_by = (
        AuditEvent.objects.filter(customer=customer, action="customer.provision")
        .exclude(actor=None)
        .select_related("actor")
        .order_by("occurred_at")
        .first()
    )
    customer_admin_invite(
        customer=customer,
        user=user,
        actor=actor,
        invited_by=provisioned_by.actor if provisioned_by else None,
    )
    if Subscriber.objects.current().with_email(email).exists():
        return None
    package = customer_package_level(customer)
    if package is None:
        return None  # nothing a user may hold (common area calling only)
    calling = packages.needs_calling_number(package)
    try:
        with transaction.atomic():
            subscriber_provision(
                customer=customer,
                actor=actor,
                email=email,
                package=package,
                first_name=user.first_name,
                last_name=user.last_name,
                extension=_free_extension(customer) if calling else "",
            )
    except ApplicationError as exc:
        return exc.message
    return None


def _settle_packages(customer: Customer) -> list[str]:
    kept = []
    for cp in CustomerPackage.objects.select_for_update().for_org(customer):
        if cp.status == PackageStatus.DELETING:
            cp.delete()
            continue
        cp.status, cp.errors, cp.warnings = PackageStatus.PROVISIONED, [], []
        cp.save(update_fields=["status", "errors", "warnings", "updated_at"])
        kept.append(cp.package)
    return kept


def _flag_packages(customer: Customer, names, *, error: dict | None = None, warning=None):
    for cp in CustomerPackage.objects.for_org(customer).filter(package__in=names):
        if error:
            cp.status = PackageStatus.ERROR
            cp.errors = [*cp.errors, error]
        if warning:
            cp.warnings = [*cp.warnings, warning]
        cp.save(update_fields=["status", "errors", "warnings", "updated_at"])


def _apply_onboarding_settings(customer: Customer, actor: Actor, *, first_run, attached) -> None:
    """Record the template's authentication and the meetings time zone where Control Hub shows
    them (PH-2, PV-1). Authentication is set once, for a new org: an attached org keeps its own
    (seed 001 "Conditions of Org Attachment"), and a template changed later applies to customers
    created after the change (PH-10). The meetings time zone of the request applies on every
    run (an update may change it); a new org without one gets the template's time zone."""
    template = customer.template
    new_org = first_run and not attached
    requested_zone = customer.provisioning_parameters.get("meetings", {}).get("timezone")
    auth = {}
    if new_org and template is not None:
        auth = {
            "authentication_mode": template.authentication_mode,
            "idp_entity_id": template.idp_entity_id,
            "oidc_idp_name": template.oidc_idp_name,
        }
    onboarding_settings_apply(
        customer=customer,
        actor=actor,
        meetings_timezone=requested_zone or (template.timezone if new_org and template else None),
        **auth,
    )


def customer_complete_provisioning(customer_id) -> Customer | None:
    """Provision (or update) a customer accepted earlier. Safe to run twice: it locks the
    customer and does nothing unless the customer is provisioning or updating."""
    actor = Actor.system()
    with transaction.atomic():
        # Lock the customer row only: the template is a nullable join, and PostgreSQL refuses
        # FOR UPDATE on the nullable side of an outer join.
        customer = (
            Customer.objects.select_for_update(of=("self",))
            .select_related("template")
            .filter(pk=customer_id)
            .first()
        )
        if customer is None or customer.status not in (
            CustomerStatus.PROVISIONING,
            CustomerStatus.UPDATING,
        ):
            return customer
        if customer.attach_requested_at and not customer.attach_approved_at:
            return customer  # waiting for the org's administrator (PV-8)
        current = fingerprint(customer)
        if customer.screened_fingerprint != current:
            if screening_check(customer=customer, actor=actor) is not None:
                return customer  # pending_rpl_review until a reviewer decides
            customer.screened_fingerprint = current
            customer.save(update_fields=["screened_fingerprint", "updated_at"])

        first_run = customer.status == CustomerStatus.PROVISIONING
        kept = _settle_packages(customer)
        calling = [name for name in kept if packages.Package(name) in packages.CALLING_PACKAGES]
        failed_location = _ensure_hq_location(customer, actor) if calling else None
        if failed_location:
            _flag_packages(
                customer,
                calling,
                error={
                    "errorCode": 2561,
                    "description": f"The calling location could not be created: {failed_location}",
                },
            )
        attached = customer.partner_access != PartnerAccess.NONE
        _apply_onboarding_settings(customer, actor, first_run=first_run, attached=attached)
        meeting_site_ensure(customer=customer, actor=actor)  # CH-13, for a meetings package
        outcome = CustomerStatus.PROVISIONED
        if failed_location:
            outcome = CustomerStatus.PROVISIONED_WITH_ERRORS
        customer.transition(outcome, actor=actor)
        if first_run and not attached and customer.primary_email:
            # Seed 001: on an attached org the first user is not made an admin.
            failed_admin = _ensure_first_admin(customer, actor)
            if failed_admin:
                level = customer_package_level(customer)
                _flag_packages(
                    customer,
                    [level] if level else kept,
                    warning={
                        "errorCode": 2570,
                        "description": f"The first administrator was not added as a user: "
                        f"{failed_admin}",
                    },
                )
        return customer


def _fail(customer: Customer, code: int, reason: str) -> None:
    """Move a busy customer (locked) to `error` with the reason; Retry resumes its status."""
    customer.errors = [{"errorCode": code, "description": reason}]
    customer.retry_status = customer.status
    customer.save(update_fields=["errors", "retry_status", "updated_at"])
    customer.transition(CustomerStatus.ERROR, actor=Actor.system(), reason=reason)


def customer_fail_provisioning(customer_id, code: int, reason: str) -> None:
    """The task's work could not finish (portal.tasks.run_to_final_state): the customer shows
    `error` with the code and reason. A customer no longer busy is left alone."""
    with transaction.atomic():
        customer = Customer.objects.select_for_update().filter(pk=customer_id).first()
        if customer is None or not customer.is_busy:
            return
        _fail(customer, code, reason)


#: The tasks that finish a busy customer's work; a queued or scheduled one is not stuck.
CUSTOMER_TASKS = ("wholesale.tasks.provision_customer", "wholesale.tasks.remove_customer")
STUCK_BATCH = 500


def customers_settle_stuck(*, now=None) -> int:
    """The watchdog (PV-1): customers busy for longer than settings.PROVISIONING_STUCK_AFTER
    with no task queued or scheduled for them go to `error` (FAILED_STUCK), from where an
    administrator retries them. A customer waiting for its org admin's attach approval is
    waiting for a person, not stuck. Returns how many were moved; safe to run twice."""
    bound = settings.PROVISIONING_STUCK_AFTER
    cutoff = (now or timezone.now()) - bound
    stuck = (
        Customer.objects.filter(status__in=CUSTOMER_BUSY, status_changed_at__lt=cutoff)
        .exclude(
            status__in=(CustomerStatus.PROVISIONING, CustomerStatus.UPDATING),
            attach_requested_at__isnull=False,
            attach_approved_at__isnull=True,
        )
        .order_by("status_changed_at")
    )
    candidates = [str(pk) for pk in stuck.values_list("pk", flat=True)[:STUCK_BATCH]]
    if not candidates:
        return 0
    queued = queued_task_ids(CUSTOMER_TASKS)
    minutes = int(bound.total_seconds() // 60)
    moved = 0
    for pk in candidates:
        if pk in queued or any(pending_retry(func, pk) for func in CUSTOMER_TASKS):
            continue
        with transaction.atomic():
            customer = (
                Customer.objects.select_for_update()
                .filter(pk=pk, status__in=CUSTOMER_BUSY, status_changed_at__lt=cutoff)
                .first()
            )
            if customer is None:
                continue
            _fail(
                customer,
                FAILED_STUCK,
                f"The background work did not finish within {minutes} minutes and no task is "
                "left to finish it; retry it.",
            )
        moved += 1
    return moved


@transaction.atomic
def customer_retry(*, customer: Customer, actor: Actor) -> Customer:
    """Retry a customer whose background work failed (status `error` after a task failure or
    the watchdog): resume the interrupted status and enqueue its task again (PV-1)."""
    customer = _wholesale_customer_for_update(customer)
    if not customer.can_retry:
        raise ApplicationError(
            f"{customer.name} is {customer.get_status_display().lower()}; only a customer whose "
            "background work failed can be retried.",
            status=409,
        )
    resume = customer.retry_status
    if resume != CustomerStatus.DELETING:
        _raise_if_suspended(customer.owner)
    before = {"errors": customer.errors}
    customer.errors = []
    customer.save(update_fields=["errors", "updated_at"])
    customer.transition(resume, actor=actor, reason="retry")
    audit_record(actor=actor, action="customer.retry", organization=customer, before=before)
    task = "remove_customer" if resume == CustomerStatus.DELETING else "provision_customer"
    enqueue(f"wholesale.tasks.{task}", str(customer.pk))
    return customer


def customer_complete_removal(customer_id) -> Customer | None:
    """Finish PV-9: every user loses the wholesale package (billing stops), packages go, the
    org stays without wholesale. In bounded chunks; safe to run twice."""
    actor = Actor.system()
    while True:
        with transaction.atomic():
            customer = Customer.objects.select_for_update().filter(pk=customer_id).first()
            if customer is None or customer.status != CustomerStatus.DELETING:
                return customer
            chunk = list(Subscriber.objects.for_org(customer).current()[:REMOVAL_CHUNK])
            for subscriber in chunk:
                subscriber_remove(subscriber=subscriber, actor=actor)
        if len(chunk) < REMOVAL_CHUNK:
            break
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer_id)
        if customer.status != CustomerStatus.DELETING:
            return customer
        now = timezone.now()
        PackageAssignment.objects.for_org(customer).filter(ended_at__isnull=True).update(
            ended_at=now
        )
        CustomerPackage.objects.for_org(customer).delete()
        customer.offer = CustomerOffer.STANDARD
        customer.attach_requested_at = customer.attach_approved_at = None
        customer.save(
            update_fields=["offer", "attach_requested_at", "attach_approved_at", "updated_at"]
        )
        customer.transition(CustomerStatus.REMOVED, actor=actor)
        return customer
