"""API tokens: issued in the portal (shown once, hashed), revoked, and by command (API-6)."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from portal.api import scopes
from portal.models import ApiToken
from portal.models.tokens import hash_token
from tests import demo

pytestmark = pytest.mark.django_db


def url(name):
    return reverse(name, kwargs={"partner_id": demo.ACME})


def test_full_admin_issues_a_token_shown_once(client_for):
    client = client_for(demo.ACME_ADMIN)
    page = client.get(url("api_tokens"))
    assert page.status_code == 200
    response = client.post(
        url("api_tokens"),
        {"name": "billing system", "scopes": [scopes.WHOLESALE_CUSTOMERS_READ]},
    )
    assert response.status_code == 200
    raw = response.context["new_token"]
    token = ApiToken.objects.get(name="billing system")
    assert token.token_hash == hash_token(raw) and raw not in token.token_hash
    assert token.scopes == [scopes.WHOLESALE_CUSTOMERS_READ]
    again = client.get(url("api_tokens"))
    assert raw not in again.content.decode()
    api = client.get("/v1/wholesale/customers", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 200


def test_form_errors_keep_the_input(client_for):
    response = client_for(demo.ACME_ADMIN).post(url("api_tokens"), {"name": "no scopes"})
    assert response.status_code == 200
    assert response.context["form"].errors["scopes"]
    assert 'value="no scopes"' in response.content.decode()


def test_revoke(client_for):
    client = client_for(demo.ACME_ADMIN)
    token = ApiToken.objects.get(token_hash=hash_token("demo-token-acme-readonly"))
    response = client.post(url("api_token_revoke"), {"token": token.pk})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    api = client.get(
        "/v1/wholesale/customers", HTTP_AUTHORIZATION="Bearer demo-token-acme-readonly"
    )
    assert api.status_code == 401
    # Another partner's token is not found here.
    assert client.post(url("api_token_revoke"), {"token": 999999}).status_code == 404


def test_read_only_admins_cannot_issue(client_for):
    client = client_for(demo.ACME_READONLY)
    assert client.post(url("api_tokens"), {"name": "x"}).status_code == 403


def test_demo_tokens_work():
    admin = ApiToken.objects.get(token_hash=hash_token("demo-token-acme-admin"))
    assert set(admin.scopes) == scopes.ALL and admin.user.email == demo.ACME_ADMIN
    readonly = ApiToken.objects.get(token_hash=hash_token("demo-token-acme-readonly"))
    assert set(readonly.scopes) == scopes.READ and readonly.user.email == demo.ACME_READONLY


def test_create_api_token_command(capsys):
    call_command(
        "create_api_token",
        demo.ACME_ADMIN,
        "--partner",
        "Acme Telecom",
        "--scope",
        scopes.WHOLESALE_CUSTOMERS_READ,
        "--scope",
        scopes.WHOLESALE_SUBSCRIBERS_READ,
    )
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    token = ApiToken.objects.get(token_hash=hash_token(raw))
    assert sorted(token.scopes) == sorted(
        [scopes.WHOLESALE_CUSTOMERS_READ, scopes.WHOLESALE_SUBSCRIBERS_READ]
    )
    call_command("create_api_token", demo.ACME_ADMIN, "--partner", str(demo.ACME), "--scope", "all")
    with pytest.raises(CommandError, match="Unknown scopes"):
        call_command(
            "create_api_token", demo.ACME_ADMIN, "--partner", "Acme Telecom", "--scope", "x"
        )
    with pytest.raises(CommandError, match="not an administrator"):
        call_command("create_api_token", demo.GLOBEX_ADMIN, "--partner", "Acme Telecom")
