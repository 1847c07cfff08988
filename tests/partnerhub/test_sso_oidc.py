"""Partner SSO through OpenID Connect (PH-10, AC-4) against a real provider on loopback
(tests/sso_idps.py): home-realm discovery at /login/, the code flow with PKCE, and every
refusal — bad signature, wrong audience, expired token, unknown user, replayed answer —
refused with a clear page and nothing created."""

from urllib.parse import urlparse

import pytest
import requests

from controlhub.models import OrganizationSettings, SignInMethod
from partnerhub.models import SsoAssertionUse, SsoIdentity
from portal.models import AuditEvent, Invitation, User
from tests.factories import (
    CustomerFactory,
    CustomerRoleAssignmentFactory,
    DomainFactory,
    InvitationFactory,
    OidcIdentityProviderFactory,
    PartnerFactory,
    UserFactory,
)
from tests.sso_idps import OidcProvider

EMAIL = "ana@contoso-sso.example"


@pytest.fixture(scope="module")
def provider():
    server = OidcProvider().start()
    yield server
    server.stop()


@pytest.fixture
def setup(db, provider):
    provider.mode = "ok"
    partner = PartnerFactory(name="Acme SSO")
    idp = OidcIdentityProviderFactory(
        partner=partner,
        name="loopback-oidc",
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        discovery_endpoint=f"{provider.url}/.well-known/openid-configuration",
    )
    customer = CustomerFactory(owner=partner, name="Contoso SSO")
    OrganizationSettings.objects.create(
        customer=customer,
        sign_in_method=SignInMethod.PARTNER_SSO_OIDC,
        oidc_idp_name="loopback-oidc",
        allow_password_sign_in=False,
    )
    user = UserFactory(email=EMAIL)
    user.set_unusable_password()
    user.save()
    CustomerRoleAssignmentFactory(user=user, customer=customer)
    InvitationFactory(user=user, partner=None, customer=customer)
    return {"partner": partner, "idp": idp, "customer": customer, "user": user}


def walk(client, provider, email=EMAIL, idp_email=None, next_url=""):
    """Email on /login/ → the provider's page → its redirect back to the callback."""
    data = {"username": email, "password": ""}
    if next_url:
        data["next"] = next_url
    start = client.post("/login/", data)
    assert start.status_code == 302, start.content
    authorize = client.get(start["Location"])
    assert authorize.status_code == 302
    url = urlparse(authorize["Location"])
    assert f"{url.scheme}://{url.netloc}" == provider.url
    page = requests.get(authorize["Location"], timeout=5)
    assert page.status_code == 200 and "IdP email" in page.text
    query = dict(p.split("=", 1) for p in url.query.split("&"))
    from urllib.parse import unquote_plus

    form = {k: unquote_plus(v) for k, v in query.items()}
    form["email"] = idp_email or email
    answer = requests.post(f"{provider.url}/authorize", data=form, allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    back = urlparse(answer.headers["Location"])
    callback = f"{back.path}?{back.query}"
    return client.get(callback), callback


def test_login_routes_the_email_to_the_partner_idp_and_signs_the_invited_admin_in(
    client, setup, provider
):
    response, _ = walk(client, provider, next_url=f"/org/{setup['customer'].pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/org/{setup['customer'].pk}/"
    assert client.session["_auth_user_id"] == str(setup["user"].pk)
    link = SsoIdentity.objects.get()
    assert (link.user, link.subject, link.protocol) == (setup["user"], f"sub-{EMAIL}", "oidc")
    assert Invitation.objects.get(user=setup["user"]).accepted_at is not None
    assert AuditEvent.objects.filter(action="sso.sign_in_oidc").count() == 1
    # The next sign-in reuses the link.
    client.logout()
    walk(client, provider)
    assert SsoIdentity.objects.count() == 1


def test_the_authorize_redirect_carries_pkce_state_nonce_and_the_login_hint(client, setup):
    start = client.get(f"/sso/oidc/{setup['partner'].pk}/start/?email={EMAIL}")
    location = start["Location"]
    for part in (
        "code_challenge=",
        "code_challenge_method=S256",
        "state=",
        "nonce=",
        "login_hint=",
    ):
        assert part in location
    assert "redirect_uri=http%3A%2F%2Ftestserver%2Fsso%2Foidc%2F" in location


def refused(response, code):
    assert response.status_code == 403
    assert response.templates[0].name == "partnerhub/sso_refused.html"
    assert response.context["code"] == code
    assert "_auth_user_id" not in response.wsgi_request.session


@pytest.mark.parametrize(
    ("mode", "code", "words"),
    [
        ("bad_signature", "sso_bad_signature", "no valid signature"),
        ("wrong_audience", "sso_audience", "another application"),
        ("expired", "sso_expired", "expired"),
    ],
)
def test_a_bad_id_token_is_refused_and_nothing_is_created(
    client, setup, provider, mode, code, words
):
    provider.mode = mode
    users = User.objects.count()
    response, _ = walk(client, provider)
    refused(response, code)
    assert words in response.content.decode()
    assert SsoIdentity.objects.count() == 0
    assert SsoAssertionUse.objects.count() == 0
    assert User.objects.count() == users


def test_an_unknown_user_is_refused_and_no_account_is_created(client, setup, provider):
    DomainFactory(customer=setup["customer"], name="contoso-sso.example", status="claimed")
    users = User.objects.count()
    response, _ = walk(client, provider, email="nobody@contoso-sso.example")
    refused(response, "sso_unknown_user")
    assert "no account for nobody@contoso-sso.example" in response.content.decode()
    assert User.objects.count() == users
    assert SsoIdentity.objects.count() == 0


def test_a_replayed_callback_is_refused(client, setup, provider):
    response, callback = walk(client, provider)
    assert response.status_code == 302
    client.logout()
    refused(client.get(callback), "sso_replayed")


def test_the_idp_vouching_for_another_email_than_typed_signs_in_only_that_account(
    client, setup, provider
):
    """The email the IdP sends is the identity, not the one typed: another account of the same
    org signs in; an email of an org not routed to this IdP is refused."""
    outsider = UserFactory(email="eve@elsewhere.example")
    CustomerRoleAssignmentFactory(user=outsider, customer=CustomerFactory())
    response, _ = walk(client, provider, idp_email="eve@elsewhere.example")
    refused(response, "sso_wrong_idp")


def test_password_refused_where_the_org_does_not_allow_it(client, setup):
    setup["user"].set_password("secret-password")
    setup["user"].save()
    response = client.post("/login/", {"username": EMAIL, "password": "secret-password"})
    assert response.status_code == 400
    assert "passwords are not accepted" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert 'data-testid="sso-start"' in response.content.decode()


def test_password_kept_as_a_fallback_where_the_org_allows_it(client, setup):
    OrganizationSettings.objects.filter(customer=setup["customer"]).update(
        allow_password_sign_in=True
    )
    setup["user"].set_password("secret-password")
    setup["user"].save()
    response = client.post("/login/", {"username": EMAIL, "password": "secret-password"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(setup["user"].pk)


def test_home_realm_discovery_by_domain_for_an_email_without_an_account(client, setup):
    DomainFactory(customer=setup["customer"], name="contoso-sso.example", status="verified")
    response = client.post("/login/", {"username": "new@contoso-sso.example", "password": ""})
    assert response.status_code == 302
    assert response["Location"].startswith(f"/sso/oidc/{setup['partner'].pk}/start/")


def test_an_email_without_sso_is_asked_for_its_password(client, db):
    UserFactory(email="plain@example.test")
    response = client.post("/login/", {"username": "plain@example.test", "password": ""})
    assert response.status_code == 200
    assert "Enter your password." in response.content.decode()
    assert 'value="plain@example.test"' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "code=x&state=forged",
        "error=access_denied&error_description=The+user+said+no",
        "code=" + "x" * 5000,
    ],
)
def test_a_forged_or_failed_callback_is_a_refusal_page_never_a_500(client, setup, query):
    response = client.get(f"/sso/oidc/{setup['partner'].pk}/callback/?{query}")
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_an_unknown_partner_has_no_sso_endpoints(client, db):
    import uuid

    for path in ("oidc/{}/start/", "oidc/{}/callback/", "saml/{}/metadata/", "saml/{}/start/"):
        assert client.get("/sso/" + path.format(uuid.uuid4())).status_code == 404


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "x" * 300 + "@example.test", "@", ""])
def test_odd_emails_on_the_sign_in_page_are_form_errors(client, db, email):
    response = client.post("/login/", {"username": email, "password": ""})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sso_sign_in_works_with_sign_in_protection_on(client, setup, provider, settings):
    settings.AXES_ENABLED = True
    response, _ = walk(client, provider)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(setup["user"].pk)


