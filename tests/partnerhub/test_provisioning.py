"""Customer provisioning: the service, the state machine and the task (PV-1, PV-3…PV-5, PV-9)."""

import pytest
from django.db import OperationalError
from django_q.models import Schedule

from controlhub.models import Location, PackageAssignment, Subscriber, SubscriberStatus
from portal.access.roles import Role
from portal.audit import Actor
from portal.errors import ApplicationError
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
from portal.models.organizations import CUSTOMER_TRANSITIONS
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


def test_language_country_and_calling_location(acme):
    customer = provision(
        acme,
        language="fr",
        calling_location={
            "name": "Siège",
            "address": {**ADDRESS, "city": "Montréal", "country": "CA"},
            "timezone": "America/Toronto",
            "language": "fr_ca",
            "emergency_location_identifier": "E1",
        },
    )
    assert customer.language == "fr_FR"  # "fr" + template country US is not a locale
    assert customer.country == "US"
    run(customer)
    hq = Location.objects.for_org(customer).get()
    assert (hq.name, hq.country, hq.language, hq.timezone) == (
        "Siège",
        "CA",
        "fr_CA",
        "America/Toronto",
    )


@pytest.mark.parametrize(
    "overrides, code",
    [
        ({"provisioning_id": "nope"}, 4001),
        ({"packages": ["webex_calling", "bogus"]}, 4003),
        ({"packages": ["attendant_console", "webex_meetings"]}, 4004),
        ({"package_limits": {"not_a_package": 3}}, 4005),
        ({"package_limits": {"webex_voice": -3}}, 4005),  # not requested: still checked
        ({"address": {**ADDRESS, "country": ""}}, 4010),
        ({"address": {**ADDRESS, "country": "XX"}}, 4011),
        ({"primary_email": "admin@contoso-dental.example"}, 4090),
        ({"primary_email": "ben.baker@contoso-dental.example"}, 4091),
        ({"primary_email": "admin@acme-telecom.example"}, 4092),
        ({"external_id": "ACME-0001"}, 4093),
        ({"name": ""}, 4021),
    ],
)
def test_bad_requests_are_refused_with_a_code(acme, overrides, code):
    with pytest.raises(ApplicationError) as error:
        provision(acme, **overrides)
    assert code in [e["errorCode"] for e in (p.as_json() for p in error.value.problems)]
    assert not Customer.objects.filter(name="Orchard Clinic").exists()


def test_precheck_lists_every_problem_and_changes_nothing(acme):
    count = Customer.objects.count()
    problems = provisioning.customer_precheck(
        partner=acme,
        provisioning_id="nope",
        address={**ADDRESS, "country": ""},
        primary_email="admin@contoso-dental.example",
    )
    assert {p.code for p in problems} == {4001, 4010, 4090, 4091}
    assert provisioning.customer_precheck(partner=acme, primary_email="new@x.example") == []
    assert Customer.objects.count() == count


def test_state_machine_refuses_unknown_transitions(acme):
    customer = provision(acme)
    assert Customer.states.can(S.PROVISIONING, S.PENDING_RPL_REVIEW)
    assert not Customer.states.can(S.PROVISIONED, S.PROVISIONING)
    assert not Customer.states.can(S.REMOVED, S.PROVISIONED)
    with pytest.raises(ApplicationError):
        customer.transition(S.REMOVED, actor=ACTOR)
    customer.transition(S.ERROR, actor=ACTOR)
    event = AuditEvent.objects.for_org(customer).filter(action="customer.status").first()
    assert event.after == {"status": "error"}


def test_every_state_is_in_the_table():
    assert set(CUSTOMER_TRANSITIONS) == set(S.values)


def test_update_adds_and_removes_packages(acme):
    customer = run(provision(acme))
    provisioning.customer_update(
        customer=customer,
        actor=ACTOR,
        packages=["webex_calling", "webex_suite"],
        package_limits={"webex_suite": 3},
    )
    customer.refresh_from_db()
    assert customer.status == S.UPDATING
    statuses = dict(CustomerPackage.objects.for_org(customer).values_list("package", "status"))
    assert statuses["webex_meetings"] == PackageStatus.DELETING
    assert statuses["webex_suite"] == PackageStatus.PROVISIONING
    run(customer)
    run(customer)
    assert customer.status == S.PROVISIONED
    assert sorted(CustomerPackage.objects.for_org(customer).values_list("package", flat=True)) == [
        "webex_calling",
        "webex_suite",
    ]


def test_update_refuses_to_remove_a_package_users_hold():
    contoso = Customer.objects.get(pk=demo.CONTOSO)
    with pytest.raises(ApplicationError, match="users hold webex_") as error:
        provisioning.customer_update(customer=contoso, actor=ACTOR, packages=["webex_calling"])
    assert error.value.status == 409


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


def test_a_failing_calling_location_gives_provisioned_with_errors(acme):
    customer = provision(acme, calling_location=None)
    Customer.objects.filter(pk=customer.pk).update(address_line1="")
    run(customer)
    assert customer.status == S.PROVISIONED_WITH_ERRORS
    calling = CustomerPackage.objects.get(customer=customer, package="webex_calling")
    assert calling.status == PackageStatus.ERROR and calling.errors[0]["errorCode"] == 2561
    meetings = CustomerPackage.objects.get(customer=customer, package="webex_meetings")
    assert meetings.status == PackageStatus.PROVISIONED
