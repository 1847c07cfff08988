"""/v1/wholesale/subscribers through the API alone (API-2, PV-5, PV-6, PV-7)."""

import json

import pytest

from controlhub.models import Location, Subscriber, SubscriberStatus
from portal.api import ids, scopes
from tests import demo
from tests.api.helpers import auth, customer_body, customer_id, decode_customer, token

pytestmark = pytest.mark.django_db
URL = "/v1/wholesale/subscribers"


@pytest.fixture
def admin():
    return auth(token())


def post(client, url, body, headers):
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def subscriber_body(**overrides):
    body = {
        "customerId": customer_id(demo.FABRIKAM),
        "email": "new.person@fabrikam-law.example",
        "packages": ["webex_calling"],
        "provisioningParameters": {"firstName": "New", "lastName": "Person", "extension": "4455"},
    }
    body.update(overrides)
    return body


def test_a_customer_and_its_subscribers_reach_provisioned_through_the_api(
    client, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = post(client, "/v1/wholesale/customers", customer_body(), admin)
    customer = created["Location"].rsplit("/", 1)[-1]
    assert client.get(f"/v1/wholesale/customers/{customer}", **admin).json()["status"] == (
        "provisioned"
    )
    body = subscriber_body(customerId=customer, email="baker@juniper-bakery.example")
    response = post(client, URL, body, admin)  # synchronous: no task to run (API-2)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "provisioned"
    assert response["Location"].startswith("http://testserver/v1/wholesale/subscribers/")
    got = client.get(response["Location"].removeprefix("http://testserver"), **admin).json()
    assert got["status"] == "provisioned"
    assert got["customerId"] == ids.encode(ids.CUSTOMER, decode_customer(customer))
    assert got["packages"] == ["webex_calling"] and got["externalCustomerId"] == "BO-1001"


def test_list_filters_sorts_and_paginates(client, admin, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        few = client.get(URL, {"max": 2}, **admin)
    with django_assert_max_num_queries(8):
        many = client.get(URL, {"max": 100}, **admin)
    assert len(few.json()["items"]) == 2 and len(many.json()["items"]) > 40
    fabrikam = client.get(URL, {"customerId": customer_id(demo.FABRIKAM)}, **admin).json()
    assert {s["externalCustomerId"] for s in fabrikam["items"]} == {"ACME-0002"}
    by_email = client.get(URL, {"email": demo.CONTOSO_ADMIN.upper()}, **admin).json()["items"]
    assert [s["email"] for s in by_email] == [demo.CONTOSO_ADMIN]
    emails = [
        s["email"]
        for s in client.get(URL, {"sortBy": "email", "sortOrder": "DESC"}, **admin).json()["items"]
    ]
    assert emails == sorted(emails, reverse=True)
    assert client.get(URL, {"after": "not a date"}, **admin).status_code == 400
    assert client.get(URL, {"sortBy": "shoe size"}, **admin).status_code == 400
    tailspin = client.get(URL, {"customerId": customer_id(demo.TAILSPIN)}, **admin).json()
    assert tailspin["items"] == []  # the sub-partner's customer, not Acme's own


def test_package_rules_answer_with_the_error_body(client, admin):
    no_number = subscriber_body(provisioningParameters={})
    response = post(client, URL, no_number, admin)
    assert response.status_code == 400 and "phone number" in response.json()["message"]
    taken = post(client, URL, subscriber_body(email=demo.CONTOSO_ADMIN), admin)
    assert taken.status_code == 409
    assert taken.json()["errors"][0]["errorCode"] == 10022
    both = post(client, URL, subscriber_body(package="webex_calling"), admin)
    assert both.status_code == 400
    missing = post(client, URL, subscriber_body(customerId="nope"), admin)
    assert missing.status_code == 404


def test_update_and_remove(client, admin):
    subscriber = Subscriber.objects.get(email="ben.baker@fabrikam-law.example")
    url = f"{URL}/{ids.encode(ids.SUBSCRIBER, subscriber.pk)}"
    location = Location.objects.for_org(subscriber.customer).first()
    body = {
        "packages": ["webex_suite"],
        "provisioningParameters": {"locationId": ids.encode(ids.LOCATION, location.pk)},
    }
    response = client.put(url, data=json.dumps(body), content_type="application/json", **admin)
    assert response.status_code == 200, response.content
    assert response.json()["package"] == "webex_suite"
    assert client.delete(url, **admin).status_code == 204
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.REMOVED
    assert client.get(url, **admin).status_code == 404


def test_precheck_variants(client, admin):
    ok = post(client, URL + "/validate", subscriber_body(), admin)
    assert ok.status_code == 200 and ok.json()["info"][0]["infoCode"] == 100
    assert not Subscriber.objects.filter(email="new.person@fabrikam-law.example").exists()
    elsewhere = post(client, URL + "/validate", {"email": demo.TAILSPIN_ADMIN}, admin)
    assert elsewhere.status_code == 409
    new_customer = {
        "provisioningId": "acme-smb-calling",
        "email": "someone@new-customer.example",
        "customerInfo": {"primaryEmail": "boss@new-customer.example"},
        "packages": ["webex_meetings"],
    }
    assert post(client, URL + "/validate", new_customer, admin).status_code == 200
    unknown = {**new_customer, "provisioningId": "nope"}
    assert post(client, URL + "/validate", unknown, admin).status_code == 400
    over = subscriber_body(packages=["webex_voice"])
    assert post(client, URL + "/validate", over, admin).status_code == 409


def test_scopes(client):
    customers_only = auth(token(granted=[scopes.WHOLESALE_CUSTOMERS_READ]))
    assert client.get(URL, **customers_only).status_code == 403
    read = auth(token(demo.ACME_READONLY, granted=scopes.READ))
    assert client.get(URL, **read).status_code == 200
    assert post(client, URL, subscriber_body(), read).status_code == 403
