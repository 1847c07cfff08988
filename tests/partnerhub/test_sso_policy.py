"""Who signs in how (PH-10, AC-4, PV-8): partner admins required to use the partner's IdP, an
attached org's own SSO settings winning over the partner's, and the password fallback only
where the org allows it. Against the loopback OIDC provider of tests/sso_idps.py."""

import pytest

from controlhub.models import OrganizationSettings, SignInMethod
from partnerhub.models import OidcIdentityProvider, SsoIdentity
from portal.access.roles import Role
from portal.models import AuditEvent
from tests.factories import (
    CustomerFactory,
    CustomerRoleAssignmentFactory,
    DomainFactory,
    OidcIdentityProviderFactory,
    PartnerFactory,
    PartnerRoleAssignmentFactory,
    UserFactory,
)
from tests.partnerhub.test_sso_oidc import refused, walk
from tests.sso_idps import OidcProvider

ADMIN = "pia@acme-policy.example"


@pytest.fixture(scope="module")
def provider():
    server = OidcProvider().start()
    yield server
    server.stop()


@pytest.fixture
def partner(db, provider):
    provider.mode = "ok"
    partner = PartnerFactory(name="Acme Policy")
    OidcIdentityProviderFactory(
        partner=partner,
        name="policy-oidc",
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        discovery_endpoint=f"{provider.url}/.well-known/openid-configuration",
    )
    admin = UserFactory(email=ADMIN)
    PartnerRoleAssignmentFactory(user=admin, partner=partner, role=Role.PARTNER_FULL_ADMIN)
    return partner


def test_a_partner_full_admin_requires_the_partners_admins_to_use_its_idp(client, partner):
    client.force_login(UserFactory(email="owner@acme-policy.example"))
    PartnerRoleAssignmentFactory(
        user=UserFactory(email="owner@acme-policy.example"),
        partner=partner,
        role=Role.PARTNER_FULL_ADMIN,
    )
    response = client.post(
        f"/partner/{partner.pk}/sso/", {"action": "admins", "admin_sign_in": "oidc"}
    )
    assert response.status_code == 302
    assert OidcIdentityProvider.objects.get(partner=partner).required_for_admins
    assert AuditEvent.objects.filter(action="sso.admin_sign_in").count() == 1
    # No SAML IdP: requiring it is refused next to the field.
    response = client.post(
        f"/partner/{partner.pk}/sso/", {"action": "admins", "admin_sign_in": "saml"}
    )
    assert response.status_code == 400
    assert "Upload the SAML IdP" in response.content.decode()
    page = client.get(f"/partner/{partner.pk}/sso/")
    assert page.context["admin_form"].initial == {"admin_sign_in": "oidc"}


def test_a_required_idp_refuses_partner_admins_passwords_and_signs_them_in(
    client, partner, provider
):
    OidcIdentityProvider.objects.filter(partner=partner).update(required_for_admins=True)
    response = client.post("/login/", {"username": ADMIN, "password": "secret-password"})
    assert response.status_code == 400
    assert "passwords are not accepted" in response.content.decode()
    assert "_auth_user_id" not in client.session
    response, _ = walk(client, provider, email=ADMIN)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(SsoIdentity.objects.get().user_id)
    assert client.get("/")["Location"] == f"/partner/{partner.pk}/"


def test_partner_admins_keep_passwords_while_sso_is_not_required(client, partner):
    response = client.post("/login/", {"username": ADMIN, "password": "secret-password"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_partner_admins_not_required_are_refused_at_the_idp(client, partner, provider):
    """Without the requirement the partner's admins are not routed to its IdP, and an answer
    for one of them is refused (their org does not sign in through it)."""
    response, _ = walk_direct(client, provider, partner, ADMIN)
    refused(response, "sso_wrong_idp")


def walk_direct(client, provider, partner, email):
    from urllib.parse import unquote_plus, urlparse

    import requests

    authorize = client.get(f"/sso/oidc/{partner.pk}/start/?email={email}")
    url = urlparse(authorize["Location"])
    form = {k: unquote_plus(v) for k, v in (p.split("=", 1) for p in url.query.split("&"))}
    form["email"] = email
    answer = requests.post(f"{provider.url}/authorize", data=form, allow_redirects=False, timeout=5)
    back = urlparse(answer.headers["Location"])
    callback = f"{back.path}?{back.query}"
    return client.get(callback), callback


def test_an_attached_org_keeps_its_own_sso_and_is_never_routed_to_the_partner(
    client, partner, provider
):
    """PV-8: an org that kept its own SSO after an attach signs in as before; the partner's
    IdP cannot sign its people in, even with a claimed domain of the org."""
    attached = CustomerFactory(owner=partner, name="Northwind Own SSO")
    OrganizationSettings.objects.create(
        customer=attached,
        sign_in_method=SignInMethod.SSO,
        idp_entity_id="https://idp.northwind-own.example",
    )
    DomainFactory(customer=attached, name="northwind-own.example", status="claimed")
    person = UserFactory(email="ned@northwind-own.example")
    CustomerRoleAssignmentFactory(user=person, customer=attached)
    response = client.post("/login/", {"username": person.email, "password": ""})
    assert response.status_code == 200
    assert "Enter your password." in response.content.decode()
    response, _ = walk_direct(client, provider, partner, person.email)
    refused(response, "sso_wrong_idp")
    assert SsoIdentity.objects.count() == 0


def test_the_customer_admin_keeps_partner_sso_and_chooses_the_password_fallback(client, partner):
    customer = CustomerFactory(owner=partner, restricted_by_partner=False)
    OrganizationSettings.objects.create(
        customer=customer,
        sign_in_method=SignInMethod.PARTNER_SSO_OIDC,
        oidc_idp_name="policy-oidc",
        allow_password_sign_in=False,
    )
    admin = UserFactory(email="cam@customer-policy.example")
    CustomerRoleAssignmentFactory(user=admin, customer=customer)
    client.force_login(admin)
    url = f"/org/{customer.pk}/settings/authentication/"
    page = client.get(f"/org/{customer.pk}/settings/").content.decode()
    assert "Allow password sign-in as a fallback" in page
    response = client.post(
        url, {"sign_in_method": "partner_sso_oidc", "allow_password_sign_in": "on"}
    )
    assert response.status_code == 302, response.content
    settings = OrganizationSettings.objects.get(customer=customer)
    assert settings.sign_in_method == "partner_sso_oidc"
    assert settings.allow_password_sign_in
    assert settings.oidc_idp_name == "policy-oidc"
    # Another partner SSO than the template's cannot be picked.
    response = client.post(url, {"sign_in_method": "partner_sso_saml"})
    assert response.status_code == 400
    assert OrganizationSettings.objects.get(customer=customer).sign_in_method == (
        "partner_sso_oidc"
    )


def test_a_sub_partners_customer_signs_in_through_the_parents_idp(client, partner, provider):
    """A sub-partner without an IdP of its own: its customers use the parent's (PH-8)."""
    from tests.factories import SubPartnerFactory

    sub = SubPartnerFactory(parent=partner, name="Litware Policy")
    customer = CustomerFactory(owner=sub)
    OrganizationSettings.objects.create(
        customer=customer,
        sign_in_method=SignInMethod.PARTNER_SSO_OIDC,
        oidc_idp_name="policy-oidc",
    )
    person = UserFactory(email="lee@litware-customer.example")
    CustomerRoleAssignmentFactory(user=person, customer=customer)
    response, _ = walk(client, provider, email=person.email)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)
    assert SsoIdentity.objects.get().partner == partner
