"""The operator enables Wholesale Setup Assist for a partner (its A-Wholesale order) and prices
its two one-time SKUs on the partner's subscription (PH-11, OP-1)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from billing.models import Sku, WholesaleSubscription
from portal.models import AuditEvent
from tests import demo
from wholesale.services.offer import bought_packages

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client_for):
    return client_for(demo.OPERATOR)


def test_operator_enables_setup_assist_and_prices_its_skus(operator):
    subscription = WholesaleSubscription.objects.get(partner_id=demo.ACME)
    subscription.setup_assist_enabled_at = None
    subscription.save()
    url = reverse("console:setup_assist_enable", kwargs={"partner_id": demo.ACME})
    assert operator.post(url, {"enabled": "1"}).status_code == 302
    subscription.refresh_from_db()
    assert subscription.setup_assist_enabled_at is not None
    sku_url = reverse("console:sku_set", kwargs={"partner_id": demo.ACME})
    for item, code, price in [
        ("setup_assist_standard", "A-WSA-STD", "45.00"),
        ("setup_assist_express", "A-WSA-EXP", "150.00"),
    ]:
        response = operator.post(
            sku_url,
            {
                "sku-package": item,
                "sku-sku": code,
                "sku-description": "Setup Assist",
                "sku-transfer_price": price,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    sku = Sku.objects.get(subscription=subscription, package="setup_assist_standard")
    assert (sku.sku, sku.transfer_price, sku.is_one_time) == ("A-WSA-STD", Decimal("45.00"), True)
    page = operator.get(reverse("console:partner_detail", kwargs={"partner_id": demo.ACME}))
    html = page.content.decode()
    assert "A-WSA-EXP" in html and "per seat" in html and "Disable Setup Assist" in html
    # The one-time SKUs are not packages the partner provisions.
    assert "setup_assist_standard" not in (bought_packages(subscription.partner) or set())
    assert AuditEvent.objects.filter(
        operator=True, action="billing.setup_assist_enable", partner_id=demo.ACME
    ).exists()
    assert operator.post(url, {"enabled": "0"}).status_code == 302
    subscription.refresh_from_db()
    assert subscription.setup_assist_enabled_at is None


def test_partner_admin_cannot_enable_setup_assist(client_for):
    client = client_for(demo.ACME_ADMIN)
    url = reverse("console:setup_assist_enable", kwargs={"partner_id": demo.ACME})
    assert client.post(url, {"enabled": "1"}).status_code == 403
