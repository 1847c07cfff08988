"""The operator's reads (OP-1): the partners list with its counts, one partner, the audit log."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from billing import selectors as billing
from billing.models import Sku, SkuPrice
from billing.usage import today_utc
from controlhub.models import Subscriber
from portal.access.roles import Role
from portal.models import AuditEvent, Customer, Partner, User
from screening.models import DeniedParty


def _count(queryset, ref: str):
    return Coalesce(
        Subquery(
            queryset.order_by().values(ref).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _owned_by(prefix: str) -> Q:
    """Owned by the outer partner or one of its sub-partners."""
    return Q(**{prefix: OuterRef("pk")}) | Q(**{f"{prefix}__parent": OuterRef("pk")})


def partner_list():
    """Top-level partners with their sub-partner, customer and current user counts, in one
    query (the month's estimate comes from `partner_estimates`)."""
    customers = Customer.objects.filter(_owned_by("owner")).annotate(
        top=Coalesce("owner__parent_id", "owner_id")
    )
    users = Subscriber.objects.filter(
        _owned_by("customer__owner"), removed_at__isnull=True
    ).annotate(top=Coalesce("customer__owner__parent_id", "customer__owner_id"))
    return (
        Partner.objects.filter(parent__isnull=True)
        .select_related("wholesale_subscription")
        .annotate(
            sub_partner_count=_count(Partner.objects.filter(parent=OuterRef("pk")), "parent"),
            customer_count=_count(customers, "top"),
            user_count=_count(users, "top"),
        )
        .order_by("name", "pk")
    )


def partner_estimates(partners) -> dict:
    return billing.month_estimates(list(partners), today_utc())


def operator_partner(partner_id) -> Partner | None:
    """A top-level partner by id; sub-partners are their parent's to manage (404 here)."""
    return (
        Partner.objects.filter(pk=partner_id, parent__isnull=True)
        .select_related("wholesale_subscription")
        .first()
    )


def subscription_skus(subscription):
    """The subscription's SKUs with their price changes (two queries)."""
    if subscription is None:
        return Sku.objects.none()
    return Sku.objects.filter(subscription=subscription.price_list).prefetch_related(
        Prefetch("price_changes", queryset=SkuPrice.objects.order_by("effective_from"))
    )


def compliance_reviewers():
    return User.objects.filter(platform_roles__role=Role.COMPLIANCE_REVIEWER).order_by("email")


def denied_party_count() -> int:
    return DeniedParty.objects.count()


def operator_events():
    return AuditEvent.objects.filter(operator=True)
