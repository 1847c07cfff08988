"""Partner Hub reads: scoped, annotated querysets with a fixed number of queries per page
(customer list, wholesale API, compliance queue)."""

from datetime import timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from controlhub.models import Subscriber
from partnerhub.models import CustomerTag, Tag
from portal.access import permissions as p
from portal.access.roles import PARTNER_ROLES, Role
from portal.accounts.invitations import account_state, invitations_prefetch
from portal.models import (
    AuditEvent,
    Customer,
    CustomerPackage,
    CustomerRoleAssignment,
    CustomerStatus,
    OnboardingTemplate,
    Partner,
    PartnerRoleAssignment,
    User,
)

#: Seed 004 "In scadenza a breve" and "Nessuna attività recente".
EXPIRING_WITHIN = timedelta(days=30)
NO_RECENT_ACTIVITY_AFTER = timedelta(days=30)


class ListStatus:
    """What the customer list says about a customer (FEATURES PH-3).

    A customer still being provisioned (or failed, or held) shows its provisioning state; a
    provisioned one shows the first subscription state that applies, in this order.
    """

    ACTIVE = "active"
    EXPIRING_SOON = "expiring_soon"
    LICENSE_OVERAGE = "license_overage"
    NO_RECENT_ACTIVITY = "no_recent_activity"
    INVITED = "invited"
    READY_FOR_ORDER_SETUP = "ready_for_order_setup"
    SUSPENDED = "suspended"
    EXPIRED = "expired"

    SUBSCRIPTION_LABELS = {
        ACTIVE: "Active",
        EXPIRING_SOON: "Expiring soon",
        LICENSE_OVERAGE: "License overage",
        NO_RECENT_ACTIVITY: "No recent activity",
        INVITED: "Invited",
        READY_FOR_ORDER_SETUP: "Ready for order setup",
        SUSPENDED: "Suspended",
        EXPIRED: "Expired",
    }
    PROVISIONING_LABELS = {
        value: label
        for value, label in CustomerStatus.choices
        if value != CustomerStatus.PROVISIONED
    }
    LABELS = {**PROVISIONING_LABELS, **SUBSCRIPTION_LABELS}
    CHOICES = list(LABELS.items())
    BADGES = {
        ACTIVE: "success",
        EXPIRING_SOON: "warning",
        LICENSE_OVERAGE: "danger",
        NO_RECENT_ACTIVITY: "secondary",
        INVITED: "info",
        READY_FOR_ORDER_SETUP: "info",
        SUSPENDED: "danger",
        EXPIRED: "dark",
        CustomerStatus.PROVISIONING: "primary",
        CustomerStatus.UPDATING: "primary",
        CustomerStatus.DELETING: "secondary",
        CustomerStatus.ERROR: "danger",
        CustomerStatus.PROVISIONED_WITH_ERRORS: "warning",
        CustomerStatus.PENDING_RPL_REVIEW: "warning",
    }


def _current_holders(customer_ref: str, package_ref: str):
    return (
        Subscriber.objects.filter(
            customer=OuterRef(customer_ref), package=OuterRef(package_ref), removed_at__isnull=True
        )
        .order_by()
        .values("customer")
        .annotate(n=Count("pk"))
        .values("n")
    )


def with_list_status(customers, *, now=None):
    """Annotate `list_status` (a ListStatus) in SQL so the list filters and paginates on it."""
    now = now or timezone.now()
    over_limit = (
        CustomerPackage.objects.filter(customer=OuterRef("pk"), limit__isnull=False)
        .annotate(held=Coalesce(Subquery(_current_holders("customer", "package")), 0))
        .filter(held__gt=F("limit"))
    )
    has_users = Subscriber.objects.filter(customer=OuterRef("pk"), removed_at__isnull=True)
    # Administrators who could sign in: active, with a password chosen (an invitation still
    # pending leaves Django's unusable-password marker "!").
    able_admins = CustomerRoleAssignment.objects.filter(
        customer=OuterRef("pk"), user__is_active=True
    ).exclude(user__password__startswith="!")
    admin_signed_in = able_admins.filter(user__last_login__gte=now - NO_RECENT_ACTIVITY_AFTER)
    any_admin = CustomerRoleAssignment.objects.filter(customer=OuterRef("pk"))
    return customers.annotate(
        list_status=Case(
            When(~Q(status=CustomerStatus.PROVISIONED), then=F("status")),
            When(suspended_at__isnull=False, then=Value(ListStatus.SUSPENDED)),
            When(subscription__state="suspended", then=Value(ListStatus.SUSPENDED)),
            When(subscription__expires_at__lte=now, then=Value(ListStatus.EXPIRED)),
            When(Exists(over_limit), then=Value(ListStatus.LICENSE_OVERAGE)),
            When(
                subscription__expires_at__lt=now + EXPIRING_WITHIN,
                subscription__auto_renew=False,
                then=Value(ListStatus.EXPIRING_SOON),
            ),
            When(~Exists(has_users), then=Value(ListStatus.READY_FOR_ORDER_SETUP)),
            When(Exists(any_admin) & ~Exists(able_admins), then=Value(ListStatus.INVITED)),
            When(~Exists(admin_signed_in), then=Value(ListStatus.NO_RECENT_ACTIVITY)),
            default=Value(ListStatus.ACTIVE),
            output_field=CharField(),
        )
    )


