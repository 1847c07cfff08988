"""Wholesale reads: the one lookup of customers, subscribers and sub-partners inside the acting
partner (API-1, API-2, API-3, PH-8). Client-sent ids are decoded and looked up here, never
trusted: an id outside the partner is simply not found."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from controlhub.models import Subscriber
from portal.api import ids
from portal.models import Customer, CustomerOffer, CustomerPackage, Partner


def wholesale_customers(partner: Partner):
    """The wholesale customers a partner owns, with their packages prefetched (API-1).

    Removed (PV-9), BroadWorks (PV-10) and not-yet-attached orgs are not wholesale customers.
    """
    return (
        Customer.objects.filter(owner=partner, offer=CustomerOffer.WHOLESALE)
        .prefetch_related(
            Prefetch("packages", queryset=CustomerPackage.objects.order_by("package"))
        )
        .order_by("created_at", "id")
    )


def wholesale_customer(partner: Partner, customer_id) -> Customer | None:
    """One of the partner's wholesale customers from an encoded (or plain) id, else None."""
    pk = ids.decode((ids.CUSTOMER, ids.ORGANIZATION), str(customer_id or ""))
    return wholesale_customers(partner).filter(pk=pk).first() if pk else None


def owned_organization(partner: Partner, org_id) -> Customer | None:
    """Any organization the partner owns (wholesale or not yet, PV-8), from an encoded or plain
    id or the object itself."""
    if isinstance(org_id, Customer):
        return org_id if org_id.owner_id == partner.pk else None
    pk = ids.decode((ids.ORGANIZATION, ids.CUSTOMER), str(org_id or ""))
    return Customer.objects.filter(owner=partner, pk=pk).first() if pk else None


def wholesale_subscribers(partner: Partner, *, walk: bool = False):
    """Current subscribers of a partner's wholesale customers.

    `walk` for a page in an indexed order (created, last status change) of a partner with many
    customers: each subscriber is checked on its own (EXISTS), so the database walks the order's
    index and stops at the page's end, instead of gathering all the partner's subscribers and
    sorting them (0.3 s for 160,000 on SQLite). For a partner with few subscribers the walk would
    pass over everyone else's: see holds_many_customers."""
    customers = Customer.objects.filter(owner=partner, offer=CustomerOffer.WHOLESALE)
    if walk:
        subscribers = Subscriber.objects.filter(
            Exists(customers.filter(pk=OuterRef("customer_id")))
        )
    else:
        subscribers = Subscriber.objects.filter(customer__in=customers)
    return subscribers.current().select_related("customer")


def wholesale_subscriber(partner: Partner, subscriber_id) -> Subscriber | None:
    """One current subscriber of the partner's wholesale customers from an encoded id."""
    pk = ids.decode((ids.SUBSCRIBER, ids.PEOPLE), str(subscriber_id or ""))
    return wholesale_subscribers(partner).filter(pk=pk).first() if pk else None


def holds_many_customers(partner: Partner) -> bool:
    """Whether a tenth or more of all customers are the partner's wholesale customers (one
    query)."""
    counts = Customer.objects.aggregate(
        total=Count("pk"),
        mine=Count("pk", filter=Q(owner=partner, offer=CustomerOffer.WHOLESALE)),
    )
    return bool(counts["total"]) and counts["mine"] * 10 >= counts["total"]


def sub_partner_list(parent: Partner):
    """The parent's sub-partners with their customer counts and shared subscription, in one
    query (the counts are annotated, not looked up per row); wholesale.filtersets narrows it."""
    return (
        Partner.objects.filter(parent=parent)
        .select_related("wholesale_subscription")
        .annotate(customer_count=Count("customers"))
        .order_by("name", "pk")
    )


def sub_partner_for(parent: Partner, sub_partner_id) -> Partner | None:
    """One of the parent's own sub-partners, else None (the caller answers 404)."""
    return sub_partner_list(parent).filter(pk=sub_partner_id).first()


# --- Wholesale Setup Assist (PH-11) -------------------------------------------------------------


def setup_assist_requests():
    """Setup Assist requests with what their lists show, phases prefetched: one query per list
    whatever its length (plus one for the phases)."""
    from django.db.models import Prefetch

    from wholesale.models import SetupAssistPhase, SetupAssistRequest

    return SetupAssistRequest.objects.select_related(
        "customer", "location", "partner", "requested_by"
    ).prefetch_related(
        Prefetch("phase_log", queryset=SetupAssistPhase.objects.select_related("by"))
    )


def setup_assist_request(partner, request_id):
    """One request of a customer the partner owns (the acting partner: a sub-partner's through
    onBehalfOfSubPartnerOrgId, as wholesale_customer), by its id, or None."""
    from portal.api import ids

    pk = ids.decode(ids.SETUP_ASSIST, str(request_id or ""))
    if pk is None:
        return None
    return setup_assist_requests().filter(pk=pk, partner=partner).first()
