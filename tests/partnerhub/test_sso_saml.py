"""Partner SSO through SAML 2.0 (PH-10, AC-4) against pysaml2's IdP on loopback
(tests/sso_idps.py): SP metadata, the signed AuthnRequest the IdP verifies, the signed assertion
the SP verifies, and every refusal — bad signature, wrong audience, expired assertion, unknown
user, replayed assertion — refused with a clear page and nothing created."""

import re
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from controlhub.models import OrganizationSettings, SignInMethod
from partnerhub.models import SamlIdentityProvider, SsoAssertionUse, SsoIdentity
from partnerhub.services.sso_saml import sp_metadata
from portal.models import AuditEvent, User
from tests.factories import (
    CustomerFactory,
    CustomerRoleAssignmentFactory,
    DomainFactory,
    PartnerFactory,
    UserFactory,
)
from tests.sso_idps import SKIP_SAML, XMLSEC1, SamlIdp

pytestmark = pytest.mark.skipif(XMLSEC1 is None, reason=SKIP_SAML)

EMAIL = "sam@fabrikam-sso.example"


def sp_urls(partner, base="http://testserver"):
    return (
        f"{base}/sso/saml/{partner.pk}/metadata/",
        f"{base}/sso/saml/{partner.pk}/acs/",
    )


@pytest.fixture
def setup(db):
    partner = PartnerFactory(name="Acme SAML")
    entity_id, acs = sp_urls(partner)
    idp = SamlIdp(sp_metadata(entity_id=entity_id, acs_url=acs)).start()
    row = SamlIdentityProvider.objects.create(
        partner=partner, entity_id=idp.entity_id, metadata_xml=idp.metadata_xml
    )
    customer = CustomerFactory(owner=partner, name="Fabrikam SSO")
    OrganizationSettings.objects.create(
        customer=customer,
        sign_in_method=SignInMethod.PARTNER_SSO_SAML,
        idp_entity_id=idp.entity_id,
        allow_password_sign_in=False,
    )
    user = UserFactory(email=EMAIL)
    CustomerRoleAssignmentFactory(user=user, customer=customer)
    yield {"partner": partner, "idp": idp, "row": row, "customer": customer, "user": user}
    idp.stop()


def idp_answer(client, idp, email=EMAIL, idp_email=None):
    """/login/ → the SP's start → the IdP's page → the IdP's auto-posting form, parsed."""
    start = client.post("/login/", {"username": email, "password": ""})
    assert start.status_code == 302, start.content
    to_idp = client.get(start["Location"])
    assert to_idp.status_code == 302
    location = to_idp["Location"]
    assert location.startswith(f"{idp.url}/sso/redirect?")
    query = {k: v[0] for k, v in parse_qs(urlparse(location).query).items()}
    assert {"SAMLRequest", "SigAlg", "Signature"} <= query.keys()  # a signed request
    page = requests.get(location, timeout=5)
    assert page.status_code == 200, page.text
    posted = requests.post(
        f"{idp.url}/sso/login", data={**query, "email": idp_email or email}, timeout=5
    )
    assert posted.status_code == 200
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', posted.text))
    action = unescape(re.search(r'action="([^"]+)"', posted.text).group(1))
    return urlparse(action).path, {k: unescape(v) for k, v in fields.items()}


def refused(response, code):
    assert response.status_code == 403
    assert response.templates[0].name == "partnerhub/sso_refused.html"
    assert response.context["code"] == code, response.context["reason"]
    assert "_auth_user_id" not in response.wsgi_request.session