def customers_visible_in_partner_hub(partner: Partner, user, *, include_sub_partners=False):
    """Customers of `partner` the user may see (a partner admin: only those assigned).

    A parent's admins see a sub-partner's customers only when they ask for them (PH-8).
    """
    owners = Q(owner=partner)
    if include_sub_partners:
        owners |= Q(owner__parent=partner)
    return Customer.objects.visible_to(user, p.ORG_VIEW).filter(owners)


def customer_list(partner: Partner, user, *, include_sub_partners=False):
    """The customer list's rows: status, template, owner, packages and tags in fixed queries."""
    customers = customers_visible_in_partner_hub(
        partner, user, include_sub_partners=include_sub_partners
    )
    return (
        with_list_status(customers)
        .select_related("owner", "template", "subscription")
        .prefetch_related(
            Prefetch("packages", queryset=CustomerPackage.objects.order_by("package")),
            Prefetch("tag_links", queryset=CustomerTag.objects.select_related("tag")),
        )
        .order_by("name", "pk")
    )


def customer_for_partner_hub(partner: Partner, user, customer_id):
    """One customer of this partner (or of its sub-partners) the user may see, else None."""
    return (
        with_list_status(customers_visible_in_partner_hub(partner, user, include_sub_partners=True))
        .select_related("owner__parent", "template", "subscription")
        .filter(pk=customer_id)
        .first()
    )


def customer_precheck_warnings(
    partner: Partner, *, primary_email: str = "", country: str = ""
) -> list[str]:
    """What would make creating a customer fail, said while typing (Create customer).

    The email goes through the provisioning precheck (PV-7) the API and the submit use too.
    """
    from portal.catalogues import regions
    from wholesale.services.customers import customer_precheck

    warnings = []
    email = (primary_email or "").strip().lower()
    if "@" in email:
        problems = customer_precheck(partner=partner, primary_email=email)
        warnings += [
            f"{p.description} Provisioning with it would fail: use another administrator email."
            for p in problems
        ]
    country = (country or "").strip()
    if country and not regions.is_known(country):
        warnings.append(f"Unknown country “{country}”: use a two-letter code such as US or GB.")
    return warnings


def package_usage(customer: Customer):
    """Each provisioned package with its limit and how many current subscribers hold it."""
    return (
        CustomerPackage.objects.for_org(customer)
        .annotate(
            assigned=Coalesce(
                Subquery(_current_holders("customer", "package"), output_field=IntegerField()), 0
            )
        )
        .order_by("package")
    )


#: The audit actions that set a customer's packages and limits: its order history (OP-1).
ORDER_ACTIONS = ("customer.provision", "customer.attach", "customer.update")


def order_history(customer: Customer):
    """Every change of the customer's packages and limits, newest first, with who and when
    (one query)."""
    return (
        AuditEvent.objects.for_org(customer)
        .filter(action__in=ORDER_ACTIONS)
        .select_related("on_behalf_of")
        .order_by("-occurred_at", "-id")
    )


def templates_for(partner: Partner):
    return (
        OnboardingTemplate.objects.for_org(partner)
        .annotate(customer_count=Count("customers"))
        .order_by("name")
    )


def tags_for(partner: Partner):
    return (
        Tag.objects.for_org(partner)
        .annotate(customer_count=Count("customer_links", distinct=True))
        .order_by("name")
    )


def partner_admins(partner: Partner):
    """The partner's admins, each with `partner_roles` (a list of Role) and `account` (Invited,
    Active or Expired, with the invitation), by email."""
    assignments = PartnerRoleAssignment.objects.for_org(partner).order_by("role")
    users = (
        User.objects.filter(partner_roles__partner=partner)
        .distinct()
        .prefetch_related(
            Prefetch("partner_roles", queryset=assignments, to_attr="held"),
            invitations_prefetch(partner),
        )
        .order_by("email")
    )
    for user in users:
        user.partner_role_list = [Role(a.role) for a in user.held]
        user.account = account_state(user)
        yield user


def assigned_partner_admins(customer: Customer):
    """Partner admins (limited to assigned customers) assigned to this customer."""
    return (
        User.objects.filter(
            assignedcustomerpermission__content_object=customer,
            partner_roles__partner=customer.owner,
            partner_roles__role=Role.PARTNER_ADMIN,
        )
        .distinct()
        .order_by("email")
    )


def assignable_partner_admins(customer: Customer):
    """Partner admins of the customer's owner not yet assigned to it."""
    return (
        User.objects.filter(
            partner_roles__partner=customer.owner, partner_roles__role=Role.PARTNER_ADMIN
        )
        .exclude(assignedcustomerpermission__content_object=customer)
        .distinct()
        .order_by("email")
    )


def admins_with_all_customers(customer: Customer):
    """Admins who reach every customer of the owner through their role (shown, not editable)."""
    roles = [r for r in PARTNER_ROLES if r != Role.PARTNER_ADMIN]
    return (
        User.objects.filter(partner_roles__partner=customer.owner, partner_roles__role__in=roles)
        .distinct()
        .order_by("email")
    )
