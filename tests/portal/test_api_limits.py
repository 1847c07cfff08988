"""Limits the contract names (API-6): a /v1 body over 1 MB is a 413 with Webex's error body."""

import json

import pytest
from django.test import override_settings

from tests.api.helpers import auth, token


@pytest.fixture
def h(db):
    return auth(token())


def test_a_body_over_one_megabyte_is_a_413_with_the_webex_error_body(client, h):
    body = json.dumps({"customerId": "x", "email": "a@example.test", "pad": "x" * (1024 * 1024)})
    response = client.post("/v1/wholesale/subscribers", body, content_type="application/json", **h)
    assert response.status_code == 413
    assert set(response.json()) == {"message", "errors", "trackingId"}
    assert response["TrackingID"] == response.json()["trackingId"]


def test_a_body_under_the_limit_is_read(client, h):
    body = json.dumps({"customerId": "x", "email": "a@example.test", "pad": "x" * 1000})
    response = client.post("/v1/wholesale/subscribers", body, content_type="application/json", **h)
    assert response.status_code in (400, 404)  # read and refused on its merits


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100, API_MAX_BODY_BYTES=10**9)
def test_djangos_own_limit_is_a_413_too_not_a_500(client, h):
    body = json.dumps({"customerId": "x", "email": "a@example.test", "pad": "x" * 1000})
    response = client.post("/v1/wholesale/subscribers", body, content_type="application/json", **h)
    assert response.status_code == 413
    assert set(response.json()) == {"message", "errors", "trackingId"}


def test_pages_are_not_affected(client, db):
    from django.urls import reverse

    response = client.post(reverse("login"), {"username": "x", "pad": "x" * (1024 * 1024 + 10)})
    assert response.status_code == 200  # the sign-in form again, not a 413
