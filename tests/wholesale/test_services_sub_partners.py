"""Indirect providers (PH-8), the service side: one level only, the demo data, suspended
sub-partners refused by the provisioning services. The pages are in
tests/partnerhub/test_views_sub_partners.py."""

from datetime import date

import pytest

from portal.audit import Actor
from portal.demo import demo_id
from portal.errors import ApplicationError
from portal.models import Customer, OnboardingTemplate, Partner, PartnerState
from tests import demo
from wholesale.services.sub_partners import sub_partner_set_up

pytestmark = pytest.mark.django_db
PROSEWARE = demo_id("partner", "Proseware Telecom")


def test_one_level_only():
    northwind = Partner.objects.get(pk=demo.NORTHWIND)
    with pytest.raises(ApplicationError, match="one level"):
        sub_partner_set_up(
            parent=northwind,
            actor=Actor(user=None),
            name="Deeper",
            admin_email="deeper@example.com",
            admin_first_name="D",
            admin_last_name="E",
            billing_start=date(2026, 1, 1),
        )


def test_demo_has_three_sub_partners_and_the_northwind_template():
    acme = Partner.objects.get(pk=demo.ACME)
    states = dict(acme.sub_partners.values_list("name", "state"))
    assert states == {
        "Northwind Reseller": "active",
        "Litware Networks": "suspended",
        "Proseware Telecom": "active",
    }
    assert OnboardingTemplate.objects.filter(
        partner_id=demo.NORTHWIND, provisioning_id="northwind-standard"
    ).exists()
    assert not Customer.objects.filter(owner_id=PROSEWARE).exists()


def test_the_provisioning_services_refuse_a_suspended_sub_partner_with_the_reason():
    from controlhub.services.subscribers import subscriber_provision
    from wholesale.services.customers import customer_precheck, customer_provision

    Partner.objects.filter(pk=demo.NORTHWIND).update(state=PartnerState.SUSPENDED)
    northwind = Partner.objects.select_related("parent").get(pk=demo.NORTHWIND)
    actor = Actor(user=None)
    with pytest.raises(ApplicationError, match="suspended by Acme Telecom") as refused:
        customer_provision(
            partner=northwind,
            actor=actor,
            provisioning_id="northwind-standard",
            packages=["webex_calling"],
            external_id="NW-9",
            address={"address_line1": "1 Road", "city": "Austin", "country": "US"},
            name="Blocked Co",
            primary_email="owner@blocked.example",
        )
    assert refused.value.status == 403
    assert [p.code for p in customer_precheck(partner=northwind)] == [4300]
    tailspin = Customer.objects.select_related("owner__parent").get(pk=demo.TAILSPIN)
    with pytest.raises(ApplicationError, match="suspended"):
        subscriber_provision(
            customer=tailspin,
            actor=actor,
            email="x@tailspin-traders.example",
            package="webex_calling",
        )
