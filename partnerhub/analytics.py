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


# --- Sections, toggled between Meetings and Calling (seed 004) ----------------------------------

MEETINGS, CALLING = "meetings", "calling"
PRODUCTS = {MEETINGS: "Meetings", CALLING: "Calling"}
#: "Used" means active in the last 7 days (sign-ins count too).
USED_WITHIN = timedelta(days=7)
RECENT_WITHIN = timedelta(days=90)
TREND_WEEKS = 12
CALLING_WEEKS = 8
#: Calling users by usage volume in a week (calls placed + received): label, low, high.
CALL_VOLUME_BUCKETS = [("1–5 calls", 1, 5), ("6–20 calls", 6, 20), ("21+ calls", 21, None)]
TABLE_ROWS = 10


def product_packages(product: str) -> list[str]:
    from portal.catalogues import packages

    return [
        p.value
        for p, info in packages.CATALOGUE.items()
        if not info.addon and (info.meetings if product == MEETINGS else info.calling)
    ]


def _activity_q(product: str, prefix: str = "") -> Q:
    if product == MEETINGS:
        return Q(**{f"{prefix}meetings_hosted__gt": 0}) | Q(**{f"{prefix}meetings_joined__gt": 0})
    return Q(**{f"{prefix}calls_placed__gt": 0}) | Q(**{f"{prefix}calls_received__gt": 0})


def _count(qs):
    return Subquery(
        qs.order_by().values("customer").annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )


def _used_subscribers(product: str, since, until):
    """Current holders of the product's packages active (or signed in) in [since, until)."""
    from controlhub.models import SubscriberActivity
    from portal.models import User

    active = SubscriberActivity.objects.filter(
        _activity_q(product), subscriber=OuterRef("pk"), day__gte=since.date(), day__lt=until.date()
    )
    signed_in = User.objects.filter(
        email=OuterRef("email"), last_login__gte=since, last_login__lt=until
    )
    return Subscriber.objects.filter(
        customer=OuterRef("pk"),
        removed_at__isnull=True,
        package__in=product_packages(product),
    ).filter(Exists(active) | Exists(signed_in))


def product_rows(partner: Partner, user, product: str, *, include_sub_partners=False, now=None):
    """One row per customer holding the product: licenses ordered / assigned / used and their
    weekly changes, the term, the overage; every figure a subquery of one statement."""
    from controlhub.models import PackageAssignment

    now = now or timezone.now()
    names = product_packages(product)
    week_ago = now - timedelta(days=7)
    tomorrow = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    packages_q = CustomerPackage.objects.filter(customer=OuterRef("pk"), package__in=names).exclude(
        status="deleting"
    )
    ordered = (
        packages_q.filter(limit__isnull=False)
        .order_by()
        .values("customer")
        .annotate(n=Sum("limit"))
        .values("n")
    )
    holders = Subscriber.objects.filter(
        customer=OuterRef("pk"), removed_at__isnull=True, package__in=names
    )
    held_week_ago = PackageAssignment.objects.filter(
        Q(ended_at__isnull=True) | Q(ended_at__gt=week_ago),
        customer=OuterRef("pk"),
        subscriber__isnull=False,
        package__in=names,
        started_at__lte=week_ago,
    )
    customers = customers_visible_in_partner_hub(
        partner, user, include_sub_partners=include_sub_partners
    )
    return (
        customers.filter(Exists(packages_q))
        .annotate(
            ordered=Coalesce(Subquery(ordered, output_field=IntegerField()), 0),
            assigned=Coalesce(_count(holders), 0),
            assigned_week_ago=Coalesce(_count(held_week_ago), 0),
            used=Coalesce(_count(_used_subscribers(product, tomorrow - USED_WITHIN, tomorrow)), 0),
            used_week_ago=Coalesce(
                _count(
                    _used_subscribers(
                        product,
                        week_ago - USED_WITHIN + timedelta(days=1),
                        week_ago + timedelta(days=1),
                    )
                ),
                0,
            ),
            used_90_days=Coalesce(
                _count(_used_subscribers(product, tomorrow - RECENT_WITHIN, tomorrow)), 0
            ),
            over_limit=Exists(_over_limit().filter(package__in=names)),
        )
        .select_related("subscription")
        .order_by("name", "pk")
    )


@dataclass
class Section:
    key: str
    title: str
    kpis: list  # (label, value)
    rows: list
    total: int
    link: str = ""


