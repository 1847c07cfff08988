"""Cobranding beyond Control Hub (issue 16, seed 001 "Cobranding", PH-6): the sign-in page in
the partner's look by its link (``/login/?brand=<id>``) or by the email's organization domain,
the invitation email in the partner's name and colours, a customer's override winning, the
public logo, and the branding page saying where all of it is shown."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from controlhub.models import DomainStatus
from partnerhub.models import Branding
from partnerhub.services.branding import branding_update
from portal.accounts.invitations import invitation_send
from portal.audit import Actor
from portal.models import Customer, Partner
from tests import demo
from tests.factories import DomainFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def acme_branding(**fields):
    acme = Partner.objects.get(pk=demo.ACME)
    Branding.objects.filter(partner=acme).delete()
    return branding_update(
        organization=acme,
        actor=Actor(None),
        logos={"logo_light": SimpleUploadedFile("acme.png", PNG)},
        light_primary_color="#7a1fa2",
        dark_primary_color="#c58af9",
        **fields,
    )


def test_sign_in_by_the_partners_link_shows_its_logo_and_colours(client):
    branding = acme_branding()
    html = client.get(LOGIN, {"brand": str(demo.ACME)}).content.decode()
    assert 'data-cobranding="partner"' in html and "--portal-accent: #7a1fa2" in html
    assert '[data-bs-theme="light"] {' in html  # CSS as written, not HTML-escaped
    assert 'data-testid="signin-brand"' in html and "Webex services from Acme Telecom" in html
    logo = reverse("sso_brand_logo", kwargs={"org_id": demo.ACME, "kind": "logo_light"})
    assert f'src="{logo}"' in html
    assert f'name="brand" value="{demo.ACME}"' in html  # kept through a failed sign-in
    # The form is the same: email, password, next.
    assert 'name="username"' in html and 'name="password"' in html and 'name="next"' in html
    # The logo is public (the page is seen before signing in), the file as stored.
    response = client.get(logo)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    assert branding.logo_light
    # No brand, or one that names nothing: the portal's own look.
    for query in ({}, {"brand": "not-an-id"}, {"brand": str(demo.CONTOSO_HQ)}):
        page = client.get(LOGIN, query).content.decode()
        assert "data-cobranding" not in page and "Partner Hub and Control Hub" in page


def test_sign_in_by_email_domain_and_the_customers_override_wins(client):
    acme_branding()
    contoso = Customer.objects.get(pk=demo.CONTOSO)
    DomainFactory(customer=contoso, name="contoso-brand.example", status=DomainStatus.VERIFIED)
    html = client.get(LOGIN, {"email": "someone@contoso-brand.example"}).content.decode()
    assert 'data-cobranding="partner"' in html and "#7a1fa2" in html
    Branding.objects.create(customer=contoso, light_primary_color="#0b6b3a")
    html = client.get(LOGIN, {"email": "someone@contoso-brand.example"}).content.decode()
    assert 'data-cobranding="customer"' in html and "#0b6b3a" in html and "#7a1fa2" not in html
    # A failed sign-in with that email keeps the look (and says why it failed).
    failed = client.post(LOGIN, {"username": "someone@contoso-brand.example", "password": "x"})
    assert 'data-cobranding="customer"' in failed.content.decode()
    assert failed.status_code == 200
    # An unknown domain: the portal's own look.
    plain = client.get(LOGIN, {"email": "someone@unknown-domain.example"}).content.decode()
    assert "data-cobranding" not in plain


def test_customer_invitation_email_uses_the_partners_name_colours_and_logo(
    django_capture_on_commit_callbacks, settings
):
    acme_branding()
    fabrikam = Customer.objects.get(pk=demo.FABRIKAM)
    user = UserFactory(email="new-admin@fabrikam-law.example", password=None)
    user.set_unusable_password()
    user.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(user=user, organization=fabrikam, actor=Actor(None))
    [message] = mail.outbox
    html = message.alternatives[0][0]
    assert 'data-cobranding="partner"' in html and "background: #7a1fa2" in html
    logo = reverse("sso_brand_logo", kwargs={"org_id": demo.ACME, "kind": "logo_light"})
    assert f'src="{settings.PORTAL_URL}{logo}"' in html and 'alt="Acme Telecom"' in html
    assert "Your Webex services are provided by Acme Telecom." in message.body


def test_partner_admin_invitation_keeps_the_portals_look(django_capture_on_commit_callbacks):
    acme_branding()
    user = UserFactory(email="new-partner-admin@acme-telecom.example")
    user.set_unusable_password()
    user.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(
            user=user, organization=Partner.objects.get(pk=demo.ACME), actor=Actor(None)
        )
    [message] = mail.outbox
    assert "data-cobranding" not in message.alternatives[0][0]
    assert "background: #0353a4" in message.alternatives[0][0]


def test_branding_page_says_where_it_is_shown(client_for):
    page = client_for(demo.ACME_ADMIN).get(
        reverse("partnerhub:branding", kwargs={"partner_id": demo.ACME})
    )
    html = page.content.decode()
    assert 'data-testid="branding-where"' in html
    for place in ("Control Hub", "Sign-in page", "Invitation emails"):
        assert place in html
    assert f"/login/?brand={demo.ACME}" in html
