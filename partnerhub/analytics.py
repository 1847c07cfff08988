"""The Partner Hub Overview's figures (FEATURES PH-9; seed 004 "Key performance indicators").

Selectors only: every figure is aggregated in SQL over the customers the viewer may see
(`customers_visible_in_partner_hub`, so an assigned partner admin sees only the assigned
customers' figures, and a cross-launched parent the sub-partner's). The customers list filters
on the same definitions (`kpi_filter`), so a KPI's link lists exactly the customers it counts.

Definitions (docs/features.md, PH-9):

- *upcoming expirations*: the service term ends within the next 90 days
  (now < expires_at ≤ now + 90 days) and does not renew itself;
- *upcoming renewals*: the same window, renewing automatically;
- *ordered* licenses: the sum of the customer's package limits (a package without a limit
  orders nothing countable); *assigned*: its current users;
- *low license assignment*: a customer with ordered licenses whose assigned share
  (assigned / ordered) is below half of the share of the viewer's customers taken together
  (LOW_ASSIGNMENT_DIVISOR);
- *over license limit*: a package holding more current users than its limit.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from controlhub.models import Subscriber
from partnerhub.selectors import customers_visible_in_partner_hub
from portal.models import Customer, CustomerPackage, Partner

#: Seed 004: "entro i prossimi 90 giorni".
UPCOMING_WITHIN = timedelta(days=90)
#: A customer's assigned share below 1/LOW_ASSIGNMENT_DIVISOR of the partner-wide share is "low".
LOW_ASSIGNMENT_DIVISOR = 2


class Kpi:
    EXPIRING = "expiring"
    RENEWING = "renewing"
    LOW_ASSIGNMENT = "low_assignment"
    OVER_LIMIT = "over_limit"
    LABELS = {
        EXPIRING: "Upcoming expirations",
        RENEWING: "Upcoming renewals",
        LOW_ASSIGNMENT: "Low license assignment",
        OVER_LIMIT: "Over license limit",
    }
    CHOICES = list(LABELS.items())


def _ordered():
    return (
        CustomerPackage.objects.filter(customer=OuterRef("pk"), limit__isnull=False)
        .exclude(status="deleting")
        .order_by()
        .values("customer")
        .annotate(n=Sum("limit"))
        .values("n")
    )


def _assigned():
    return (
        Subscriber.objects.filter(customer=OuterRef("pk"), removed_at__isnull=True)
        .order_by()
        .values("customer")
        .annotate(n=Count("pk"))
        .values("n")
    )


def _over_limit():
    held = (
        Subscriber.objects.filter(
            customer=OuterRef("customer"), package=OuterRef("package"), removed_at__isnull=True
        )
        .order_by()
        .values("customer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        CustomerPackage.objects.filter(customer=OuterRef("pk"), limit__isnull=False)
        .annotate(held=Coalesce(Subquery(held, output_field=IntegerField()), 0))
        .filter(held__gt=F("limit"))
    )


def with_license_counts(customers):
    """Annotate `ordered`, `assigned` and `over_limit` in SQL."""
    return customers.annotate(
        ordered=Coalesce(Subquery(_ordered(), output_field=IntegerField()), 0),
        assigned=Coalesce(Subquery(_assigned(), output_field=IntegerField()), 0),
        over_limit=Exists(_over_limit()),
    )


def _window(now):
    return Q(subscription__expires_at__gt=now, subscription__expires_at__lte=now + UPCOMING_WITHIN)


def _expiring(now):
    return _window(now) & Q(subscription__auto_renew=False)


def _renewing(now):
    return _window(now) & Q(subscription__auto_renew=True)


def _low_assignment(counted, ordered_total: int, assigned_total: int):
    # assigned / ordered < (assigned_total / ordered_total) / DIVISOR, in integers.
    if not ordered_total or not assigned_total:
        return counted.none()
    return counted.annotate(scaled=F("assigned") * (ordered_total * LOW_ASSIGNMENT_DIVISOR)).filter(
        ordered__gt=0, scaled__lt=F("ordered") * assigned_total
    )


def _totals(customers) -> dict:
    return with_license_counts(customers.order_by()).aggregate(
        ordered_total=Coalesce(Sum("ordered"), 0), assigned_total=Coalesce(Sum("assigned"), 0)
    )


def kpi_filter(customers, kpi: str, *, now=None):
    """`customers` narrowed to those the KPI counts (the customers list's `kpi` filter)."""
    now = now or timezone.now()
    if kpi == Kpi.EXPIRING:
        return customers.filter(_expiring(now))
    if kpi == Kpi.RENEWING:
        return customers.filter(_renewing(now))
    counted = with_license_counts(customers)
    if kpi == Kpi.OVER_LIMIT:
        return counted.filter(over_limit=True)
    if kpi == Kpi.LOW_ASSIGNMENT:
        totals = _totals(customers)
        return _low_assignment(counted, totals["ordered_total"], totals["assigned_total"])
    return customers


@dataclass(frozen=True)
class Kpis:
    total_customers: int
    expiring: int
    renewing: int
    low_assignment: int
    over_limit: int
    ordered: int
    assigned: int

    @property
    def assigned_share(self) -> int:
        """Percent of ordered licenses assigned, across the customers counted."""
        return round(100 * self.assigned / self.ordered) if self.ordered else 0


def partner_kpis(partner: Partner, user, *, include_sub_partners=False, now=None) -> Kpis:
    """The five KPIs of the Overview (two queries)."""
    now = now or timezone.now()
    customers = customers_visible_in_partner_hub(
        partner, user, include_sub_partners=include_sub_partners
    ).order_by()
    counted = with_license_counts(customers)
    first = counted.aggregate(
        total=Count("pk"),
        expiring=Count("pk", filter=_expiring(now)),
        renewing=Count("pk", filter=_renewing(now)),
        over=Count("pk", filter=Q(over_limit=True)),
        ordered_total=Coalesce(Sum("ordered"), 0),
        assigned_total=Coalesce(Sum("assigned"), 0),
    )
    low = _low_assignment(counted, first["ordered_total"], first["assigned_total"]).count()
    return Kpis(
        total_customers=first["total"],
        expiring=first["expiring"],
        renewing=first["renewing"],
        low_assignment=low,
        over_limit=first["over"],
        ordered=first["ordered_total"],
        assigned=first["assigned_total"],
    )


def activity_scope(partner: Partner, user=None):
    """The users whose activity the partner may import: its and its indirect providers'
    customers' users (for a user, those it may see)."""
    if user is None:
        customers = Customer.objects.filter(Q(owner=partner) | Q(owner__parent=partner))
    else:
        customers = customers_visible_in_partner_hub(partner, user, include_sub_partners=True)
    return Subscriber.objects.filter(customer__in=customers.values("pk"))
