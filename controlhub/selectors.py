from portal.access.roles import Role
from portal.catalogues import packages
from portal.models import Customer, CustomerPackage, CustomerRoleAssignment


def full_admin_emails(customer: Customer) -> set[str]:
    """The customer's full administrators: its primary admin and every full-admin role holder."""
    emails = set(
        CustomerRoleAssignment.objects.filter(
            customer=customer, role=Role.CUSTOMER_FULL_ADMIN
        ).values_list("user__email", flat=True)
    )
    if customer.primary_email:
        emails.add(customer.primary_email.lower())
    return emails


def customer_package_level(customer: Customer) -> packages.Package | None:
    """The customer's package level: the highest package it was provisioned with."""
    names = CustomerPackage.objects.for_org(customer).exclude(status="deleting")
    return packages.highest(names.values_list("package", flat=True))


def current_subscribers(customer: Customer):
    from controlhub.models import Subscriber

    return Subscriber.objects.for_org(customer).current()


def email_in_use(email: str, *, exclude_subscriber=None) -> bool:
    """Whether a current subscriber of any customer already has this email."""
    from controlhub.models import Subscriber

    qs = Subscriber.objects.current().with_email(email)
    if exclude_subscriber is not None:
        qs = qs.exclude(pk=exclude_subscriber.pk)
    return qs.exists()


# --- Lists and pages ------------------------------------------------------------------------


def subscriber_list(customer: Customer):
    """Users of the organization with what a list row shows, in one query per page."""
    from controlhub.models import Subscriber

    return Subscriber.objects.for_org(customer).select_related("location", "phone_number")


def admin_roles_by_email(customer: Customer, emails) -> dict[str, list[Role]]:
    """The administrator roles held in `customer` by the people with these emails (one query)."""
    roles: dict[str, list[Role]] = {}
    rows = CustomerRoleAssignment.objects.for_org(customer).filter(user__email__in=list(emails))
    for email, role in rows.values_list("user__email", "role").order_by("role"):
        roles.setdefault(email, []).append(Role(role))
    return roles


def administrators(customer: Customer):
    """Role assignments with `user.org_invitations` (for account_state, AC-1)."""
    from django.db.models import Prefetch

    from portal.models import Invitation

    return (
        CustomerRoleAssignment.objects.for_org(customer)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__invitations",
                queryset=Invitation.objects.for_org(customer),
                to_attr="org_invitations",
            )
        )
        .order_by("user__email", "role")
    )


def organization_settings(customer: Customer):
    from controlhub.models import OrganizationSettings

    settings, _ = OrganizationSettings.objects.get_or_create(customer=customer)
    return settings


def location_list(customer: Customer):
    from django.db.models import Count, Q

    from controlhub.models import Location

    return Location.objects.for_org(customer).annotate(
        user_count=Count(
            "subscribers", filter=Q(subscribers__removed_at__isnull=True), distinct=True
        ),
        number_count=Count("numbers", distinct=True),
        free_number_count=Count(
            "numbers",
            filter=Q(numbers__subscriber__isnull=True, numbers__workspace__isnull=True),
            distinct=True,
        ),
    )


def number_list(customer: Customer):
    from controlhub.models import PhoneNumber

    return PhoneNumber.objects.for_org(customer).select_related(
        "location", "subscriber", "workspace"
    )


def free_numbers(customer: Customer, location=None):
    from controlhub.models import PhoneNumber

    numbers = PhoneNumber.objects.for_org(customer).filter(
        subscriber__isnull=True, workspace__isnull=True
    )
    if location is not None:
        numbers = numbers.filter(location=location)
    return numbers.select_related("location")


def domain_list(customer: Customer):
    from controlhub.models import Domain

    return Domain.objects.for_org(customer)


def attach_request_packages(customer: Customer):
    """The packages a partner asked to attach to the customer's org (PV-8)."""
    return CustomerPackage.objects.for_org(customer).order_by("package")


def workspace_list(customer: Customer):
    """Current workspaces with what a list row shows (location, number), one query per page."""
    from controlhub.models import Workspace

    return (
        Workspace.objects.for_org(customer)
        .current()
        .select_related("location", "phone_number")
        .order_by("name", "id")
    )


def device_list(customer: Customer):
    """Devices of the organization with their user or workspace, one query per page."""
    from controlhub.models import Device

    return (
        Device.objects.for_org(customer)
        .select_related("subscriber", "workspace")
        .order_by("-created_at", "id")
    )


# --- Control Hub overview (PH-9) ---------------------------------------------------------------

#: A user is "used" when active (imported activity) or signed in within these days.
USED_WITHIN_DAYS = 7


def license_overview(customer: Customer, *, now=None):
    """Per provisioned package: ordered (its limit), assigned (current users and workspaces),
    used (users active or signed in in the last 7 days); one query."""
    from datetime import timedelta

    from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from controlhub.models import Subscriber, SubscriberActivity, Workspace
    from portal.models import User

    now = now or timezone.now()
    since = now - timedelta(days=USED_WITHIN_DAYS)

    def count(qs):
        return Coalesce(
            Subquery(
                qs.order_by().values("package").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        )

    holders = Subscriber.objects.filter(
        customer=customer, package=OuterRef("package"), removed_at__isnull=True
    )
    active = SubscriberActivity.objects.filter(subscriber=OuterRef("pk"), day__gt=since.date())
    signed_in = User.objects.filter(email=OuterRef("email"), last_login__gte=since)
    workspaces = Workspace.objects.filter(
        customer=customer, package=OuterRef("package"), removed_at__isnull=True
    )
    return (
        CustomerPackage.objects.for_org(customer)
        .exclude(status="deleting")
        .annotate(
            assigned=count(holders),
            workspaces=count(workspaces),
            used=count(holders.filter(Exists(active) | Exists(signed_in))),
        )
        .annotate(assigned_unused=F("assigned") - F("used"))
        .order_by("package")
    )


def users_by_status(customer: Customer) -> list[tuple[str, int]]:
    from django.db.models import Count

    from controlhub.models import Subscriber, SubscriberStatus

    counts = dict(
        Subscriber.objects.for_org(customer)
        .filter(removed_at__isnull=True)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return [
        (label, counts.get(value, 0))
        for value, label in SubscriberStatus.choices
        if value != "removed"
    ]


def number_counts(customer: Customer) -> dict:
    from django.db.models import Count, Q

    from controlhub.models import PhoneNumber

    return PhoneNumber.objects.for_org(customer).aggregate(
        total=Count("pk"),
        free=Count("pk", filter=Q(subscriber__isnull=True, workspace__isnull=True)),
    )
