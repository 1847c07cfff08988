"""Real Chromium through Partner SSO (PH-10, AC-4), end to end against the loopback IdPs of
tests/sso_idps.py: the email on /login/ routes to the partner's IdP (OpenID Connect or SAML),
the person confirms at the IdP, and lands in the customer's Control Hub. Each negative case —
bad signature, wrong audience, expired answer, unknown user, replayed answer — ends on the
refusal page, signed out, with nothing created."""

import re

import pytest
from playwright.sync_api import Page, expect

from controlhub.models import OrganizationSettings, SignInMethod
from partnerhub.models import SamlIdentityProvider, SsoIdentity
from portal.models import User
from tests.factories import (
    CustomerFactory,
    CustomerRoleAssignmentFactory,
    DomainFactory,
    OidcIdentityProviderFactory,
    PartnerFactory,
    UserFactory,
)
from tests.sso_idps import SKIP_SAML, XMLSEC1, OidcProvider, SamlIdp

OIDC_EMAIL = "olivia@contoso-oidc.example"
SAML_EMAIL = "sam@fabrikam-saml.example"
SHOTS = "test-results/sso"


@pytest.fixture(scope="module")
def oidc_provider():
    server = OidcProvider().start()
    yield server
    server.stop()


@pytest.fixture
def oidc_org(transactional_db, oidc_provider):
    oidc_provider.mode = "ok"
    partner = PartnerFactory(name="Acme OIDC")
    OidcIdentityProviderFactory(
        partner=partner,
        name="browser-oidc",
        client_id=oidc_provider.client_id,
        client_secret=oidc_provider.client_secret,
        discovery_endpoint=f"{oidc_provider.url}/.well-known/openid-configuration",
    )
    customer = CustomerFactory(owner=partner, name="Contoso OIDC")
    OrganizationSettings.objects.create(
        customer=customer,
        sign_in_method=SignInMethod.PARTNER_SSO_OIDC,
        oidc_idp_name="browser-oidc",
        allow_password_sign_in=False,
    )
    DomainFactory(customer=customer, name="contoso-oidc.example", status="claimed")
    user = UserFactory(email=OIDC_EMAIL)
    CustomerRoleAssignmentFactory(user=user, customer=customer)
    return customer


@pytest.fixture
def saml_org(transactional_db, live_server):
    if XMLSEC1 is None:
        pytest.skip(SKIP_SAML)
    from partnerhub.services.sso_saml import sp_metadata

    partner = PartnerFactory(name="Acme SAML")
    base = f"{live_server.url}/sso/saml/{partner.pk}"
    idp = SamlIdp(sp_metadata(entity_id=f"{base}/metadata/", acs_url=f"{base}/acs/")).start()
    SamlIdentityProvider.objects.create(
        partner=partner, entity_id=idp.entity_id, metadata_xml=idp.metadata_xml
    )
    customer = CustomerFactory(owner=partner, name="Fabrikam SAML")
    OrganizationSettings.objects.create(
        customer=customer,
        sign_in_method=SignInMethod.PARTNER_SSO_SAML,
        idp_entity_id=idp.entity_id,
        allow_password_sign_in=False,
    )
    DomainFactory(customer=customer, name="fabrikam-saml.example", status="claimed")
    user = UserFactory(email=SAML_EMAIL)
    CustomerRoleAssignmentFactory(user=user, customer=customer)
    yield customer, idp
    idp.stop()


def start_at_login(page: Page, live_server, email: str):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Sign in").click()


def confirm_at_idp(page: Page, heading: str, email: str | None = None):
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    if email is not None:
        page.get_by_label("IdP email").fill(email)
    page.get_by_role("button", name="Continue at IdP").click()


def expect_refused(page: Page, words: str):
    expect(page.get_by_role("heading", name="Sign-in refused")).to_be_visible()
    expect(page.get_by_test_id("sso-refused")).to_contain_text(words)
    assert SsoIdentity.objects.count() == 0


# --- OpenID Connect ------------------------------------------------------------------------------


def test_a_customer_admin_signs_in_through_the_partner_oidc_idp(page: Page, live_server, oidc_org):
    start_at_login(page, live_server, OIDC_EMAIL)
    expect(page.get_by_label("IdP email")).to_have_value(OIDC_EMAIL)  # the login hint
    page.set_viewport_size({"width": 1440, "height": 900})
    page.screenshot(path=f"{SHOTS}/oidc-idp-1440.png")
    confirm_at_idp(page, "Loopback OIDC provider")
    expect(page).to_have_url(re.compile(rf"/org/{oidc_org.pk}/$"))
    expect(page.get_by_test_id("org-name")).to_have_text("Contoso OIDC")
    assert SsoIdentity.objects.get().user.email == OIDC_EMAIL


@pytest.mark.parametrize(
    ("mode", "words"),
    [
        ("bad_signature", "no valid signature"),
        ("wrong_audience", "another application"),
        ("expired", "expired"),
    ],
)
def test_a_bad_oidc_answer_is_refused(
    page: Page, live_server, oidc_org, oidc_provider, mode, words
):
    oidc_provider.mode = mode
    start_at_login(page, live_server, OIDC_EMAIL)
    confirm_at_idp(page, "Loopback OIDC provider")
    expect_refused(page, words)
    assert "/org/" not in page.url


