"""Screening tasks (PV-2): cases open for more than 72 hours stop onboarding; the schedule."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.audit import Actor
from portal.models import CustomerStatus, Partner
from screening import services as screening
from screening import tasks as screening_tasks
from screening.models import ScreeningCase, ScreeningCaseStatus
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


def test_cases_older_than_72_hours_stop_onboarding(dpl):
    customer = provision(name="Grimsby Freight Forwarders")
    case = ScreeningCase.objects.get(customer=customer)
    assert screening_tasks.expire_screening_cases() == 0
    ScreeningCase.objects.filter(pk=case.pk).update(
        opened_at=timezone.now() - timedelta(hours=72, minutes=1)
    )
    assert screening_tasks.expire_screening_cases() == 1
    assert screening_tasks.expire_screening_cases() == 0  # twice: nothing more
    case.refresh_from_db()
    customer.refresh_from_db()
    assert case.status == ScreeningCaseStatus.EXPIRED
    assert customer.status == S.ERROR and customer.errors == [screening.ERROR_EXPIRED]


def test_the_expiry_schedule_exists_once():
    import importlib

    from django.apps import apps as django_apps
    from django_q.models import Schedule

    # The data migration made it; a transactional (browser) test that ran earlier may have
    # flushed it, so run the migration's function again, twice (it is idempotent), as the
    # watchdog's test does.
    migration = importlib.import_module("screening.migrations.0002_expiry_schedule")
    migration.create_schedule(django_apps, None)
    migration.create_schedule(django_apps, None)
    assert Schedule.objects.filter(func="screening.tasks.expire_screening_cases").count() == 1
    schedule = Schedule.objects.get(func="screening.tasks.expire_screening_cases")
    assert schedule.repeats == -1 and schedule.minutes == 15
