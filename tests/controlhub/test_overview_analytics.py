"""Control Hub overview analytics (PH-9): licenses ordered/assigned/used per package, users by
status, numbers, recent admin activity, the service term."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from controlhub import selectors
from portal.models import CustomerPackage
from tests import demo
from tests.factories import (
    CustomerFactory,
    CustomerSubscriptionFactory,
    SubscriberActivityFactory,
    SubscriberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_licenses_per_package_with_used_in_the_last_7_days(django_assert_num_queries):
    customer = CustomerFactory()
    CustomerPackage.objects.create(customer=customer, package="webex_calling", limit=5)
    CustomerPackage.objects.create(customer=customer, package="webex_meetings", limit=None)
    active, idle, signed_in = (SubscriberFactory(customer=customer) for _ in range(3))
    SubscriberFactory(customer=customer, package="webex_meetings")
    SubscriberActivityFactory(subscriber=active, day=timezone.now().date() - timedelta(days=6))
    SubscriberActivityFactory(subscriber=idle, day=timezone.now().date() - timedelta(days=7))
    UserFactory(email=signed_in.email, last_login=timezone.now() - timedelta(days=1))
    with django_assert_num_queries(1):
        rows = {
            cp.package: (cp.limit, cp.assigned, cp.used)
            for cp in selectors.license_overview(customer)
        }
    assert rows == {"webex_calling": (5, 3, 2), "webex_meetings": (None, 1, 0)}
    assert dict(selectors.users_by_status(customer))["Provisioning"] == 4


def test_the_demo_overview_shows_every_part(client_for):
    from wholesale.models import CustomerSubscription

    term = CustomerSubscription.objects.filter(customer_id=demo.CONTOSO).first() or (
        CustomerSubscriptionFactory(customer_id=demo.CONTOSO)
    )
    client = client_for(demo.CONTOSO_ADMIN)
    response = client.get(reverse("controlhub:overview", kwargs={"org_id": demo.CONTOSO}))
    assert response.status_code == 200
    for part in ("org-licenses", "org-term", "org-users-by-status", "org-recent-activity"):
        assert f'data-testid="{part}"'.encode() in response.content, part
    assert term.subscription_id.encode() in response.content
    assert response.context["numbers"]["total"] > 0
