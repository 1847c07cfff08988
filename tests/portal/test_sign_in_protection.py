"""Sign-in protection (AC-3): django-axes locks an account, or an address, after repeated
failures, with when to retry; invalid API bearer tokens get 429 with Retry-After."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import ApiAuthFailure
from tests import demo
from tests.api.helpers import auth, token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def protection_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 10
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.API_AUTH_FAILURE_LIMIT = 10


def sign_in(client, email, password, **extra):
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def cool_off_passes():
    """Move every recorded failure back past the cool-off."""
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))


def test_ten_wrong_passwords_lock_the_account_until_the_cool_off_has_passed(client):
    for _ in range(9):
        response = sign_in(client, demo.ACME_ADMIN, "wrong")
        assert response.status_code == 200
        assert "do not match" in response.content.decode()
    locked = sign_in(client, demo.ACME_ADMIN, "wrong")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Too many failed sign-ins" in html
    assert "Sign-in is locked until" in html and "UTC" in html
    assert 800 <= int(locked["Retry-After"]) <= 900

    # The right password is refused while locked, without counting as a new failure.
    right = sign_in(client, demo.ACME_ADMIN, demo.PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session

    cool_off_passes()
    after = sign_in(client, demo.ACME_ADMIN, demo.PASSWORD)
    assert after.status_code == 302
    assert client.session["_auth_user_id"]


def test_the_account_is_locked_from_every_address(client):
    for i in range(10):
        sign_in(client, demo.CONTOSO_ADMIN.upper(), "wrong", REMOTE_ADDR=f"10.0.0.{i + 1}")
    elsewhere = sign_in(Client(), demo.CONTOSO_ADMIN, demo.PASSWORD, REMOTE_ADDR="10.9.9.9")
    assert elsewhere.status_code == 429


def test_one_address_trying_many_accounts_is_locked_and_others_are_not(client):
    for i in range(10):
        sign_in(client, f"guess{i}@acme-telecom.example", "wrong", REMOTE_ADDR="192.0.2.7")
    same_address = sign_in(Client(), demo.ACME_ADMIN, demo.PASSWORD, REMOTE_ADDR="192.0.2.7")
    assert same_address.status_code == 429
    other_address = sign_in(Client(), demo.ACME_ADMIN, demo.PASSWORD, REMOTE_ADDR="192.0.2.8")
    assert other_address.status_code == 302


def test_a_forwarded_for_header_counts_only_when_configured(client, settings):
    # Not configured: a client cannot escape the address lock by inventing the header.
    for i in range(10):
        sign_in(
            client,
            f"g{i}@x.example",
            "wrong",
            REMOTE_ADDR="198.51.100.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
        )
    assert (
        sign_in(Client(), demo.ACME_ADMIN, demo.PASSWORD, REMOTE_ADDR="198.51.100.1").status_code
        == 429
    )
    # Configured behind a proxy: the address the proxy appended is the client's.
    settings.PORTAL_CLIENT_IP_HEADER = "X-Forwarded-For"
    proxied = sign_in(
        Client(),
        demo.ACME_ADMIN,
        demo.PASSWORD,
        REMOTE_ADDR="198.51.100.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.50",
    )
    assert proxied.status_code == 302
    assert AccessAttempt.objects.filter(ip_address="203.0.113.50").count() == 0


def test_a_successful_sign_in_resets_the_count(client):
    for _ in range(9):
        sign_in(client, demo.ACME_ADMIN, "wrong")
    assert sign_in(client, demo.ACME_ADMIN, demo.PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, demo.ACME_ADMIN, "wrong").status_code == 200


def test_invalid_api_tokens_get_429_with_retry_after_and_the_webex_body(client):
    url = "/v1/wholesale/customers"
    for _ in range(9):
        assert client.get(url, **auth("not-a-token")).status_code == 401
    tenth = client.get(url, **auth("not-a-token"))
    assert tenth.status_code == 401  # the tenth failure itself is still answered as such
    valid = auth(token())
    locked = client.get(url, **valid)
    assert locked.status_code == 429
    assert 800 <= int(locked["Retry-After"]) <= 901
    body = locked.json()
    assert body["message"] == "Too many requests with an invalid access token from this address."
    assert body["errors"][0]["description"].startswith("Too many requests")
    assert body["trackingId"]
    # Another address is not affected; after the cool-off the same one works again.
    assert client.get(url, REMOTE_ADDR="192.0.2.99", **valid).status_code == 200
    ApiAuthFailure.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    assert client.get(url, **valid).status_code == 200
