"""Restricted/Denied Persons screening services (PV-2): the list import, fuzzy matching,
review decisions, screening again on a billing address change.

The expiry task is in test_tasks.py, the review queue pages in test_views.py."""

import pytest
from django.core.management import CommandError, call_command

from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import Customer, CustomerStatus, Partner
from screening import services as screening
from screening.models import DeniedParty, ScreeningCase, ScreeningCaseStatus
from tests import demo
from wholesale import tasks
from wholesale.services import customers as provisioning

pytestmark = pytest.mark.django_db
ACTOR = Actor.system()
S = CustomerStatus
HEADER = (
    "Name\tStreet_Address\tCity\tState\tCountry\tPostal_Code\tEffective_Date\tExpiration_Date\t"
    "Standard_Order\tLast_Update\tAction\tFR_Citation\n"
)
DPL = HEADER + (
    "GRIMSBY FREIGHT FORWARDERS LTD.\t12 Dock Street\tGrimsby\t\tGB\tDN31 3LL\t01/05/2021\t"
    "01/05/2031\tY\t01/05/2021\tDENIAL\t86 F.R. 1234\n"
    "Oksana Petrovna Example\t\tKyiv\t\tUA\t\t03/01/2019\t\tN\t03/01/2019\tDENIAL\t84 F.R. 9\n"
    "EXPIRED HOLDINGS\t1 Old Road\tNowhere\t\tUS\t\t01/01/2000\t01/01/2001\tN\t\tDENIAL\t\n"
)
ADDRESS = {
    "address_line1": "400 Market Street",
    "address_line2": "",
    "city": "Camden",
    "state_or_province": "NJ",
    "zip_or_postal_code": "08102",
    "country": "US",
}


@pytest.fixture
def dpl(tmp_path):
    path = tmp_path / "dpl.txt"
    path.write_text(DPL)
    call_command("import_dpl", str(path))
    return path


def provision(name="Harbour Bakery", address=ADDRESS, email="owner@harbour.example"):
    customer = provisioning.customer_provision(
        partner=Partner.objects.get(pk=demo.ACME),
        actor=ACTOR,
        provisioning_id="acme-smb-calling",
        packages=["webex_meetings"],
        external_id="",
        address=address,
        name=name,
        primary_email=email,
    )
    tasks.provision_customer(str(customer.pk))
    customer.refresh_from_db()
    return customer


def test_import_replaces_the_list(dpl, tmp_path):
    assert DeniedParty.objects.count() == 3
    party = DeniedParty.objects.get(name__startswith="GRIMSBY")
    assert party.country == "GB" and party.expiration_date.year == 2031
    call_command("import_dpl", str(dpl))
    assert DeniedParty.objects.count() == 3  # replaced, not appended
    bad = tmp_path / "bad.txt"
    bad.write_text("Name,City\nx,y\n")
    with pytest.raises(CommandError, match="header"):
        call_command("import_dpl", str(bad))
    assert DeniedParty.objects.count() == 3


def test_matching_is_fuzzy_on_name_and_address(dpl):
    assert screening.screen(name="Grimsby Freight Forwarders Limited", address={})[0].score >= 95
    assert screening.screen(name="Grimbsy Freight Forwarder", address={})  # typos
    assert screening.screen(name="Petrovna Oksana", address={})[0].matched_on == "name"
    by_address = screening.screen(
        name="Totally Different",
        address={"address_line1": "12 Dock St.", "city": "Grimsby", "country": "GB"},
    )
    assert by_address[0].matched_on == "address"
    assert not screening.screen(  # same street in another country is not a match
        name="Totally Different",
        address={"address_line1": "12 Dock St.", "city": "Grimsby", "country": "US"},
    )
    assert not screening.screen(name="Expired Holdings", address={})  # expired entries
    assert not screening.screen(name="Harbour Bakery", address=ADDRESS)


def test_no_match_provisions(dpl):
    customer = provision()
    assert customer.status == S.PROVISIONED
    assert customer.screened_fingerprint == screening.fingerprint(customer)


def test_a_match_waits_for_review_and_approval_resumes(dpl, django_capture_on_commit_callbacks):
    customer = provision(name="Grimsby Freight Forwarders")
    assert customer.status == S.PENDING_RPL_REVIEW
    case = ScreeningCase.objects.get(customer=customer)
    assert case.status == ScreeningCaseStatus.OPEN and case.score >= 95
    tasks.provision_customer(str(customer.pk))  # a duplicated task opens no second case
    assert ScreeningCase.objects.filter(customer=customer).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        screening.screening_case_decide(case=case, approve=True, actor=ACTOR)
    customer.refresh_from_db()
    assert customer.status == S.PROVISIONED
    with pytest.raises(ApplicationError):
        screening.screening_case_decide(case=case, approve=False, actor=ACTOR)


def test_rejection_stops_onboarding(dpl):
    customer = provision(name="Grimsby Freight Forwarders")
    case = ScreeningCase.objects.get(customer=customer)
    screening.screening_case_decide(case=case, approve=False, actor=ACTOR, note="confirmed")
    customer.refresh_from_db()
    assert customer.status == S.ERROR
    assert customer.errors == [screening.ERROR_REJECTED]


def test_a_billing_address_change_is_screened_again(dpl):
    customer = provision()
    moved = {**ADDRESS, "address_line1": "12 Dock Street", "city": "Grimsby", "country": "GB"}
    moved["zip_or_postal_code"] = "DN31 3LL"
    moved["state_or_province"] = ""
    provisioning.customer_update(
        customer=customer, actor=ACTOR, packages=["webex_meetings"], address=moved
    )
    tasks.provision_customer(str(customer.pk))
    customer.refresh_from_db()
    assert customer.status == S.PENDING_RPL_REVIEW
    case = ScreeningCase.objects.get(customer=customer)
    assert case.matched_on == "address" and case.interrupted_status == S.UPDATING
    # A package-only update does not screen again.
    screening.screening_case_decide(case=case, approve=True, actor=ACTOR)
    tasks.provision_customer(str(customer.pk))
    customer.refresh_from_db()
    assert customer.status == S.PROVISIONED
    DeniedParty.objects.create(name="Harbour Bakery")
    provisioning.customer_update(customer=customer, actor=ACTOR, packages=["webex_meetings"])
    tasks.provision_customer(str(customer.pk))
    customer.refresh_from_db()
    assert customer.status == S.PROVISIONED


def test_demo_has_a_customer_waiting_in_review():
    darkwater = Customer.objects.get(name="Darkwater Exports")
    assert darkwater.status == S.PENDING_RPL_REVIEW
    assert ScreeningCase.objects.for_org(darkwater).open().exists()
    assert DeniedParty.objects.filter(action__contains="fictional").count() >= 3
