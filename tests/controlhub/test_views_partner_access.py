"""Control Hub as a partner that an attach made provisioning admin only (PV-8, CH-7)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from controlhub.models import PackageAssignment, Subscriber
from controlhub.restrictions import PROVISIONING_ADMIN, denial_reason
from portal.access import permissions as p
from portal.api import ids
from portal.audit import Actor
from portal.models import Customer, Partner, PartnerAccess
from tests import demo
from wholesale import tasks
from wholesale.services import customers as provisioning

pytestmark = pytest.mark.django_db


@pytest.fixture
def woodgrove():
    """Woodgrove Bank with one licensed user, then attached: Acme becomes provisioning admin."""
    org = Customer.objects.get(name="Woodgrove Bank")
    user = Subscriber.objects.create(
        customer=org, email="teller@woodgrove.example", package="webex_meetings"
    )
    PackageAssignment.objects.create(
        customer=org,
        subscriber=user,
        package="webex_meetings",
        started_at=timezone.now() - timedelta(days=3),
    )
    customer = provisioning.customer_provision(
        partner=Partner.objects.get(pk=demo.ACME),
        actor=Actor.system(),
        provisioning_id="acme-smb-calling",
        packages=["webex_meetings"],
        external_id="BO-WOODGROVE",
        address={"address_line1": "1 Vault Plaza", "city": "Chicago", "country": "US"},
        name="",
        primary_email="",
        org_id=ids.encode(ids.ORGANIZATION, org.pk),
    )
    tasks.provision_customer(str(customer.pk))
    customer.refresh_from_db()
    assert customer.partner_access == PartnerAccess.PROVISIONING_ADMIN
    return customer


def url(name, org, **kwargs):
    return reverse(f"controlhub:{name}", kwargs={"org_id": org.pk, **kwargs})


def test_the_partner_provisions_users_and_packages(client_for, woodgrove):
    client = client_for(demo.ACME_ADMIN)
    for name in ("overview", "users", "users_add", "users_csv", "locations", "numbers"):
        assert client.get(url(name, woodgrove)).status_code == 200, name
    page = client.get(url("overview", woodgrove)).content.decode()
    assert "Provisioning administrator" in page


@pytest.mark.parametrize(
    "name", ["account", "settings", "calling", "audit_log", "location_add", "numbers_add"]
)
def test_the_rest_of_the_org_is_the_orgs_own(client_for, woodgrove, name):
    assert client_for(demo.ACME_ADMIN).get(url(name, woodgrove)).status_code == 403


def test_a_forged_rename_is_refused_and_changes_nothing(client_for, woodgrove):
    response = client_for(demo.ACME_ADMIN).post(url("account", woodgrove), {"name": "Hijacked"})
    assert response.status_code == 403
    woodgrove.refresh_from_db()
    assert woodgrove.name == "Woodgrove Bank"


def test_the_reason_is_given(demo_user, woodgrove):
    user = demo_user(demo.ACME_ADMIN)
    assert denial_reason(user, p.ORG_EDIT_COMPANY_NAME, woodgrove) == PROVISIONING_ADMIN
    assert denial_reason(user, p.ORG_MANAGE_USERS, woodgrove) == ""


def test_the_partners_own_customers_are_unchanged(client_for):
    client = client_for(demo.ACME_ADMIN)
    contoso = Customer.objects.get(pk=demo.CONTOSO)
    assert client.get(url("settings", contoso)).status_code == 200