def test_sp_metadata_download_names_the_entity_id_acs_and_signing_certificate(client, setup):
    response = client.get(f"/sso/saml/{setup['partner'].pk}/metadata/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/samlmetadata+xml"
    xml = response.content.decode()
    entity_id, acs = sp_urls(setup["partner"])
    assert f'entityID="{entity_id}"' in xml
    assert f'Location="{acs}"' in xml
    assert 'AuthnRequestsSigned="true"' in xml and 'WantAssertionsSigned="true"' in xml
    assert "X509Certificate" in xml


def test_an_invited_admin_signs_in_through_the_partner_saml_idp(client, setup):
    acs, form = idp_answer(client, setup["idp"])
    assert acs == f"/sso/saml/{setup['partner'].pk}/acs/"
    response = client.post(acs, form)
    assert response.status_code == 302, response.content
    assert client.session["_auth_user_id"] == str(setup["user"].pk)
    link = SsoIdentity.objects.get()
    assert (link.user, link.protocol, link.subject) == (setup["user"], "saml", EMAIL)
    assert SsoAssertionUse.objects.filter(protocol="saml").count() == 1
    assert AuditEvent.objects.filter(action="sso.sign_in_saml").count() == 1
    # Signed in, the home page leads to the org's Control Hub.
    assert client.get("/")["Location"] == f"/org/{setup['customer'].pk}/"


def test_an_unsigned_authn_request_is_refused_by_the_idp(client, setup):
    start = client.get(f"/sso/saml/{setup['partner'].pk}/start/")
    url = urlparse(start["Location"])
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    unsigned = requests.get(
        f"{setup['idp'].url}/sso/redirect", params={"SAMLRequest": query["SAMLRequest"]}, timeout=5
    )
    assert unsigned.status_code == 400


@pytest.mark.parametrize(
    ("mode", "code", "words"),
    [
        ("bad_signature", "sso_bad_signature", "no valid signature"),
        ("unsigned", "sso_bad_signature", "no valid signature"),
        ("wrong_audience", "sso_audience", "another service provider"),
        ("expired", "sso_expired", "validity window"),
    ],
)
def test_a_bad_assertion_is_refused_and_nothing_is_created(client, setup, mode, code, words):
    setup["idp"].mode = mode
    acs, form = idp_answer(client, setup["idp"])
    response = client.post(acs, form)
    refused(response, code)
    assert words in response.content.decode()
    assert SsoIdentity.objects.count() == 0
    assert SsoAssertionUse.objects.count() == 0


def test_an_unknown_user_is_refused_and_no_account_is_created(client, setup):
    DomainFactory(customer=setup["customer"], name="fabrikam-sso.example", status="claimed")
    users = User.objects.count()
    acs, form = idp_answer(client, setup["idp"], email="nobody@fabrikam-sso.example")
    response = client.post(acs, form)
    refused(response, "sso_unknown_user")
    assert User.objects.count() == users
    assert SsoIdentity.objects.count() == 0


def test_a_replayed_assertion_is_refused(client, setup):
    acs, form = idp_answer(client, setup["idp"])
    assert client.post(acs, form).status_code == 302
    client.logout()
    # Another post of the same answer: no request of ours is waiting for it any more.
    refused(client.post(acs, {**form, "_sso_repost": "1"}), "sso_replayed")
    # Even with the request put back in the session, the assertion ID was used once: the
    # database refuses it.
    session = client.session
    session["saml_outstanding"] = {setup["idp"].requests[-1].message.id: ""}
    session.save()
    response = client.post(acs, form)
    refused(response, "sso_replayed")
    assert "already used once" in response.content.decode()
    assert SsoAssertionUse.objects.count() == 1
    assert SsoIdentity.objects.count() == 1


def test_an_assertion_posted_without_a_request_of_ours_is_refused(client, setup):
    acs, form = idp_answer(client, setup["idp"])
    other = type(client)()
    # Without this browser's session cookie (a cross-site POST leaves it out) the ACS first
    # posts the answer again from its own page; still without a request of ours, refused.
    repost = other.post(acs, form)
    assert repost.status_code == 200
    assert 'name="_sso_repost"' in repost.content.decode()
    refused(other.post(acs, {**form, "_sso_repost": "1"}), "sso_replayed")
    assert SsoIdentity.objects.count() == 0


def test_the_partner_sso_page_shows_the_values_to_copy_into_the_idp(client_for):
    from tests import demo

    client = client_for(demo.ACME_ADMIN)
    page = client.get(f"/partner/{demo.ACME}/sso/").content.decode()
    assert f"http://testserver/sso/saml/{demo.ACME}/metadata/" in page
    assert f"http://testserver/sso/saml/{demo.ACME}/acs/" in page
    assert f"http://testserver/sso/oidc/{demo.ACME}/callback/" in page
    assert 'data-testid="sp-metadata-download"' in page


@pytest.mark.parametrize(
    "saml_response",
    ["not base64 at all", "PHhtbD48L3htbD4=", "PCFET0NUWVBFIHg+PHg+JnhlOzwveD4="],
)
def test_garbage_posted_to_the_acs_is_a_refusal_page_never_a_500(client, setup, saml_response):
    client.get(f"/sso/saml/{setup['partner'].pk}/start/")  # a request is outstanding
    response = client.post(f"/sso/saml/{setup['partner'].pk}/acs/", {"SAMLResponse": saml_response})
    refused(response, response.context["code"])
    assert SsoIdentity.objects.count() == 0


def test_without_xmlsec1_saml_sign_in_says_it_is_unavailable(client, setup, monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    for path in ("metadata/", "start/"):
        response = client.get(f"/sso/saml/{setup['partner'].pk}/{path}")
        refused(response, "sso_unavailable")
        assert "xmlsec1 program is not installed" in response.content.decode()
