"""Selling only what was bought (OP-1): provisioning customers and subscribers, in the API and
the wizard, refuses a package that is not a SKU of the partner's subscription (error 4006);
the wizard offers only those packages."""

import json

import pytest
from django.urls import reverse

from billing.models import Sku
from portal.models import Customer, CustomerPackage
from tests import demo
from tests.api.helpers import auth, customer_body, customer_id, token
from wholesale.services.offer import NOT_BOUGHT_CODE

pytestmark = pytest.mark.django_db


def post(client, url, body, headers):
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def no_meetings():
    """Acme's subscription without its Webex Meetings SKU."""
    Sku.objects.filter(subscription__partner_id=demo.ACME, package="webex_meetings").delete()


def test_the_api_refuses_a_customer_package_that_is_not_bought(client, no_meetings):
    response = post(client, "/v1/wholesale/customers", customer_body(), auth(token()))
    assert response.status_code == 403
    body = response.json()
    assert [e["errorCode"] for e in body["errors"]] == [NOT_BOUGHT_CODE]
    assert "Webex Meetings is not on Acme Telecom's wholesale subscription" in body["message"]
    assert "trackingId" in body
    assert not Customer.objects.filter(name="Juniper Bakery").exists()
    validate = post(client, "/v1/wholesale/customers/validate", customer_body(), auth(token()))
    assert NOT_BOUGHT_CODE in [e.get("errorCode") for e in validate.json()["errors"]]


def test_the_same_request_with_bought_packages_is_accepted(client, no_meetings):
    body = customer_body(packages=["webex_calling"])
    assert post(client, "/v1/wholesale/customers", body, auth(token())).status_code == 202


def test_a_sub_partner_sells_only_its_parents_skus(client, no_meetings):
    from tests.api.helpers import customer_body as body_for

    raw = token(email=demo.NORTHWIND_ADMIN, partner_id=demo.NORTHWIND)
    body = body_for(provisioningId="northwind-standard", packages=["webex_meetings"])
    response = post(client, "/v1/wholesale/customers", body, auth(raw))
    assert response.status_code == 403
    assert response.json()["errors"][0]["errorCode"] == NOT_BOUGHT_CODE


def test_the_api_refuses_a_subscriber_package_that_is_not_bought(client):
    Sku.objects.filter(subscription__partner_id=demo.ACME, package="webex_calling").delete()
    CustomerPackage.objects.get_or_create(customer_id=demo.FABRIKAM, package="webex_calling")
    body = {
        "customerId": customer_id(demo.FABRIKAM),
        "email": "new.person@fabrikam-law.example",
        "package": "webex_calling",
        "provisioningParameters": {"firstName": "New", "lastName": "Person", "extension": "4321"},
    }
    response = post(client, "/v1/wholesale/subscribers", body, auth(token()))
    assert response.status_code == 403
    assert response.json()["errors"][0]["errorCode"] == NOT_BOUGHT_CODE


def test_the_wizard_offers_only_bought_packages(client_for, no_meetings):
    page = client_for(demo.ACME_ADMIN).get(
        reverse("partnerhub:customer_create", kwargs={"partner_id": demo.ACME})
    )
    html = page.content.decode()
    assert 'name="pkg_webex_calling"' in html
    assert 'name="pkg_webex_meetings"' not in html