def _pct(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _days(moment, now) -> int:
    return max(0, (moment - now).days + (1 if (moment - now).seconds else 0))


def sections(rows, *, now=None) -> dict[str, Section]:
    """The seed's five sections from `product_rows` (one pass in Python over the rows)."""
    now = now or timezone.now()
    rows = list(rows)
    for r in rows:
        r.available = max(r.ordered - r.assigned, 0)
        r.assigned_unused = max(r.assigned - r.used, 0)
        r.overage = max(r.assigned - r.ordered, 0) if r.over_limit else 0
        r.days_since_added = (now - r.created_at).days
        r.months_since_added = r.days_since_added // 30
        r.assignment_change = r.assigned - r.assigned_week_ago
        r.usage_change = r.used - r.used_week_ago
        r.assigned_pct = _pct(r.assigned, r.ordered)
        r.used_pct = _pct(r.used, r.ordered)
        term = getattr(r, "subscription", None) if hasattr(r, "subscription") else None
        r.subscription_id = term.subscription_id if term else ""
        r.expires_at = term.expires_at if term else None
        r.auto_renew = bool(term and term.auto_renew)
        r.days_left = _days(r.expires_at, now) if r.expires_at else None
        r.months_left = r.days_left // 30 if r.days_left is not None else None
    window = [r for r in rows if r.expires_at and now < r.expires_at <= now + UPCOMING_WITHIN]
    recent = [r for r in rows if r.created_at >= now - RECENT_WITHIN]
    expiring = sorted((r for r in window if not r.auto_renew), key=lambda r: r.expires_at)
    renewing = sorted((r for r in window if r.auto_renew), key=lambda r: r.expires_at)
    ordered_total = sum(r.ordered for r in rows)
    assigned_total = sum(r.assigned for r in rows)
    low = sorted(
        (
            r
            for r in rows
            if r.ordered
            and assigned_total
            and r.assigned * ordered_total * LOW_ASSIGNMENT_DIVISOR < r.ordered * assigned_total
        ),
        key=lambda r: r.assigned_pct,
    )
    over = sorted((r for r in rows if r.over_limit), key=lambda r: -r.overage)

    def share(group, field):
        return _pct(sum(getattr(r, field) for r in group), sum(r.ordered for r in group))

    total_overage = sum(r.overage for r in over)
    return {
        "recent": Section(
            "recent",
            "Recently added customers in the last 90 days",
            [("New customers", len(recent)), ("Total licenses", sum(r.ordered for r in recent))],
            sorted(recent, key=lambda r: r.created_at, reverse=True)[:TABLE_ROWS],
            len(recent),
        ),
        "expiring": Section(
            "expiring",
            "Expiring in the next 90 days",
            [
                ("Expiring customers", len(expiring)),
                ("License assignment", f"{share(expiring, 'assigned')}%"),
                ("License usage", f"{share(expiring, 'used')}%"),
            ],
            expiring[:TABLE_ROWS],
            len(expiring),
        ),
        "renewing": Section(
            "renewing",
            "Renewing in the next 90 days",
            [
                ("Renewing customers", len(renewing)),
                ("License assignment", f"{share(renewing, 'assigned')}%"),
                ("License usage", f"{share(renewing, 'used')}%"),
            ],
            renewing[:TABLE_ROWS],
            len(renewing),
        ),
        "low": Section(
            "low",
            "Low license assignment",
            [
                ("Low assignment customers", len(low)),
                ("License assignment", f"{share(low, 'assigned')}%"),
                (
                    "License usage when assigned",
                    f"{_pct(sum(r.used for r in low), sum(r.assigned for r in low))}%",
                ),
                ("Total unassigned licenses", sum(r.available for r in low)),
            ],
            low[:TABLE_ROWS],
            len(low),
        ),
        "over": Section(
            "over",
            "Customers over the license limit",
            [
                ("Customers with overages", len(over)),
                ("Total license overage", total_overage),
                ("Average license overage", round(total_overage / len(over), 1) if over else 0),
            ],
            over[:TABLE_ROWS],
            len(over),
        ),
    }


def license_trend(partner: Partner, user, product: str, *, include_sub_partners=False, now=None):
    """Weekly points (oldest first) of licenses assigned and used, with today's ordered total:
    two aggregate queries plus one for ordered."""
    from controlhub.models import PackageAssignment, SubscriberActivity

    now = now or timezone.now()
    names = product_packages(product)
    customers = customers_visible_in_partner_hub(
        partner, user, include_sub_partners=include_sub_partners
    ).values("pk")
    ends = [now - timedelta(weeks=w) for w in range(TREND_WEEKS - 1, -1, -1)]
    assignments = PackageAssignment.objects.filter(
        customer__in=customers, subscriber__isnull=False, package__in=names
    )
    assigned = assignments.aggregate(
        **{
            f"w{i}": Count(
                "subscriber",
                distinct=True,
                filter=Q(started_at__lte=end) & (Q(ended_at__isnull=True) | Q(ended_at__gt=end)),
            )
            for i, end in enumerate(ends)
        }
    )
    activity = SubscriberActivity.objects.filter(
        _activity_q(product), customer__in=customers, subscriber__package__in=names
    )
    used = activity.aggregate(
        **{
            f"w{i}": Count(
                "subscriber",
                distinct=True,
                filter=Q(day__gt=(end - USED_WITHIN).date(), day__lte=end.date()),
            )
            for i, end in enumerate(ends)
        }
    )
    ordered = (
        CustomerPackage.objects.filter(
            customer__in=customers, package__in=names, limit__isnull=False
        )
        .exclude(status="deleting")
        .aggregate(n=Coalesce(Sum("limit"), 0))["n"]
    )
    return {
        "labels": [end.date().isoformat() for end in ends],
        "ordered": [ordered] * len(ends),
        "assigned": [assigned[f"w{i}"] for i in range(len(ends))],
        "used": [used[f"w{i}"] for i in range(len(ends))],
    }


def calling_usage(partner: Partner, user, *, include_sub_partners=False, now=None):
    """Seed 004 "Calling usage in the last week": calling users by usage volume over the last 8
    weeks (one query), and per customer the last week against the one before (one query)."""
    from controlhub.models import SubscriberActivity

    now = now or timezone.now()
    today = now.date()
    customers = customers_visible_in_partner_hub(
        partner, user, include_sub_partners=include_sub_partners
    )
    since = today - timedelta(weeks=CALLING_WEEKS) + timedelta(days=1)
    activity = SubscriberActivity.objects.filter(
        customer__in=customers.values("pk"), day__gte=since, day__lte=today
    )
    calls = F("calls_placed") + F("calls_received")
    # Per user, the calls of each week (w0 = the last 7 days); then, over those rows, how many
    # users fall in each volume bucket per week: one statement (an aggregate over a subquery).
    weeks = {
        f"w{i}": Sum(
            calls,
            filter=Q(
                day__gt=today - timedelta(days=7 * (i + 1)), day__lte=today - timedelta(days=7 * i)
            ),
        )
        for i in range(CALLING_WEEKS)
    }
    per_user = activity.order_by().values("subscriber").annotate(**weeks)
    buckets = per_user.aggregate(
        **{
            f"b{b}w{i}": Count(
                "subscriber",
                filter=Q(**{f"w{i}__gte": low})
                & (Q() if high is None else Q(**{f"w{i}__lte": high})),
            )
            for b, (_, low, high) in enumerate(CALL_VOLUME_BUCKETS)
            for i in range(CALLING_WEEKS)
        }
    )
    series = {
        label: [buckets[f"b{b}w{i}"] for i in range(CALLING_WEEKS - 1, -1, -1)]
        for b, (label, _, _) in enumerate(CALL_VOLUME_BUCKETS)
    }
    labels = [
        (today - timedelta(weeks=CALLING_WEEKS - 1 - i)).isoformat() for i in range(CALLING_WEEKS)
    ]
    last_week = Q(day__gt=today - timedelta(days=7))
    before = Q(day__gt=today - timedelta(days=14), day__lte=today - timedelta(days=7))
    table = list(
        activity.filter(day__gt=today - timedelta(days=14))
        .order_by()
        .values("customer", "customer__name")
        .annotate(
            users=Count("subscriber", distinct=True, filter=last_week & _activity_q(CALLING)),
            users_before=Count("subscriber", distinct=True, filter=before & _activity_q(CALLING)),
            calls=Coalesce(Sum(calls, filter=last_week), 0),
            calls_before=Coalesce(Sum(calls, filter=before), 0),
            minutes=Coalesce(Sum("minutes", filter=last_week), 0),
        )
        .order_by("-calls", "customer__name")[:TABLE_ROWS]
    )
    for row in table:
        row["calls_change"] = row["calls"] - row["calls_before"]
        row["users_change"] = row["users"] - row["users_before"]
    return {"labels": labels, "series": series}, table
