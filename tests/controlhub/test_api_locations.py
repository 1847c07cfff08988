"""/v1/locations (API-7): Webex's Locations API for the customers a partner manages, on the
Control Hub Locations page's service. Access per caller is in the API matrix
(tests/api/locations_rows.py)."""

import json

import pytest

from controlhub.models import Location
from portal.api import ids, scopes
from portal.models import AuditEvent
from tests import demo
from tests.api.helpers import auth, token

URL = "/v1/locations"
CONTOSO = ids.encode(ids.ORGANIZATION, demo.CONTOSO)
BODY = {
    "name": "Denver Branch",
    "timeZone": "America/Denver",
    "preferredLanguage": "en_us",
    "announcementLanguage": "en_us",
    "address": {
        "address1": "1600 Glenarm Place",
        "address2": "Suite 200",
        "city": "Denver",
        "state": "CO",
        "postalCode": "80202",
        "country": "US",
    },
}


@pytest.fixture
def h(db):
    return auth(token())


def _post(client, h, body, org=CONTOSO):
    return client.post(f"{URL}?orgId={org}", json.dumps(body), content_type="application/json", **h)


def test_create_get_list_update_delete(client, h):
    created = _post(client, h, BODY)
    assert created.status_code == 200, created.content
    location_id = created.json()["id"]
    assert created["Location"] == f"http://testserver{URL}/{location_id}"
    got = client.get(f"{URL}/{location_id}", {"orgId": CONTOSO}, **h).json()
    assert got == {
        "id": location_id,
        "name": "Denver Branch",
        "orgId": CONTOSO,
        "timeZone": "America/Denver",
        "preferredLanguage": "en_us",
        "announcementLanguage": "en_us",
        "address": BODY["address"],
    }
    listed = client.get(URL, {"orgId": CONTOSO}, **h).json()["items"]
    assert location_id in [item["id"] for item in listed]
    assert listed[0]["id"] == ids.encode(ids.LOCATION, demo.CONTOSO_HQ)  # headquarters first
    assert [
        i["id"] for i in client.get(URL, {"orgId": CONTOSO, "name": "denver"}, **h).json()["items"]
    ] == [location_id]
    assert [
        i["id"] for i in client.get(URL, {"orgId": CONTOSO, "id": location_id}, **h).json()["items"]
    ] == [location_id]

    updated = client.put(
        f"{URL}/{location_id}?orgId={CONTOSO}",
        json.dumps({"name": "Denver Office", "address": {"city": "Aurora"}}),
        content_type="application/json",
        **h,
    )
    assert updated.status_code == 204, updated.content
    location = Location.objects.get(pk=ids.decode(ids.LOCATION, location_id))
    assert (location.name, location.city, location.address_line1) == (
        "Denver Office",
        "Aurora",
        "1600 Glenarm Place",
    )
    deleted = client.delete(f"{URL}/{location_id}?orgId={CONTOSO}", **h)
    assert deleted.status_code == 204
    assert not Location.objects.filter(pk=location.pk).exists()
    actions = set(
        AuditEvent.objects.filter(customer_id=demo.CONTOSO).values_list("action", flat=True)
    )
    assert {"location.create", "location.update", "location.delete"} <= actions
    assert client.get(f"{URL}/{location_id}", {"orgId": CONTOSO}, **h).status_code == 404


def test_the_location_id_is_the_one_subscriber_provisioning_takes(client, h):
    location_id = _post(client, h, BODY).json()["id"]
    response = client.post(
        "/v1/wholesale/subscribers",
        json.dumps(
            {
                "customerId": ids.encode(ids.CUSTOMER, demo.CONTOSO),
                "email": "denver.user@contoso-dental.example",
                "package": "webex_calling",
                "provisioningParameters": {"extension": "7001", "locationId": location_id},
            }
        ),
        content_type="application/json",
        **h,
    )
    assert response.status_code == 200, response.content
    location = Location.objects.get(pk=ids.decode(ids.LOCATION, location_id))
    assert location.subscribers.get().email == "denver.user@contoso-dental.example"
    # In use: Webex refuses to delete it.
    refused = client.delete(f"{URL}/{location_id}?orgId={CONTOSO}", **h)
    assert refused.status_code == 409
    assert set(refused.json()) == {"message", "errors", "trackingId"}


@pytest.mark.parametrize(
    "change",
    [
        {"name": None},
        {"timeZone": "Mars/Olympus"},
        {"address": {**BODY["address"], "country": "XX"}},
        {"address": {**BODY["address"], "city": ""}},
        {"preferredLanguage": None},
    ],
)
def test_a_bad_location_is_a_400_with_the_webex_error_body(client, h, change):
    response = _post(client, h, {**BODY, **change})
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"message", "errors", "trackingId"}


def test_a_duplicate_name_is_refused(client, h):
    assert _post(client, h, BODY).status_code == 200
    assert _post(client, h, BODY).status_code == 400


def test_another_partners_organization_is_not_found(client, db):
    northwind = auth(token(demo.NORTHWIND_ADMIN, demo.NORTHWIND))
    assert client.get(URL, {"orgId": CONTOSO}, **northwind).status_code == 404
    assert _post(client, northwind, BODY).status_code == 404
    assert not Location.objects.filter(name="Denver Branch").exists()
    assert client.get(URL, {"orgId": "not-an-id"}, **northwind).status_code == 404


def test_the_scopes_are_webexs(client, db):
    read_only = auth(token(granted={scopes.LOCATIONS_READ}))
    assert client.get(URL, {"orgId": CONTOSO}, **read_only).status_code == 200
    assert _post(client, read_only, BODY).status_code == 403
    none = auth(token(granted={scopes.WHOLESALE_CUSTOMERS_READ}))
    assert client.get(URL, {"orgId": CONTOSO}, **none).status_code == 403


def test_the_list_needs_the_same_number_of_queries_for_many_locations(client, h):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(URL, {"orgId": CONTOSO}, **h)  # the token's first use records it
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {"orgId": CONTOSO}, **h).status_code == 200
    for n in range(15):
        assert _post(client, h, {**BODY, "name": f"Branch {n}"}).status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(URL, {"orgId": CONTOSO}, **h).json()["items"]) >= 16
    assert 0 < len(many.captured_queries) == len(few.captured_queries) <= 8
