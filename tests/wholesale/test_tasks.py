"""Provisioning tasks (PV-1, PV-9): provision and remove are idempotent (run twice, same end
state), transient failures are retried and then reported."""

import pytest
from django.db import OperationalError
from django_q.models import Schedule

from controlhub.models import Location, PackageAssignment, Subscriber, SubscriberStatus
from portal.access.roles import Role
from portal.audit import Actor
from portal.models import (
    AuditEvent,
    Customer,
    CustomerOffer,
    CustomerPackage,
    CustomerRoleAssignment,
    CustomerStatus,
    PackageStatus,
    Partner,
)
from tests import demo
from wholesale import tasks
from wholesale.services import customers as provisioning

pytestmark = pytest.mark.django_db
ACTOR = Actor.system()
S = CustomerStatus

ADDRESS = {
    "address_line1": "12 Orchard Lane",
    "address_line2": "",
    "city": "Portland",
    "state_or_province": "OR",
    "zip_or_postal_code": "97201",
    "country": "US",
}


@pytest.fixture
def acme():
    return Partner.objects.get(pk=demo.ACME)


def provision(partner, **overrides):
    kwargs = {
        "partner": partner,
        "actor": ACTOR,
        "provisioning_id": "acme-smb-calling",
        "packages": ["webex_calling", "webex_meetings"],
        "external_id": "BO-1",
        "address": ADDRESS,
        "name": "Orchard Clinic",
        "primary_email": "owner@orchard-clinic.example",
    }
    kwargs.update(overrides)
    return provisioning.customer_provision(**kwargs)


def run(customer):
    tasks.provision_customer(str(customer.pk))
    customer.refresh_from_db()
    return customer


def test_provisioning_runs_in_the_background_and_is_idempotent(acme):
    customer = provision(acme, package_limits={"webex_calling": 5})
    assert customer.status == S.PROVISIONING and customer.status_changed_at
    assert set(CustomerPackage.objects.for_org(customer).values_list("status", flat=True)) == {
        PackageStatus.PROVISIONING
    }
    run(customer)
    first = (
        customer.status,
        Location.objects.for_org(customer).count(),
        Subscriber.objects.for_org(customer).count(),
        AuditEvent.objects.for_org(customer).count(),
    )
    run(customer)  # a duplicated or retried task changes nothing
    second = (
        customer.status,
        Location.objects.for_org(customer).count(),
        Subscriber.objects.for_org(customer).count(),
        AuditEvent.objects.for_org(customer).count(),
    )
    assert first == second
    assert customer.status == S.PROVISIONED
    assert CustomerPackage.objects.get(customer=customer, package="webex_calling").limit == 5
    hq = Location.objects.for_org(customer).get()
    assert hq.is_headquarters and hq.name == "Headquarters" and hq.city == "Portland"
    assert hq.timezone == "America/New_York"  # the template's call settings
    admin = Subscriber.objects.for_org(customer).get()
    assert admin.email == "owner@orchard-clinic.example"
    assert admin.package == "webex_calling"  # the customer's package level
    assert CustomerRoleAssignment.objects.filter(
        customer=customer, user__email=admin.email, role=Role.CUSTOMER_FULL_ADMIN
    ).exists()
    tasks.provision_customer("00000000-0000-0000-0000-000000000000")  # gone: quietly


def test_remove_wholesale_stops_billing_and_keeps_the_org():
    contoso = Customer.objects.get(pk=demo.CONTOSO)
    subscribers = Subscriber.objects.for_org(contoso).count()
    provisioning.customer_remove_wholesale(customer=contoso, actor=ACTOR)
    contoso.refresh_from_db()
    assert contoso.status == S.DELETING
    tasks.remove_customer(str(contoso.pk))
    tasks.remove_customer(str(contoso.pk))
    contoso.refresh_from_db()
    assert (contoso.status, contoso.offer) == (S.REMOVED, CustomerOffer.STANDARD)
    assert not PackageAssignment.objects.for_org(contoso).filter(ended_at__isnull=True).exists()
    assert not CustomerPackage.objects.for_org(contoso).exists()
    assert Subscriber.objects.for_org(contoso).count() == subscribers  # history kept
    assert not Subscriber.objects.for_org(contoso).exclude(status=SubscriberStatus.REMOVED).exists()
    assert Location.objects.for_org(contoso).exists()


def test_transient_failures_are_retried_then_reported(acme, monkeypatch):
    customer = provision(acme)

    def flaky(customer_id):
        raise OperationalError("database is locked")

    monkeypatch.setattr(provisioning, "customer_complete_provisioning", flaky)
    tasks.provision_customer(str(customer.pk))
    retry = Schedule.objects.get(func="wholesale.tasks.provision_customer")
    assert retry.schedule_type == Schedule.ONCE and "2" in retry.args
    tasks.provision_customer(str(customer.pk), tasks.MAX_ATTEMPTS)
    customer.refresh_from_db()
    assert customer.status == S.ERROR
    assert customer.errors[0]["errorCode"] == 2500
