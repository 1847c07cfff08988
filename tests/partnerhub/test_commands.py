"""The seed_scale management command (partnerhub/management/commands/seed_scale.py)."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from controlhub.models import PackageAssignment, Subscriber
from partnerhub.management.commands.seed_scale import customer_sizes
from portal.models import Customer

pytestmark = pytest.mark.django_db


def test_sizes_sum_exactly_and_stay_small_mostly():
    import random

    sizes = customer_sizes(1000, 20_000, random.Random(1))
    assert sum(sizes) == 20_000
    assert min(sizes) >= 1 and max(sizes) == 200
    assert sum(size < 20 for size in sizes) > len(sizes) / 2


def test_seed_scale_adds_customers_to_the_demo_partners(capsys):
    call_command("seed_scale", customers=30, subscribers=400, days=30)
    scale = Customer.objects.filter(external_id__startswith="SCALE-")
    assert scale.count() == 30
    assert {c.owner.name for c in scale.select_related("owner")} <= {
        "Acme Telecom",
        "Northwind Reseller",
        "Proseware Telecom",  # Acme's active sub-partners share the load; suspended ones do not
    }
    assert Subscriber.objects.filter(customer__in=scale).count() == 400
    largest = scale.annotate(n=Count("subscribers")).order_by("-n").first()
    assert largest.n == 200
    assert PackageAssignment.objects.filter(customer__in=scale).count() == 400
    with pytest.raises(CommandError, match="already loaded"):
        call_command("seed_scale", customers=30, subscribers=400)