def test_the_idp_sign_in_is_not_asked_for_the_portal_authenticator_code(client, setup, provider):
    """The IdP authenticated the person (with its own second factor where it has one): the
    portal's two-step code is asked only after a password."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=setup["user"], name="phone", confirmed=True)
    walk(client, provider)
    response = client.get(f"/org/{setup['customer'].pk}/")
    assert response.status_code == 200


def sign_in_directly(setup, email, subject, assertion_id):
    from datetime import timedelta

    from django.utils import timezone

    from partnerhub.services.sso_signin import sso_sign_in_user

    return sso_sign_in_user(
        partner=setup["partner"],
        protocol="oidc",
        subject=subject,
        email=email,
        assertion_id=assertion_id,
        not_on_or_after=timezone.now() + timedelta(minutes=5),
    )


def test_the_link_follows_the_email_and_a_subject_never_names_two_accounts(setup):
    from partnerhub.services.sso_signin import SsoRefused

    assert sign_in_directly(setup, EMAIL, "sub-1", "a1") == setup["user"]
    # The IdP re-created the person: a new subject for the same email moves the link.
    assert sign_in_directly(setup, EMAIL, "sub-2", "a2") == setup["user"]
    assert SsoIdentity.objects.get().subject == "sub-2"
    assert AuditEvent.objects.filter(action="sso.link").count() == 2
    # The subject of one account sent with another account's email: refused.
    other = UserFactory(email="bo@contoso-sso.example")
    CustomerRoleAssignmentFactory(user=other, customer=setup["customer"])
    with pytest.raises(SsoRefused) as refused_:
        sign_in_directly(setup, other.email, "sub-2", "a3")
    assert refused_.value.reason == "sso_subject_mismatch"
    # An answer without a subject links by the email.
    sign_in_directly(setup, other.email, "", "a4")
    assert SsoIdentity.objects.get(user=other).subject == other.email


def test_an_email_only_in_userinfo_is_read_from_there(client, setup, provider):
    provider.mode = "email_in_userinfo"
    response, _ = walk(client, provider)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(setup["user"].pk)
