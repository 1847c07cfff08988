"""Control Hub → Organization settings shows the authentication and meetings time zone that
provisioning applied from the template (PH-2, PV-1)."""

import uuid

import pytest
from django.urls import reverse

from portal.audit import Actor
from portal.models import (
    AuthenticationMode,
    CustomerStatus,
    OnboardingTemplate,
    Partner,
)
from tests import demo
from wholesale import tasks
from wholesale.services import customers as provisioning

pytestmark = pytest.mark.django_db
ACTOR = Actor.system()
ADDRESS = {"address_line1": "12 Orchard Lane", "city": "Portland", "country": "US"}


@pytest.fixture
def acme():
    return Partner.objects.get(pk=demo.ACME)


def template(acme, **fields):
    return OnboardingTemplate.objects.create(
        partner=acme, name=f"T {uuid.uuid4().hex[:8]}", subscription_id="Sub-ACME-0001", **fields
    )


def provision(acme, tmpl, **overrides):
    kwargs = {
        "partner": acme,
        "actor": ACTOR,
        "provisioning_id": tmpl.provisioning_id,
        "packages": ["webex_meetings"],
        "external_id": "BO-SSO",
        "address": ADDRESS,
        "name": "Orchard Clinic",
        "primary_email": "owner@orchard-clinic.example",
        **overrides,
    }
    customer = provisioning.customer_provision(**kwargs)
    tasks.provision_customer(str(customer.pk))
    tasks.provision_customer(str(customer.pk))  # twice: the same end state
    customer.refresh_from_db()
    assert customer.status == CustomerStatus.PROVISIONED
    return customer


def test_control_hub_shows_them(acme, client_for):
    tmpl = template(
        acme,
        authentication_mode=AuthenticationMode.PARTNER_SSO_SAML,
        idp_entity_id="https://idp.acme-telecom.example/saml",
    )
    customer = provision(acme, tmpl, meetings_timezone="Europe/London")
    page = client_for(demo.ACME_ADMIN).get(
        reverse("controlhub:settings", kwargs={"org_id": customer.pk})
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Partner SSO (SAML) https://idp.acme-telecom.example/saml" in body
    assert 'data-testid="meetings-timezone">Europe/London<' in body
