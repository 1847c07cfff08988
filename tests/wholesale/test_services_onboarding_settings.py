"""Provisioning applies the template's authentication and the meetings time zone (PH-2, PV-1),
except on attach (PV-8). Control Hub showing them:
tests/controlhub/test_views_onboarding_settings.py."""

import uuid

import pytest

from controlhub.models import OrganizationSettings, SignInMethod
from controlhub.services import settings as settings_services
from portal.api import ids
from portal.audit import Actor
from portal.models import (
    AuditEvent,
    AuthenticationMode,
    Customer,
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


def settings_of(customer):
    return OrganizationSettings.objects.get(customer=customer)


def test_partner_sso_saml_from_the_template(acme):
    tmpl = template(
        acme,
        authentication_mode=AuthenticationMode.PARTNER_SSO_SAML,
        idp_entity_id="https://idp.acme-telecom.example/saml",
        timezone="America/Denver",
    )
    customer = provision(acme, tmpl)
    settings = settings_of(customer)
    assert settings.sign_in_method == SignInMethod.PARTNER_SSO_SAML
    assert settings.authentication_summary == (
        "Partner SSO (SAML) https://idp.acme-telecom.example/saml"
    )
    assert settings.meetings_timezone == "America/Denver"  # none requested: the template's
    events = AuditEvent.objects.filter(action="settings.onboarding", customer=customer)
    assert events.count() == 1  # the task ran twice


def test_partner_sso_oidc_and_the_requested_meetings_time_zone(acme):
    tmpl = template(
        acme, authentication_mode=AuthenticationMode.PARTNER_SSO_OIDC, oidc_idp_name="AcmeIdP"
    )
    customer = provision(acme, tmpl, meetings_timezone="Europe/Paris")
    settings = settings_of(customer)
    assert settings.authentication_summary == "Partner SSO (OIDC) AcmeIdP"
    assert settings.idp_entity_id == ""
    assert settings.meetings_timezone == "Europe/Paris"


def test_webex_authentication(acme):
    customer = provision(acme, template(acme))
    assert settings_of(customer).authentication_summary == "Webex"


def test_an_attached_org_keeps_its_own_authentication(acme):
    woodgrove = Customer.objects.get(name="Woodgrove Bank")
    settings_services.authentication_update(
        customer=woodgrove,
        actor=ACTOR,
        sign_in_method=SignInMethod.SSO,
        idp_entity_id="https://sso.woodgrove.example",
    )
    tmpl = template(
        acme,
        authentication_mode=AuthenticationMode.PARTNER_SSO_SAML,
        idp_entity_id="https://idp.acme-telecom.example/saml",
    )
    provision(
        acme,
        tmpl,
        name="",
        primary_email="",
        org_id=ids.encode(ids.ORGANIZATION, woodgrove.pk),
        meetings_timezone="America/Chicago",
    )
    settings = settings_of(woodgrove)
    assert settings.sign_in_method == SignInMethod.SSO
    assert settings.authentication_summary == "Single sign-on (SAML) https://sso.woodgrove.example"
    assert settings.meetings_timezone == "America/Chicago"  # explicitly requested


def test_an_update_changes_the_meetings_time_zone_but_not_authentication(acme):
    tmpl = template(
        acme, authentication_mode=AuthenticationMode.PARTNER_SSO_OIDC, oidc_idp_name="AcmeIdP"
    )
    customer = provision(acme, tmpl)
    tmpl.authentication_mode = AuthenticationMode.WEBEX  # later template changes: new customers
    tmpl.save()
    provisioning.customer_update(
        customer=customer, actor=ACTOR, packages=["webex_meetings"], meetings_timezone="Asia/Tokyo"
    )
    tasks.provision_customer(str(customer.pk))
    settings = settings_of(customer)
    assert settings.authentication_summary == "Partner SSO (OIDC) AcmeIdP"
    assert settings.meetings_timezone == "Asia/Tokyo"
