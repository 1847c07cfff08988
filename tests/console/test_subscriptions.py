"""The operator sets up a partner's wholesale subscription and SKUs (OP-1, BL-1): bad input is
kept and explained; price changes carry an effective date and invoices price each day at the
price in force that day (BL-4), rolled up or live, sub-partners included."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from billing import selectors, usage
from billing.models import Sku, SkuPrice, WholesaleSubscription
from billing.services import subscription_share
from portal.audit import Actor
from portal.models import AuditEvent, Partner
from tests import demo
from tests.factories import (
    CustomerFactory,
    PackageAssignmentFactory,
    PartnerFactory,
    SubscriberFactory,
)

pytestmark = pytest.mark.django_db
APRIL = date(2024, 4, 1)


def url(name, partner):
    return reverse(f"console:{name}", kwargs={"partner_id": partner.pk})


@pytest.fixture
def verdant():
    return PartnerFactory(name="Verdant Telecom", country="GB")


@pytest.fixture
def operator(client_for):
    return client_for(demo.OPERATOR)


def _subscription(operator, partner, **overrides):
    data = {
        "subscription-subscription_id": "Sub-VERDANT-1",
        "subscription-billing_start": "2024-01-01",
        "subscription-currency": "eur",
        **overrides,
    }
    return operator.post(url("subscription_create", partner), data)


def _sku(operator, partner, **overrides):
    data = {
        "sku-package": "webex_calling",
        "sku-sku": "VT-CALL",
        "sku-description": "Calling per user",
        "sku-transfer_price": "10.00",
        **overrides,
    }
    return operator.post(url("sku_set", partner), data)


def _price(operator, partner, **overrides):
    data = {
        "price-package": "webex_calling",
        "price-effective_from": "2024-04-16",
        "price-transfer_price": "20.00",
        **overrides,
    }
    return operator.post(url("price_change", partner), data)


def test_subscription_skus_and_a_price_change_from_the_console(operator, verdant):
    assert _subscription(operator, verdant).status_code == 302
    subscription = WholesaleSubscription.objects.get(partner=verdant)
    assert (subscription.subscription_id, subscription.currency) == ("Sub-VERDANT-1", "EUR")
    assert _sku(operator, verdant).status_code == 302
    assert _sku(operator, verdant, **{"sku-package": "webex_meetings", "sku-sku": "VT-MEET"})
    assert _price(operator, verdant).status_code == 302
    sku = Sku.objects.get(subscription=subscription, package="webex_calling")
    assert SkuPrice.objects.get(sku=sku).transfer_price == Decimal("20.00")
    page = operator.get(reverse("console:partner_detail", kwargs={"partner_id": verdant.pk}))
    assert b"Sub-VERDANT-1" in page.content and b"VT-MEET" in page.content
    assert b"20.00 from 2024-04-16" in page.content
    actions = set(
        AuditEvent.objects.filter(operator=True, partner=verdant).values_list("action", flat=True)
    )
    assert {"billing.subscription_create", "billing.sku_set", "billing.sku_price_change"} <= actions


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("subscription-subscription_id", "Sub-ACME-1", "belongs to another partner"),
        ("subscription-currency", "EUX", "Unknown currency: EUX"),
        ("subscription-currency", "", "This field is required"),
        ("subscription-billing_start", "2024-13-01", "Enter a valid date"),
    ],
)
def test_bad_subscription_input_is_kept_and_explained(operator, verdant, field, value, message):
    WholesaleSubscription.objects.create(
        partner=PartnerFactory(), subscription_id="Sub-ACME-1", billing_start=APRIL
    )
    response = _subscription(operator, verdant, **{field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'value="{value}"' in html or not value
    assert not WholesaleSubscription.objects.filter(partner=verdant).exists()


@pytest.mark.parametrize(
    ("form", "field", "value", "message"),
    [
        ("sku", "sku-transfer_price", "-1", "cannot be negative"),
        ("sku", "sku-transfer_price", "ten", "ten is not a price"),
        ("sku", "sku-transfer_price", "1.234", "2 decimals"),
        ("sku", "sku-transfer_price", "NaN", "is not a price"),
        ("price", "price-transfer_price", "-0.01", "cannot be negative"),
        ("price", "price-effective_from", "2023-12-31", "before the billing start, 2024-01-01"),
    ],
)
def test_bad_price_input_is_kept_and_explained(operator, verdant, form, field, value, message):
    _subscription(operator, verdant)
    if form == "price":
        _sku(operator, verdant)
        response = _price(operator, verdant, **{field: value})
    else:
        response = _sku(operator, verdant, **{field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'value="{value}"' in html
    assert not SkuPrice.objects.exists()


def test_a_sku_code_used_by_another_package_is_refused(operator, verdant):
    _subscription(operator, verdant)
    _sku(operator, verdant)
    response = _sku(operator, verdant, **{"sku-package": "webex_meetings"})
    assert response.status_code == 400
    assert "used by another package" in response.content.decode()


def test_a_second_subscription_is_refused(operator, verdant):
    _subscription(operator, verdant)
    response = _subscription(operator, verdant, **{"subscription-subscription_id": "Sub-2"})
    assert response.status_code == 400
    assert "has a wholesale subscription already" in response.content.decode()


def _april_user(partner):
    customer = CustomerFactory(owner=partner)
    subscriber = SubscriberFactory(customer=customer, package="webex_calling")
    PackageAssignmentFactory(
        subscriber=subscriber,
        started_at=datetime(2024, 4, 1, tzinfo=UTC),
        ended_at=datetime(2024, 5, 1, tzinfo=UTC),
    )
    return customer


@pytest.mark.parametrize("rolled_up", [False, True], ids=["live", "rolled-up"])
def test_the_invoice_prices_each_day_at_the_price_in_force(operator, verdant, rolled_up):
    _subscription(operator, verdant)
    _sku(operator, verdant)
    _price(operator, verdant)  # 20.00 from 16 April; 10.00 before
    _april_user(verdant)
    if rolled_up:
        usage.roll_up(APRIL, date(2024, 4, 30))
    invoice = selectors.invoice(verdant, APRIL)
    [line] = invoice.lines
    assert line.licenses == Decimal("1.0000")
    assert line.amount == Decimal("15.00")  # 15 days × 10 + 15 days × 20, over 30 days
    assert line.transfer_price == Decimal("20.00")
    assert line.prices == [(date(2024, 4, 16), Decimal("20.00"))]
    assert invoice.currency == "EUR"


def test_a_sub_partner_shares_the_prices_from_its_own_billing_start(operator, verdant):
    _subscription(operator, verdant)
    _sku(operator, verdant)
    _price(operator, verdant)
    reseller = Partner.objects.create(name="Verdant Reseller", parent=verdant)
    subscription_share(sub_partner=reseller, billing_start=date(2024, 4, 11), actor=Actor(None))
    _april_user(reseller)
    [line] = selectors.invoice(verdant, APRIL).lines
    # 11–15 April at 10.00 (5 days), 16–30 April at 20.00 (15 days).
    assert line.amount == Decimal("11.67")
    assert selectors.month_estimates([verdant], APRIL)[verdant.pk] == Decimal("11.67")
