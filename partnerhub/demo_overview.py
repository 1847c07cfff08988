"""Demo data for the Partner Hub Overview (PH-9): 90 days of plausible daily activity for the
demo's users, and a few auto-renewing terms, so every KPI and chart has a shape.

Deterministic (each user's pattern is seeded by its id) and written as upserts, so a second
`load_demo` changes nothing. Users created by `seed_scale` are left alone.
"""

import random
from datetime import timedelta

from django.db.models import Min
from django.utils import timezone

from controlhub.models import PackageAssignment, Subscriber, SubscriberActivity
from portal.demo import demo_id
from portal.models import Customer
from wholesale.models import CustomerSubscription

DAYS = 90
#: Acme customers whose term renews itself within 90 days (seed 004 "Upcoming renewals").
RENEWING = {"Relecloud": 40, "Nod Publishers": 75, "Tailwind Legal": 20}
SCALE_DOMAIN = "scale.example"


def load() -> None:
    today = timezone.now().date()
    _ensure_renewals(today)
    _ensure_activity(today)


def _ensure_renewals(today) -> None:
    acme = demo_id("partner", "Acme Telecom")
    for name, days in RENEWING.items():
        customer = Customer.objects.filter(owner_id=acme, name=name).first()
        if customer is None:
            continue
        CustomerSubscription.objects.filter(customer=customer, expires_at__isnull=True).update(
            auto_renew=True,
            term_start=today + timedelta(days=days) - timedelta(days=365),
            expires_at=timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
            + timedelta(days=days),
        )


def _profile(rng: random.Random, package: str):
    """Per user: how often active and how heavily, by what the package offers."""
    kind = rng.random()
    if kind < 0.2:
        return None  # never active: assigned but not used
    rate = 0.15 if kind < 0.35 else 0.75  # occasional or regular
    calling = "meetings" not in package or package in {"webex_suite"}
    meetings = package in {"webex_meetings", "webex_suite", "webex_calling", "cx_essentials"}
    return rate, calling, meetings, rng.uniform(0.5, 2.0)


def _ensure_activity(today) -> None:
    subscribers = (
        Subscriber.objects.filter(removed_at__isnull=True)
        .exclude(email__endswith=SCALE_DOMAIN)
        .only("pk", "customer_id", "package")
        .order_by("pk")
    )
    # Activity only while the user holds a package, so "used" never exceeds "assigned".
    since = dict(
        PackageAssignment.objects.filter(subscriber__isnull=False, ended_at__isnull=True)
        .order_by()
        .values("subscriber")
        .annotate(first=Min("started_at"))
        .values_list("subscriber", "first")
    )
    rows = []
    start = today - timedelta(days=DAYS - 1)
    for subscriber in subscribers:
        if subscriber.pk not in since:
            continue
        held_from = since[subscriber.pk].date()
        rng = random.Random(str(subscriber.pk))
        profile = _profile(rng, subscriber.package)
        if profile is None:
            continue
        rate, calling, meetings, weight = profile
        # Some users start later or stop: the trend has a shape.
        first = rng.randrange(0, 40) if rng.random() < 0.3 else 0
        last = DAYS - rng.randrange(1, 20) if rng.random() < 0.1 else DAYS
        for offset in range(first, last):
            day = start + timedelta(days=offset)
            if day < held_from:
                continue
            # Seeded by the user and the date: a day's figures are the same whenever loaded.
            rng = random.Random(f"{subscriber.pk}/{day.isoformat()}")
            weekend = day.weekday() >= 5
            if rng.random() > (rate * (0.2 if weekend else 1.0)):
                continue
            placed = int(rng.expovariate(1 / (4 * weight))) if calling else 0
            received = int(rng.expovariate(1 / (3 * weight))) if calling else 0
            hosted = int(rng.random() < 0.3 * weight) if meetings else 0
            joined = int(rng.expovariate(1 / (1.2 * weight))) if meetings else 0
            minutes = placed * 4 + received * 3 + (hosted + joined) * 25
            if not (placed or received or hosted or joined):
                continue
            rows.append(
                SubscriberActivity(
                    subscriber_id=subscriber.pk,
                    customer_id=subscriber.customer_id,
                    day=day,
                    calls_placed=placed,
                    calls_received=received,
                    meetings_hosted=hosted,
                    meetings_joined=joined,
                    minutes=minutes,
                )
            )
    SubscriberActivity.objects.bulk_create(
        rows,
        batch_size=5000,
        update_conflicts=True,
        unique_fields=["subscriber", "day"],
        update_fields=[
            "calls_placed",
            "calls_received",
            "meetings_hosted",
            "meetings_joined",
            "minutes",
        ],
    )
