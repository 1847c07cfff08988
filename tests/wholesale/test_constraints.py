"""The database enforces the uniqueness rules the services check first, and a duplicate that
slips past the check (a concurrent request committed it meanwhile) is refused with the same 409
and code (issue 15; PV-1, PV-7, PV-6, BL-3, CH-4). The race itself, on PostgreSQL, is in
tests/resilience/test_races.py; here the check is switched off to open the same window, on
either database, through both ways the database says no: full_clean() seeing the committed row,
and the INSERT's IntegrityError when full_clean() ran too early to see it."""

import pytest
from django.db import IntegrityError

from billing import services as billing
from billing.demo import previous_month
from billing.models import BillingReport
from billing.usage import today_utc
from controlhub.models import Location, PhoneNumber, Subscriber
from controlhub.services import subscribers as subscriber_services
from controlhub.services.locations import numbers_add
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.integrity import constraint_names
from portal.models import Customer, Partner
from tests import demo
from wholesale.services import customers as provisioning

pytestmark = pytest.mark.django_db
ACTOR = Actor.system()
ADDRESS = {
    "address_line1": "12 Orchard Lane",
    "city": "Portland",
    "state_or_province": "OR",
    "zip_or_postal_code": "97201",
    "country": "US",
}


@pytest.fixture(params=["full_clean", "insert"])
def window(request, monkeypatch):
    """Open the race window: the sequential checks find nothing. With "insert", full_clean()
    does not see the other row either, so the INSERT is what fails."""

    def open_for(*models):
        if request.param == "insert":
            for model in models:
                monkeypatch.setattr(model, "validate_constraints", lambda self, **kw: None)

    monkeypatch.setattr(provisioning, "customer_precheck", lambda **kwargs: [])
    monkeypatch.setattr(subscriber_services, "email_in_use", lambda *a, **kw: False)
    monkeypatch.setattr(billing, "_active_duplicate", lambda report: BillingReport.objects.none())
    return open_for


def provision(**overrides):
    kwargs = {
        "partner": Partner.objects.get(pk=demo.ACME),
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


def refusal(call) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        call()
    return caught.value


def sequential_refusal(call, monkeypatch) -> ApplicationError:
    monkeypatch.undo()
    return refusal(call)


def same(got: ApplicationError, expected: ApplicationError):
    assert (got.status, got.code, got.message) == (expected.status, expected.code, expected.message)
    assert got.status == 409


def test_a_second_customer_with_an_external_id_is_refused_like_a_sequential_one(
    window, monkeypatch
):
    window(Customer)
    provision(external_id="EXT-9", primary_email="a@one.example")
    raced = refusal(lambda: provision(external_id="EXT-9", primary_email="b@two.example"))
    expected = sequential_refusal(
        lambda: provision(external_id="EXT-9", primary_email="b@two.example"), monkeypatch
    )
    same(raced, expected)
    assert raced.code == 4093
    assert Customer.objects.filter(owner_id=demo.ACME, external_id="EXT-9").count() == 1


def test_another_partner_and_a_blank_external_id_are_not_duplicates(window):
    window(Customer)
    provision(external_id="EXT-9", primary_email="a@one.example")
    provision(
        partner=Partner.objects.get(pk=demo.NORTHWIND),
        provisioning_id="northwind-standard",
        external_id="EXT-9",
        primary_email="b@two.example",
    )
    Customer.objects.filter(external_id="EXT-9").update(external_id="")
    provision(external_id="EXT-10", primary_email="c@three.example")
    assert Customer.objects.filter(external_id="").count() >= 2


def test_a_second_customer_with_an_admin_email_is_refused_like_a_sequential_one(
    window, monkeypatch
):
    window(Customer)
    provision(external_id="EXT-1", primary_email="owner@orchard.example")
    raced = refusal(lambda: provision(external_id="EXT-2", primary_email="Owner@Orchard.example"))
    expected = sequential_refusal(
        lambda: provision(external_id="EXT-2", primary_email="Owner@Orchard.example"), monkeypatch
    )
    assert raced.code == expected.code == 4090
    assert raced.status == expected.status == 409
    assert raced.message == expected.message
    assert Customer.objects.filter(primary_email="owner@orchard.example").count() == 1


def _subscriber(email, extension):
    return lambda: subscriber_services.subscriber_provision(
        customer=Customer.objects.get(pk=demo.FABRIKAM),
        actor=ACTOR,
        email=email,
        package="webex_calling",
        first_name="Race",
        last_name="User",
        extension=extension,
    )


def test_a_second_subscriber_with_an_email_is_refused_with_10022(window, monkeypatch):
    window(Subscriber)
    _subscriber("racer@fabrikam-law.example", "6001")()
    raced = refusal(_subscriber("racer@fabrikam-law.example", "6002"))
    expected = sequential_refusal(_subscriber("racer@fabrikam-law.example", "6002"), monkeypatch)
    same(raced, expected)
    assert raced.code == 10022


def test_a_second_subscriber_with_an_extension_is_refused_like_a_sequential_one(
    window, monkeypatch
):
    window(Subscriber)
    monkeypatch.setattr(subscriber_services, "_check_extension", lambda *a, **kw: None)
    _subscriber("one@fabrikam-law.example", "6001")()
    raced = refusal(_subscriber("two@fabrikam-law.example", "6001"))
    expected = sequential_refusal(_subscriber("two@fabrikam-law.example", "6001"), monkeypatch)
    same(raced, expected)


def test_a_second_report_in_progress_for_a_period_is_refused_like_a_sequential_one(
    window, monkeypatch
):
    window(BillingReport)
    start, end = previous_month(today_utc())

    def create(**extra):
        return lambda: billing.billing_report_create(
            partner=Partner.objects.get(pk=demo.ACME),
            actor=ACTOR,
            billing_start_date=str(start),
            billing_end_date=str(end),
            **extra,
        )

    create()()
    raced = refusal(create())
    expected = sequential_refusal(create(), monkeypatch)
    same(raced, expected)
    assert raced.field == expected.field == "billingStartDate"
    window(BillingReport)
    create(sub_partner_id=str(demo.NORTHWIND))()
    raced = refusal(create(sub_partner_id=str(demo.NORTHWIND)))
    same(raced, expected)
    assert BillingReport.objects.filter(partner_id=demo.ACME, billing_start_date=start).count() == 2


def test_a_number_added_meanwhile_is_refused_with_409():
    location = Location.objects.get(pk=demo.FABRIKAM_HQ)
    numbers_add(location=location, actor=ACTOR, first="+14155550900", count=2)
    taken = refusal(
        lambda: numbers_add(location=location, actor=ACTOR, first="+14155550901", count=2)
    )
    assert taken.status == 409
    with pytest.raises(IntegrityError) as caught:
        PhoneNumber.objects.create(
            customer=location.customer, location=location, number="+14155550900"
        )
    assert constraint_names(caught.value) == ["unique_phone_number"]


def test_the_email_rule_of_the_precheck_and_the_constraint_agree():
    """The constraint is the customer half of _email_problems: lower-cased, every customer."""
    used = Customer.objects.exclude(primary_email="").first()
    problems = provisioning.customer_precheck(
        partner=used.owner, primary_email=used.primary_email.upper()
    )
    assert 4090 in [p.code for p in problems]
