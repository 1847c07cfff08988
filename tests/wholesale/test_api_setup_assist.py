"""/v1/wholesale/setupAssist/requests (PH-11): create, the six-business-day refusal in Webex's
error body, list with Link paging, get, cancel; another partner's request is a 404."""

import json
from datetime import timedelta

import pytest

from billing.usage import today_utc
from portal.api import ids
from tests import demo
from tests.api.helpers import auth, token
from wholesale.demo import request_id
from wholesale.models import SetupAssistRequest
from wholesale.services import setup_assist as sa

pytestmark = pytest.mark.django_db
URL = "/v1/wholesale/setupAssist/requests"


def _body(**overrides):
    return {
        "orgId": ids.encode(ids.ORGANIZATION, demo.CONTOSO),
        "locationId": ids.encode(ids.LOCATION, demo.CONTOSO_HQ),
        "seats": 6,
        "contactName": "Dana Reyes",
        "contactEmail": "dana@contoso-dental.example",
        "targetDate": (today_utc() + timedelta(days=30)).isoformat(),
        "prerequisites": list(sa.PREREQUISITES),
        **overrides,
    }


def _post(client, body, raw=None):
    return client.post(
        URL, json.dumps(body), content_type="application/json", **auth(raw or token())
    )


def test_create_get_and_cancel(client):
    raw = token()
    response = _post(client, _body(), raw)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["sku"] == "setup_assist_standard" and created["status"] == "requested"
    assert created["currentPhase"] == "Project Management" and len(created["phases"]) == 8
    assert response["Location"].endswith(created["id"])
    got = client.get(f"{URL}/{created['id']}", **auth(raw))
    assert got.json()["seats"] == 6
    cancelled = client.post(f"{URL}/{created['id']}/cancel", **auth(raw))
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = client.post(f"{URL}/{created['id']}/cancel", **auth(raw))
    assert again.status_code == 409
    assert set(again.json()) == {"message", "errors", "trackingId"}


def test_five_seats_is_express(client):
    assert _post(client, _body(seats=5)).json()["sku"] == "setup_assist_express"


def test_too_late_is_refused_with_the_reason(client):
    response = _post(client, _body(targetDate=today_utc().isoformat()))
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"message", "errors", "trackingId"}
    assert "no later than 6 business days" in body["message"]
    assert not SetupAssistRequest.objects.filter(location_id=demo.CONTOSO_HQ, seats=6).exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"targetDate": "next week"},
        {"seats": 0},
        {"locationId": "nope"},
        {"prerequisites": []},
        {"orgId": "nope"},
        {"seats": "many"},
    ],
)
def test_bad_bodies_are_4xx_never_500(client, overrides):
    response = _post(client, _body(**overrides))
    assert 400 <= response.status_code < 500
    assert set(response.json()) == {"message", "errors", "trackingId"}


def test_list_pages_with_link_and_filters(client):
    raw = token()
    first = client.get(URL, {"max": 1}, **auth(raw))
    assert first.status_code == 200 and len(first.json()["items"]) == 1
    assert 'rel="next"' in first["Link"]
    everything = client.get(URL, **auth(raw)).json()["items"]
    assert {item["status"] for item in everything} == {
        "requested",
        "in_progress",
        "completed",
        "cancelled",
    }
    completed = client.get(URL, {"status": "completed"}, **auth(raw)).json()["items"]
    assert [item["completedDate"] is not None for item in completed] == [True]
    assert client.get(URL, {"status": "bogus"}, **auth(raw)).status_code == 400


def test_another_partners_request_is_not_found(client):
    encoded = ids.encode(ids.SETUP_ASSIST, request_id("Contoso Dental", "Riverside Clinic"))
    other = token(demo.NORTHWIND_ADMIN, demo.NORTHWIND)
    assert client.get(f"{URL}/{encoded}", **auth(other)).status_code == 404
    assert client.post(f"{URL}/{encoded}/cancel", **auth(other)).status_code == 404
    assert client.get(URL, **auth(other)).json()["items"] == []
