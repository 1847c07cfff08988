"""A small billing world with hand-checkable history, away from the demo's 90 days.

March 2025 (31 days), prices per license per month: Webex Calling 10.00, Webex Suite 20.00.
Partner "Parent" sells through sub-partner "Reseller" (billing from 2025-03-16).
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from billing.models import Sku, WholesaleSubscription
from controlhub.models import Location, PackageAssignment, Subscriber
from tests.factories import CustomerFactory, PartnerFactory


def at(day: int, hour: int = 0, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=UTC)


def assign(subscriber, package, start, end=None):
    return PackageAssignment.objects.create(
        customer=subscriber.customer,
        subscriber=subscriber,
        package=package,
        started_at=start,
        ended_at=end,
    )


class World:
    pass


@pytest.fixture
def world(db):
    w = World()
    w.parent = PartnerFactory(name="Parent Telecom")
    w.reseller = PartnerFactory(name="Reseller", parent=w.parent)
    w.subscription = WholesaleSubscription.objects.create(
        partner=w.parent, subscription_id="Sub-TEST-1", billing_start=date(2025, 1, 1)
    )
    WholesaleSubscription.objects.create(
        partner=w.reseller,
        parent=w.subscription,
        subscription_id="Sub-TEST-1",
        billing_start=date(2025, 3, 16),
    )
    for package, sku, price in [
        ("webex_calling", "A-WX-CALL", "10.00"),
        ("webex_suite", "A-WX-SUITE", "20.00"),
        ("webex_meetings", "A-WX-MEET", "5.00"),
    ]:
        Sku.objects.create(
            subscription=w.subscription,
            package=package,
            sku=sku,
            description=f"Wholesale {package}",
            transfer_price=Decimal(price),
        )
    w.customer = CustomerFactory(name="Dental Co", owner=w.parent, external_id="EXT-1")
    w.other_customer = CustomerFactory(name="Law Co", owner=w.reseller, external_id="EXT-2")
    w.hq = Location.objects.create(
        customer=w.customer, name="HQ", address_line1="1 Road", city="Town", country="US"
    )

    def subscriber(customer, email, location=None):
        return Subscriber.objects.create(
            customer=customer, email=email, package="webex_calling", location=location
        )

    w.subscriber = subscriber
    # Ann: joins 2025-03-10 at 12:00 UTC (a half day), keeps Webex Calling.
    w.ann = subscriber(w.customer, "ann@test.example", w.hq)
    assign(w.ann, "webex_calling", at(10, 12))
    # Bob: Webex Calling from 2025-03-01, changes to Webex Suite on 2025-03-20 at 09:00.
    w.bob = subscriber(w.customer, "bob@test.example", w.hq)
    assign(w.bob, "webex_calling", at(1), at(20, 9))
    assign(w.bob, "webex_suite", at(20, 9))
    # Cat (the reseller's customer): Webex Calling from 2025-03-01, removed 2025-03-25 at 18:00.
    w.cat = subscriber(w.other_customer, "cat@test.example")
    assign(w.cat, "webex_calling", at(1), at(25, 18))
    return w