def test_an_unknown_oidc_user_is_refused_and_not_created(page: Page, live_server, oidc_org):
    users = User.objects.count()
    start_at_login(page, live_server, "stranger@contoso-oidc.example")
    confirm_at_idp(page, "Loopback OIDC provider")
    expect_refused(page, "no account for stranger@contoso-oidc.example")
    assert User.objects.count() == users
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/refused-{width}.png", full_page=True)


def test_a_replayed_oidc_callback_is_refused(page: Page, live_server, oidc_org):
    callbacks = []
    page.on("request", lambda r: callbacks.append(r.url) if "/callback/" in r.url else None)
    start_at_login(page, live_server, OIDC_EMAIL)
    confirm_at_idp(page, "Loopback OIDC provider")
    expect(page).to_have_url(re.compile(rf"/org/{oidc_org.pk}/$"))
    page.get_by_role("button", name="Sign out").click()
    page.goto(callbacks[0])
    expect(page.get_by_role("heading", name="Sign-in refused")).to_be_visible()
    expect(page.get_by_test_id("sso-refused")).to_contain_text("already used")


# --- SAML ----------------------------------------------------------------------------------------


def test_a_customer_admin_signs_in_through_the_partner_saml_idp(page: Page, live_server, saml_org):
    customer, _ = saml_org
    start_at_login(page, live_server, SAML_EMAIL)
    confirm_at_idp(page, "Loopback SAML IdP", SAML_EMAIL)
    expect(page).to_have_url(re.compile(rf"/org/{customer.pk}/$"))
    expect(page.get_by_test_id("org-name")).to_have_text("Fabrikam SAML")
    assert SsoIdentity.objects.get().user.email == SAML_EMAIL


@pytest.mark.parametrize(
    ("mode", "words"),
    [
        ("bad_signature", "no valid signature"),
        ("wrong_audience", "another service provider"),
        ("expired", "validity window"),
    ],
)
def test_a_bad_saml_assertion_is_refused(page: Page, live_server, saml_org, mode, words):
    _, idp = saml_org
    idp.mode = mode
    start_at_login(page, live_server, SAML_EMAIL)
    confirm_at_idp(page, "Loopback SAML IdP", SAML_EMAIL)
    expect_refused(page, words)


def test_an_unknown_saml_user_is_refused_and_not_created(page: Page, live_server, saml_org):
    users = User.objects.count()
    start_at_login(page, live_server, "stranger@fabrikam-saml.example")
    confirm_at_idp(page, "Loopback SAML IdP", "stranger@fabrikam-saml.example")
    expect_refused(page, "no account for stranger@fabrikam-saml.example")
    assert User.objects.count() == users


def test_a_replayed_saml_assertion_is_refused(page: Page, live_server, saml_org):
    customer, _ = saml_org
    posted = []
    page.on(
        "request",
        lambda r: posted.append((r.url, r.post_data)) if r.url.endswith("/acs/") else None,
    )
    start_at_login(page, live_server, SAML_EMAIL)
    confirm_at_idp(page, "Loopback SAML IdP", SAML_EMAIL)
    expect(page).to_have_url(re.compile(rf"/org/{customer.pk}/$"))
    page.get_by_role("button", name="Sign out").click()
    url, body = posted[-1]
    # The captured answer posted again from this browser, through a page that submits it.
    page.set_content(
        f"<form method='post' action='{url}'>"
        + "".join(
            f"<input type='hidden' name='{k}' value='{v}'>"
            for k, v in (pair.split("=", 1) for pair in body.split("&"))
        )
        + "<button>Replay</button></form>"
    )
    page.evaluate(
        "() => { for (const i of document.querySelectorAll('input'))"
        " i.value = decodeURIComponent(i.value.replace(/\\+/g, ' ')); }"
    )
    page.get_by_role("button", name="Replay").click()
    expect(page.get_by_role("heading", name="Sign-in refused")).to_be_visible()
    expect(page.get_by_test_id("sso-refused")).to_contain_text("already used")


def test_a_partner_requires_its_admins_to_use_its_oidc_idp(page: Page, live_server, oidc_org):
    """The partner's full admin copies the values on Partner SSO, requires the IdP for partner
    admins; afterwards the password is refused and the IdP signs the admin in."""
    from portal.access.roles import Role
    from tests.factories import PartnerRoleAssignmentFactory

    partner = oidc_org.owner
    admin = UserFactory(email="paula@acme-oidc.example")
    PartnerRoleAssignmentFactory(user=admin, partner=partner, role=Role.PARTNER_FULL_ADMIN)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill("secret-password")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/partner/{partner.pk}/sso/")
    expect(page.get_by_test_id("oidc-redirect")).to_contain_text(
        f"{live_server.url}/sso/oidc/{partner.pk}/callback/"
    )
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/partner-sso-{width}.png", full_page=True)
    page.get_by_label("Only through the partner's OpenID Connect IdP").check()
    page.locator("form:has(input[value=admins])").get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved how partner admins sign in.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill("secret-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("passwords are not accepted")
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/login-sso-required-{width}.png", full_page=True)
    page.get_by_test_id("sso-start").click()
    confirm_at_idp(page, "Loopback OIDC provider")
    expect(page).to_have_url(re.compile(rf"/partner/{partner.pk}/$"))
