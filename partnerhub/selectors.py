"""Partner Hub reads: scoped querysets for the wholesale API and the compliance queue."""

from django.db.models import Prefetch

from partnerhub.models import ScreeningCase, ScreeningCaseStatus
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


def screening_queue(status: str = ScreeningCaseStatus.OPEN):
    """Screening cases for compliance reviewers (a platform role: every partner's customers),
    oldest first."""
    return (
        ScreeningCase.objects.filter(status=status)
        .select_related("customer__owner", "decided_by")
        .order_by("opened_at", "id")
    )


def attach_request_packages(customer: Customer):
    """The packages a partner asked to attach to the customer's org (PV-8)."""
    return CustomerPackage.objects.for_org(customer).order_by("package")
