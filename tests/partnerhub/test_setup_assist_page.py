"""Partner Hub's customer detail → Setup Assist tab (PH-11): a request with what was typed kept
on a refusal, the reason next to its field; the list of requests in a fixed number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from billing.models import Sku, WholesaleSubscription
from billing.usage import today_utc
from tests import demo
from tests.factories import SetupAssistRequestFactory
from wholesale.models import SetupAssistRequest
from wholesale.services import setup_assist as sa

pytestmark = pytest.mark.django_db


@pytest.fixture
def enabled():
    subscription = WholesaleSubscription.objects.get(partner_id=demo.ACME)
    subscription.setup_assist_enabled_at = timezone.now()
    subscription.save()
    for item in ("setup_assist_express", "setup_assist_standard"):
        Sku.objects.update_or_create(
            subscription=subscription,
            package=item,
            defaults={"sku": item.upper(), "transfer_price": Decimal("10.00")},
        )


URL = reverse(
    "partnerhub:customer_setup_assist", kwargs={"partner_id": demo.ACME, "org_id": demo.CONTOSO}
)


def _post(client, **overrides):
    data = {
        "action": "request",
        "assist-location": str(demo.CONTOSO_HQ),
        "assist-seats": "8",
        "assist-contact_name": "Dana Reyes",
        "assist-contact_email": "dana@contoso-dental.example",
        "assist-target_date": (today_utc() + timedelta(days=30)).isoformat(),
        "assist-prerequisites": list(sa.PREREQUISITES),
        **overrides,
    }
    return client.post(URL, data)


def test_partner_requests_setup_assist(client_for, enabled):
    client = client_for(demo.ACME_ADMIN)
    response = _post(client)
    assert response.status_code == 302
    request = SetupAssistRequest.objects.get(location_id=demo.CONTOSO_HQ, status="requested")
    assert (request.item, request.seats) == ("setup_assist_standard", 8)
    page = client.get(URL).content.decode()
    assert "Wholesale Setup Assist Standard Usage" in page and "Next: Project Management" in page


def test_too_late_keeps_what_was_typed(client_for, enabled):
    client = client_for(demo.ACME_ADMIN)
    tomorrow = (today_utc() + timedelta(days=1)).isoformat()
    response = _post(client, **{"assist-target_date": tomorrow, "assist-seats": "8"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "no later than 6 business days" in html
    assert f'value="{tomorrow}"' in html and 'value="Dana Reyes"' in html
    assert not SetupAssistRequest.objects.filter(status="requested", seats=8).exists()


def test_not_enabled_says_so(client_for):
    client = client_for(demo.ACME_ADMIN)
    WholesaleSubscription.objects.filter(partner_id=demo.ACME).update(setup_assist_enabled_at=None)
    assert "not enabled" in client.get(URL).content.decode()


def test_the_list_is_a_fixed_number_of_queries(client_for, enabled, django_assert_max_num_queries):
    client = client_for(demo.ACME_ADMIN)

    def add():
        SetupAssistRequestFactory(
            customer_id=demo.CONTOSO,
            partner_id=demo.ACME,
            location__customer_id=demo.CONTOSO,
            status="cancelled",
        )

    add()
    client.get(URL)
    with django_assert_max_num_queries(40) as few:
        client.get(URL)
    for _ in range(4):
        add()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL).status_code == 200
