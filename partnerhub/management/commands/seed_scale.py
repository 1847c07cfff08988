"""Fill the database at scale for benchmarks (FEATURES PF-4).

    python manage.py seed_scale --customers 10000 --subscribers 200000 --days 90

Run after `load_demo`: the customers go to Acme Telecom and its sub-partners, so the demo admins
see them. Sizes follow the seed's shape ("many thousands of very small SMB customers", most
under 20 users) with a long tail up to 200. Everything is bulk-inserted in chunks.
"""

import random
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from controlhub.models import Location, PackageAssignment, Subscriber, SubscriberStatus
from portal.demo import demo_id
from portal.models import Customer, CustomerPackage, CustomerStatus, PackageStatus, Partner

SCALE_DOMAIN = "scale.example"
CHUNK = 5000
PACKAGE_MIX = [
    ("webex_calling", 50),
    ("webex_suite", 15),
    ("webex_meetings", 15),
    ("webex_voice", 12),
    ("cx_essentials", 5),
    ("webex_calling_standard", 3),
]
STATUS_MIX = [
    (CustomerStatus.PROVISIONED, 90),
    (CustomerStatus.PROVISIONED_WITH_ERRORS, 3),
    (CustomerStatus.PROVISIONING, 3),
    (CustomerStatus.ERROR, 2),
    (CustomerStatus.PENDING_RPL_REVIEW, 2),
]
COUNTRIES = ["US", "US", "US", "CA", "GB", "DE", "FR", "AU", "SG", "NL"]


def customer_sizes(customers: int, subscribers: int, rng: random.Random) -> list[int]:
    """`customers` sizes between 1 and 200 summing to `subscribers`, mostly under 20."""
    if subscribers < customers:
        raise CommandError("Need at least one subscriber per customer.")
    if subscribers > customers * 200:
        raise CommandError("At most 200 subscribers per customer.")
    sizes = [min(200, max(1, int(rng.paretovariate(1.3) * 4))) for _ in range(customers)]
    sizes[0] = 200  # one large customer for the Control Hub list benchmark
    total = sum(sizes)
    # Nudge sizes until the sum is exact, keeping each within 1..200.
    while total != subscribers:
        i = rng.randrange(customers)
        if total < subscribers and sizes[i] < 200:
            step = min(200 - sizes[i], subscribers - total, max(1, sizes[i]))
            sizes[i] += step
            total += step
        elif total > subscribers and sizes[i] > 1 and i != 0:
            step = min(sizes[i] - 1, total - subscribers)
            sizes[i] -= step
            total -= step
    return sizes


@contextmanager
def backdating(model, *names):
    """Let bulk_create keep the given auto_now_add timestamps instead of stamping "now"."""
    fields = [model._meta.get_field(name) for name in names]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def weighted(rng: random.Random, mix):
    return rng.choices([v for v, _ in mix], weights=[w for _, w in mix])[0]


class Command(BaseCommand):
    help = "Add N customers and M subscribers with D days of history to the demo partners."

    def add_arguments(self, parser):
        parser.add_argument("--customers", type=int, default=10_000)
        parser.add_argument("--subscribers", type=int, default=200_000)
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, customers, subscribers, days, seed, **options):
        acme = Partner.objects.filter(pk=demo_id("partner", "Acme Telecom")).first()
        if acme is None:
            raise CommandError("Run `python manage.py load_demo` first.")
        if Customer.objects.filter(external_id__startswith="SCALE-").exists():
            raise CommandError("Scale data is already loaded; start from a fresh database.")
        owners = [acme] * 4 + list(Partner.objects.filter(parent=acme, state="active"))
        rng = random.Random(seed)
        sizes = customer_sizes(customers, subscribers, rng)
        now = timezone.now()
        started = timezone.now()
        for first in range(0, customers, 500):
            with transaction.atomic():
                self._chunk(first, sizes[first : first + 500], owners, rng, now, days)
            done = min(first + 500, customers)
            if done % 2000 == 0 or done == customers:
                self.stdout.write(f"  {done}/{customers} customers …")
        elapsed = (timezone.now() - started).total_seconds()
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {customers} customers and {subscribers} subscribers in {elapsed:.0f}s."
            )
        )

    def _chunk(self, first, sizes, owners, rng, now, days):
        customers, packages, locations, subs, assignments = [], [], [], [], []
        for offset, size in enumerate(sizes):
            n = first + offset
            customer = Customer(
                id=uuid.uuid4(),
                name=f"Scale Customer {n:05d}",
                owner=owners[n % len(owners)],
                status=weighted(rng, STATUS_MIX),
                external_id=f"SCALE-{n:05d}",
                primary_email=f"admin@c{n}.{SCALE_DOMAIN}",
                country=rng.choice(COUNTRIES),
                language="en_US",
                address_line1=f"{n} Scale Street",
                city="Springfield",
                restricted_by_partner=rng.random() < 0.8,
                created_at=now - timedelta(days=rng.uniform(0, days + 300)),
            )
            customers.append(customer)
            names = sorted({weighted(rng, PACKAGE_MIX) for _ in range(3)} | {"webex_calling"})
            packages += [
                CustomerPackage(
                    customer=customer,
                    package=name,
                    limit=size + 10,
                    status=PackageStatus.PROVISIONED,
                )
                for name in names
            ]
            location = Location(
                id=uuid.uuid4(),
                customer=customer,
                name="Headquarters",
                is_headquarters=True,
                address_line1=customer.address_line1,
                city="Springfield",
                country=customer.country,
            )
            locations.append(location)
            for u in range(size):
                package = names[u % len(names)]
                joined = now - timedelta(days=rng.uniform(0, days), hours=rng.uniform(0, 24))
                removed = (
                    joined + timedelta(days=rng.uniform(1, days)) if rng.random() < 0.05 else None
                )
                if removed and removed > now:
                    removed = None
                subscriber = Subscriber(
                    id=uuid.uuid4(),
                    customer=customer,
                    email=f"user{u}@c{n}.{SCALE_DOMAIN}",
                    first_name=f"User{u}",
                    last_name=f"Customer{n}",
                    package=package,
                    status=SubscriberStatus.REMOVED if removed else SubscriberStatus.PROVISIONED,
                    location=location,
                    extension=str(1000 + u),
                    removed_at=removed,
                    created_at=joined,
                    last_status_change=removed or joined,
                )
                subs.append(subscriber)
                assignments.append(
                    PackageAssignment(
                        customer=customer,
                        subscriber=subscriber,
                        package=package,
                        started_at=joined,
                        ended_at=removed,
                    )
                )
        with (
            backdating(Customer, "created_at"),
            backdating(Subscriber, "created_at", "last_status_change"),
        ):
            Customer.objects.bulk_create(customers, batch_size=CHUNK)
            CustomerPackage.objects.bulk_create(packages, batch_size=CHUNK)
            Location.objects.bulk_create(locations, batch_size=CHUNK)
            Subscriber.objects.bulk_create(subs, batch_size=CHUNK)
            PackageAssignment.objects.bulk_create(assignments, batch_size=CHUNK)
