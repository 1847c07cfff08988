"""Customer provisioning services: requests, precheck, the state machine, updates, calling
locations (PV-1, PV-3…PV-5, PV-9). The background tasks are in test_tasks.py."""

import pytest

from controlhub.models import Location
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import (
    AuditEvent,
    Customer,
    CustomerPackage,
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


def test_a_failing_calling_location_gives_provisioned_with_errors(acme):
    customer = provision(acme, calling_location=None)
    Customer.objects.filter(pk=customer.pk).update(address_line1="")
    run(customer)
    assert customer.status == S.PROVISIONED_WITH_ERRORS
    calling = CustomerPackage.objects.get(customer=customer, package="webex_calling")
    assert calling.status == PackageStatus.ERROR and calling.errors[0]["errorCode"] == 2561
    meetings = CustomerPackage.objects.get(customer=customer, package="webex_meetings")
    assert meetings.status == PackageStatus.PROVISIONED
