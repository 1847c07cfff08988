"""Fill the database at scale for benchmarks (FEATURES PF-4).

    python manage.py seed_scale --customers 10000 --subscribers 200000 --days 90

Run after `load_demo`: the customers go to Acme Telecom and its sub-partners, so the demo admins
see them. Sizes follow the seed's shape ("many thousands of very small SMB customers", most
under 20 users) with a long tail up to 200.

Rows are written as plain tuples with `executemany` (no model instances: at 200,000 subscribers
the ORM's per-object work was most of the time), in one transaction per 500 customers. The
assignment history lands on days the billing roll-up may already have stored (load_demo rolls
up its history), and stored days are final, so those days are rolled up again at the end.
"""

import random
import uuid
from datetime import UTC, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from billing import usage
from billing.models import UsageDay
from controlhub.models import Location, PackageAssignment, Subscriber, SubscriberStatus
from portal.demo import demo_id
from portal.models import Customer, CustomerPackage, CustomerStatus, PackageStatus, Partner

SCALE_DOMAIN = "scale.example"
CUSTOMERS_PER_TRANSACTION = 500
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


def weighted(rng: random.Random, mix):
    return rng.choices([v for v, _ in mix], weights=[w for _, w in mix])[0]


class RowWriter:
    """Buffers rows of one model as tuples of the `varying` fields' Python values and inserts
    them with one executemany. Every other column gets its default (auto_now fields: `now`),
    converted to its database value once; an auto-increment primary key is left to the database.
    """

    def __init__(self, model, varying: list[str], *, now):
        meta = model._meta
        self.varying = [meta.get_field(name) for name in varying]
        constant = []
        for field in meta.concrete_fields:
            if field in self.varying or isinstance(field, models.AutoField):
                continue
            if field.primary_key:
                raise ValueError(f"{model.__name__}.{field.name} needs a value per row")
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            else:
                value = field.get_default()  # None, or "" for a blank text field
            constant.append((field, field.get_db_prep_save(value, connection)))
        self.constant = tuple(value for _, value in constant)
        columns = [f.column for f in self.varying] + [f.column for f, _ in constant]
        quote = connection.ops.quote_name
        self.sql = (
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        self.prepare = [self._preparer(field) for field in self.varying]
        self.rows = []

    @staticmethod
    def _preparer(field):
        if isinstance(field, models.ForeignKey):
            field = field.target_field
        if isinstance(field, models.UUIDField):
            if connection.features.has_native_uuid_field:
                return lambda value: value
            return lambda value: value.hex
        if isinstance(field, models.DateTimeField):
            if connection.vendor == "sqlite":
                # What Django stores: naive UTC in ISO format with a space.
                return lambda value: (
                    value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
                    if value is not None
                    else None
                )
            return lambda value: value
        return lambda value: field.get_db_prep_save(value, connection)

    def add(self, *values):
        self.rows.append(values)

    def flush(self, cursor):
        if not self.rows:
            return
        prepare, constant = self.prepare, self.constant
        cursor.executemany(
            self.sql,
            [
                tuple(p(v) for p, v in zip(prepare, row, strict=True)) + constant
                for row in self.rows
            ],
        )
        self.rows = []


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
        writers = self._writers(now)
        step = CUSTOMERS_PER_TRANSACTION
        for first in range(0, customers, step):
            with transaction.atomic(), connection.cursor() as cursor:
                self._chunk(writers, first, sizes[first : first + step], owners, rng, now, days)
                for writer in writers.values():
                    writer.flush(cursor)
            done = min(first + step, customers)
            if done % 2000 == 0 or done == customers:
                self.stdout.write(f"  {done}/{customers} customers …")
        elapsed = (timezone.now() - now).total_seconds()
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {customers} customers and {subscribers} subscribers in {elapsed:.0f}s."
            )
        )
        self._roll_up_again(now - timedelta(days=days + 1))
        if connection.vendor == "postgresql":
            # Fresh statistics: planned with the empty tables' estimates (one row), a page of
            # subscribers took half a second on a 10,000-subscriber database.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def _roll_up_again(self, since):
        """Billing stores each finished day once; the history just written covers days that
        may be stored already (load_demo's), so forget those days and roll them up again."""
        start = since.astimezone(UTC).date()
        stored = UsageDay.objects.filter(day__gte=start).order_by("day").values_list("day")
        first = stored.first()
        if first is None:
            return
        if connection.vendor == "sqlite":
            # This connection's page cache: 256 MB instead of 2 MB, for the roll-up's inserts into
            # DailyUsage's indexes (about twice as fast at 200,000 subscribers).
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")
        started = timezone.now()
        rolled = usage.redo(first[0], usage.last_finished_day())
        elapsed = (timezone.now() - started).total_seconds()
        self.stdout.write(f"Rolled up {rolled} day(s) of usage again in {elapsed:.0f}s.")

    @staticmethod
    def _writers(now) -> dict[str, RowWriter]:
        return {
            # Insertion order follows the foreign keys.
            "customer": RowWriter(
                Customer,
                [
                    "id",
                    "name",
                    "owner",
                    "status",
                    "external_id",
                    "primary_email",
                    "country",
                    "language",
                    "address_line1",
                    "city",
                    "restricted_by_partner",
                    "created_at",
                ],
                now=now,
            ),
            "package": RowWriter(
                CustomerPackage, ["customer", "package", "limit", "status"], now=now
            ),
            "location": RowWriter(
                Location,
                ["id", "customer", "name", "is_headquarters", "address_line1", "city", "country"],
                now=now,
            ),
            "subscriber": RowWriter(
                Subscriber,
                [
                    "id",
                    "customer",
                    "email",
                    "first_name",
                    "last_name",
                    "package",
                    "status",
                    "location",
                    "extension",
                    "removed_at",
                    "created_at",
                    "last_status_change",
                ],
                now=now,
            ),
            "assignment": RowWriter(
                PackageAssignment,
                ["customer", "subscriber", "package", "started_at", "ended_at"],
                now=now,
            ),
        }

    def _chunk(self, writers, first, sizes, owners, rng, now, days):
        for offset, size in enumerate(sizes):
            n = first + offset
            customer_id, location_id = uuid.uuid4(), uuid.uuid4()
            country = rng.choice(COUNTRIES)
            address = f"{n} Scale Street"
            writers["customer"].add(
                customer_id,
                f"Scale Customer {n:05d}",
                owners[n % len(owners)].pk,
                weighted(rng, STATUS_MIX),
                f"SCALE-{n:05d}",
                f"admin@c{n}.{SCALE_DOMAIN}",
                country,
                "en_US",
                address,
                "Springfield",
                rng.random() < 0.8,
                now - timedelta(days=rng.uniform(0, days + 300)),
            )
            names = sorted({weighted(rng, PACKAGE_MIX) for _ in range(3)} | {"webex_calling"})
            for name in names:
                writers["package"].add(customer_id, name, size + 10, PackageStatus.PROVISIONED)
            writers["location"].add(
                location_id, customer_id, "Headquarters", True, address, "Springfield", country
            )
            for u in range(size):
                package = names[u % len(names)]
                joined = now - timedelta(days=rng.uniform(0, days), hours=rng.uniform(0, 24))
                removed = (
                    joined + timedelta(days=rng.uniform(1, days)) if rng.random() < 0.05 else None
                )
                if removed and removed > now:
                    removed = None
                subscriber_id = uuid.uuid4()
                writers["subscriber"].add(
                    subscriber_id,
                    customer_id,
                    f"user{u}@c{n}.{SCALE_DOMAIN}",
                    f"User{u}",
                    f"Customer{n}",
                    package,
                    SubscriberStatus.REMOVED if removed else SubscriberStatus.PROVISIONED,
                    location_id,
                    str(1000 + u),
                    removed,
                    joined,
                    removed or joined,
                )
                writers["assignment"].add(customer_id, subscriber_id, package, joined, removed)
