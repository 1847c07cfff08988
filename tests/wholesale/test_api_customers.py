"""/v1/wholesale/customers through the API alone (API-1, PV-1, PV-7, PV-9, PV-10)."""

import json

import pytest

from portal.api import ids, scopes
from portal.models import Customer, CustomerOffer, CustomerStatus
from tests import demo
from tests.api.helpers import auth, customer_body, customer_id, decode_customer, token

pytestmark = pytest.mark.django_db
URL = "/v1/wholesale/customers"


@pytest.fixture
def admin():
    return auth(token())


def post(client, url, body, headers):
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def test_provision_answers_202_with_location_then_the_customer_is_provisioned(
    client, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, URL, customer_body(), admin)
    assert response.status_code == 202, response.content
    location = response["Location"]
    assert location.startswith("http://testserver/v1/wholesale/customers/")
    assert response.json() == {"url": location}
    got = client.get(location.removeprefix("http://testserver"), **admin)
    assert got.status_code == 200
    body = got.json()
    assert body["status"] == "provisioned"
    assert body["externalId"] == "BO-1001"
    assert body["address"]["country"] == "US"
    assert sorted(body["packages"]) == ["webex_calling", "webex_meetings"]
    assert {p["status"] for p in body["resourceDetails"]["packages"]} == {"provisioned"}
    customer = Customer.objects.get(pk=decode_customer(location))
    assert customer.language == "en_US"


def test_list_filters_and_paginates(client, admin):
    everything = client.get(URL, **admin).json()["items"]
    assert {c["externalId"] for c in everything} >= {"ACME-0001", "ACME-0002"}
    assert "NW-0001" not in {c["externalId"] for c in everything}  # the sub-partner's
    one = client.get(URL, {"externalId": "ACME-0002"}, **admin).json()["items"]
    assert [c["id"] for c in one] == [customer_id(demo.FABRIKAM)]
    by_org = client.get(URL, {"orgId": ids.encode(ids.ORGANIZATION, demo.CONTOSO)}, **admin)
    assert [c["externalId"] for c in by_org.json()["items"]] == ["ACME-0001"]
    page = client.get(URL, {"offset": 1, "max": 1}, **admin).json()["items"]
    assert page == everything[1:2]
    statuses = client.get(URL + "?status=provisioned&status=error", **admin).json()["items"]
    assert {c["status"] for c in statuses} <= {"provisioned", "error"}
    assert client.get(URL, {"status": "bogus"}, **admin).status_code == 400
    assert client.get(URL, {"max": "lots"}, **admin).status_code == 400
    assert client.get(URL, {"max": 0}, **admin).status_code == 400


def test_list_query_count_does_not_grow_with_rows(client, admin, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        small = client.get(URL, {"max": 1}, **admin)
    with django_assert_max_num_queries(8):
        large = client.get(URL, {"max": 100}, **admin)
    assert len(small.json()["items"]) == 1 and len(large.json()["items"]) > 1


def test_bad_input_is_a_400_with_the_error_body(client, admin):
    for body in (
        {},
        {"packages": "webex_calling"},
        customer_body(address={"addressLine1": "1 A St", "city": "X"}),
        customer_body(packages=["webex_calling", "nonsense"]),
        customer_body(provisioningId="unknown"),
    ):
        response = post(client, URL, body, admin)
        assert response.status_code == 400, (body, response.content)
        assert set(response.json()) == {"message", "errors", "trackingId"}
    response = client.post(URL, data="{not json", content_type="application/json", **admin)
    assert response.status_code == 400


def test_missing_country_reports_a_code(client, admin):
    body = customer_body(address={"addressLine1": "1 A St", "city": "X"})
    errors = post(client, URL, body, admin).json()["errors"]
    assert {
        "errorCode": 4010,
        "description": "address.country is required (ISO 3166 alpha-2).",
    } in (errors)


def test_precheck_finds_duplicate_emails_and_changes_nothing(client, admin):
    count = Customer.objects.count()
    clean = post(client, URL + "/validate", customer_body(), admin)
    assert clean.status_code == 200
    assert clean.json()["message"] == "success"
    assert clean.json()["info"][0]["infoCode"] == 100
    body = customer_body(customerInfo={"primaryEmail": demo.CONTOSO_ADMIN})
    clash = post(client, URL + "/validate", body, admin)
    assert clash.status_code == 409
    assert 4090 in [e.get("errorCode") for e in clash.json()["errors"]]
    assert Customer.objects.count() == count


def test_update_and_delete(client, admin, django_capture_on_commit_callbacks):
    url = f"{URL}/{customer_id(demo.FABRIKAM)}"
    body = {"packages": ["webex_calling", "webex_meetings", "webex_suite", "cx_essentials"]}
    body["externalId"] = "ACME-0002-B"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.put(url, data=json.dumps(body), content_type="application/json", **admin)
    assert response.status_code == 202, response.content
    assert response["Location"].endswith(customer_id(demo.FABRIKAM))
    assert client.get(url, **admin).json()["externalId"] == "ACME-0002-B"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(url, **admin).status_code == 202
    fabrikam = Customer.objects.get(pk=demo.FABRIKAM)
    assert fabrikam.status == CustomerStatus.REMOVED
    assert client.get(url, **admin).status_code == 404  # no longer a wholesale customer


def test_broadworks_and_foreign_orgs_are_refused(client, admin):
    tailspin = Customer.objects.get(pk=demo.TAILSPIN)
    body = customer_body(orgId=ids.encode(ids.ORGANIZATION, tailspin.pk))
    assert post(client, URL, body, admin).status_code == 404  # Northwind's, not Acme's
    contoso = Customer.objects.get(pk=demo.CONTOSO)
    contoso.offer = CustomerOffer.BROADWORKS
    contoso.save()
    body = customer_body(orgId=ids.encode(ids.ORGANIZATION, contoso.pk))
    response = post(client, URL, body, admin)
    assert response.status_code == 400
    assert "BroadWorks" in response.json()["message"]
    assert client.get(f"{URL}/{customer_id(contoso.pk)}", **admin).status_code == 404


def test_scopes_roles_and_tokens(client):
    read_only = auth(token(demo.ACME_READONLY, granted=scopes.READ))
    assert client.get(URL, **read_only).status_code == 200
    assert post(client, URL, customer_body(), read_only).status_code == 403
    no_scope = auth(token(granted=[]))
    assert client.get(URL, **no_scope).status_code == 403
    assert client.get(URL).status_code == 401
    assert client.get(URL, **auth("wrong")).status_code == 401
    # Globex's admin is a full admin without the wholesale role: reads yes, provisioning no.
    globex = auth(token(demo.GLOBEX_ADMIN, demo.GLOBEX))
    assert client.get(f"{URL}/{customer_id(demo.CONTOSO)}", **globex).status_code == 404
    assert post(client, URL, customer_body(), globex).status_code == 403


def test_on_behalf_of_a_sub_partner(client, admin):
    northwind = ids.encode(ids.ORGANIZATION, demo.NORTHWIND)
    items = client.get(URL, {"onBehalfOfSubPartnerOrgId": northwind}, **admin).json()["items"]
    assert sorted(c["externalId"] for c in items) == ["NW-0001", "NW-0002"]
    globex = ids.encode(ids.ORGANIZATION, demo.GLOBEX)
    response = client.get(URL, {"onBehalfOfSubPartnerOrgId": globex}, **admin)
    assert response.status_code == 404
    assert set(response.json()) == {"message", "errors", "trackingId"}
