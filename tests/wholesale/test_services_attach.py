"""Attaching wholesale to an existing organization (PV-8) and refusing BroadWorks (PV-10)."""

import pytest

from controlhub.models import Domain, DomainStatus, Subscriber
from controlhub.services import attach as attach_decision
from controlhub.services import domains
from portal.api import ids
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import Customer, CustomerOffer, CustomerStatus, PartnerAccess
from portal.models import Partner as PartnerModel
from tests import demo
from wholesale import tasks
from wholesale.services import customers as provisioning

pytestmark = pytest.mark.django_db
ACTOR = Actor.system()
ADDRESS = {
    "address_line1": "1 Vault Plaza",
    "city": "Chicago",
    "state_or_province": "IL",
    "zip_or_postal_code": "60601",
    "country": "US",
}


def attach(org, **overrides):
    kwargs = {
        "partner": PartnerModel.objects.get(pk=demo.ACME),
        "actor": ACTOR,
        "provisioning_id": "acme-smb-calling",
        "packages": ["webex_meetings"],
        "external_id": "BO-ATTACH",
        "address": ADDRESS,
        "name": "",
        "primary_email": "",
        "org_id": ids.encode(ids.ORGANIZATION, org.pk),
    }
    kwargs.update(overrides)
    customer = provisioning.customer_provision(**kwargs)
    tasks.provision_customer(str(customer.pk))
    customer.refresh_from_db()
    return customer


@pytest.fixture
def woodgrove():
    return Customer.objects.get(name="Woodgrove Bank")


def test_small_orgs_attach_automatically_with_the_post_attach_conditions(woodgrove):
    woodgrove.restricted_by_partner = True
    woodgrove.save()
    customer = attach(woodgrove, name="Ignored New Name")
    assert customer.status == CustomerStatus.PROVISIONED
    assert customer.offer == CustomerOffer.WHOLESALE
    assert customer.name == "Woodgrove Bank"  # the org name does not change
    assert customer.restricted_by_partner is False
    assert customer.partner_access == PartnerAccess.FULL_ADMIN  # nothing licensed yet
    assert not Subscriber.objects.for_org(customer).exists()  # no first admin user


@pytest.fixture(autouse=True)
def _dns(dns_zone):
    """Domain verification asks a real DNS server (tests/dns_server.py)."""
    global ZONE
    ZONE = dns_zone


def add_domain(org, name="woodgrove.example", status=DomainStatus.VERIFIED):
    domain = domains.domain_add(customer=org, actor=ACTOR, name=name)
    if status in (DomainStatus.VERIFIED, DomainStatus.CLAIMED):
        ZONE.add_txt(name, domains.txt_record(domain))
        domain = domains.domain_verify(domain=domain, actor=ACTOR)
    if status == DomainStatus.CLAIMED:
        domain = domains.domain_claim(domain=domain, actor=ACTOR)
    return domain


def test_orgs_with_a_verified_domain_wait_for_their_admin(woodgrove):
    add_domain(woodgrove)
    customer = attach(woodgrove)
    assert customer.status == CustomerStatus.PROVISIONING
    assert customer.attach_requested_at and not customer.attach_approved_at
    tasks.provision_customer(str(customer.pk))  # still waiting
    customer.refresh_from_db()
    assert customer.status == CustomerStatus.PROVISIONING
    attach_decision.customer_attach_approve(customer=customer, actor=ACTOR)
    tasks.provision_customer(str(customer.pk))
    customer.refresh_from_db()
    assert customer.status == CustomerStatus.PROVISIONED
    with pytest.raises(ApplicationError):
        attach_decision.customer_attach_approve(customer=customer, actor=ACTOR)


@pytest.mark.parametrize("status", [DomainStatus.CLAIMED, DomainStatus.VERIFIED])
def test_approval_rule_reads_control_hub_domains(woodgrove, status):
    assert not provisioning.needs_attach_approval(woodgrove)
    add_domain(woodgrove, status=status)
    assert provisioning.needs_attach_approval(woodgrove)


def test_an_unverified_domain_or_another_orgs_domain_needs_no_approval(woodgrove):
    add_domain(woodgrove, status=DomainStatus.UNVERIFIED)
    add_domain(Customer.objects.get(pk=demo.FABRIKAM), name="woodgrove-other.example")
    assert not provisioning.needs_attach_approval(woodgrove)
    assert Domain.objects.for_org(woodgrove).count() == 1
    customer = attach(woodgrove)
    assert customer.status == CustomerStatus.PROVISIONED


def test_removing_the_verified_domain_lifts_the_approval(woodgrove):
    domain = add_domain(woodgrove, status=DomainStatus.CLAIMED)
    assert provisioning.needs_attach_approval(woodgrove)
    domains.domain_remove(domain=domain, actor=ACTOR)
    assert not provisioning.needs_attach_approval(woodgrove)


def test_approval_from_100_users(monkeypatch, woodgrove):
    monkeypatch.setattr(provisioning, "ATTACH_APPROVAL_USERS", 2)
    for i in range(2):
        Subscriber.objects.create(
            customer=woodgrove, email=f"user{i}@woodgrove.example", package="webex_meetings"
        )
    assert provisioning.needs_attach_approval(woodgrove)


def test_wholesale_and_broadworks_orgs_cannot_be_attached():
    contoso = Customer.objects.get(pk=demo.CONTOSO)
    with pytest.raises(ApplicationError, match="wholesale customer already") as error:
        attach(contoso)
    assert error.value.status == 409
    broadworks = Customer.objects.get(name="Adventure Works Cycles")
    with pytest.raises(ApplicationError, match="BroadWorks") as error:
        attach(broadworks)
    assert error.value.status == 400


def test_a_removed_customer_can_be_attached_again():
    fabrikam = Customer.objects.get(pk=demo.FABRIKAM)
    provisioning.customer_remove_wholesale(customer=fabrikam, actor=ACTOR)
    tasks.remove_customer(str(fabrikam.pk))
    fabrikam.refresh_from_db()
    assert fabrikam.status == CustomerStatus.REMOVED
    customer = attach(fabrikam, external_id="ACME-0002")
    # Fabrikam verified fabrikam-law.example in its Control Hub: its admin approves first.
    assert customer.status == CustomerStatus.PROVISIONING and customer.attach_requested_at
    attach_decision.customer_attach_approve(customer=customer, actor=ACTOR)
    tasks.provision_customer(str(customer.pk))
    customer.refresh_from_db()
    assert customer.status == CustomerStatus.PROVISIONED
    assert customer.partner_access == PartnerAccess.FULL_ADMIN  # its licences ended at removal
