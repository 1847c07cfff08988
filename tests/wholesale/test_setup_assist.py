"""Wholesale Setup Assist requests (PH-11): the SKU from the seat count (5 → Express, 6 →
Standard), the six-business-day rule with holidays, the prerequisites, the phases, the charge
on completion and none on cancellation, the email on each phase change."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from billing.models import OneTimeCharge, Sku, WholesaleSubscription
from controlhub.models import Location
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import AuditEvent, Customer, User
from tests import demo
from wholesale.models import SetupAssistStatus
from wholesale.services import setup_assist as sa

pytestmark = pytest.mark.django_db
MONDAY = date(2024, 4, 1)


@pytest.fixture
def acme_assist():
    """Acme's subscription with Setup Assist enabled and both SKUs priced."""
    subscription = WholesaleSubscription.objects.get(partner_id=demo.ACME)
    subscription.setup_assist_enabled_at = timezone.now()
    subscription.save()
    for item, code, price in [
        ("setup_assist_express", "A-WSA-EXP", "150.00"),
        ("setup_assist_standard", "A-WSA-STD", "45.00"),
    ]:
        Sku.objects.update_or_create(
            subscription=subscription,
            package=item,
            defaults={"sku": code, "description": "Setup Assist", "transfer_price": Decimal(price)},
        )
    return subscription


def _create(seats=8, target=date(2024, 4, 9), today=MONDAY, **overrides):
    customer = Customer.objects.get(pk=demo.CONTOSO)
    admin = User.objects.get(email=demo.ACME_ADMIN)
    data = {
        "partner": customer.owner,
        "customer": customer,
        "location_id": demo.CONTOSO_HQ,
        "seats": seats,
        "contact_name": "Dana Reyes",
        "contact_email": "dana@contoso-dental.example",
        "target_date": target,
        "prerequisites": list(sa.PREREQUISITES),
        "actor": Actor(user=admin),
        "today": today,
        **overrides,
    }
    return sa.setup_assist_request_create(**data)


@pytest.mark.parametrize(("seats", "item"), [(1, "express"), (5, "express"), (6, "standard")])
def test_the_sku_follows_the_seat_count(acme_assist, seats, item):
    assert _create(seats=seats).item == f"setup_assist_{item}"


def test_business_days_skip_weekends_and_holidays(settings):
    # Monday 1 April → Monday 8 April: Tue–Fri and Mon = 5 business days.
    assert sa.business_days_between(MONDAY, date(2024, 4, 8)) == 5
    assert sa.business_days_between(MONDAY, date(2024, 4, 9)) == 6
    settings.SETUP_ASSIST_HOLIDAYS = ["2024-04-03"]
    assert sa.business_days_between(MONDAY, date(2024, 4, 9)) == 5


def test_five_business_days_before_the_target_is_refused(acme_assist):
    with pytest.raises(ApplicationError) as refused:
        _create(target=date(2024, 4, 8))
    assert refused.value.field == "target_date"
    assert "no later than 6 business days" in refused.value.message
    assert "5 business days away" in refused.value.message
    assert "2024-04-09 or later" in refused.value.message
    assert _create(target=date(2024, 4, 9)).status == SetupAssistStatus.REQUESTED


def test_a_holiday_moves_the_deadline(acme_assist, settings):
    settings.SETUP_ASSIST_HOLIDAYS = ["2024-04-05"]
    with pytest.raises(ApplicationError, match="5 business days away"):
        _create(target=date(2024, 4, 9))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"prerequisites": ["onboarded"]}, "prerequisites"),
        ({"seats": "eight"}, "seats"),
        ({"seats": 0}, "seats"),
        ({"location_id": "not-a-uuid"}, "location"),
        ({"location_id": demo.FABRIKAM_HQ}, "location"),  # another customer's location
        ({"contact_email": "nobody"}, "contact_email"),
        ({"target_date": None}, "target_date"),
    ],
)
def test_bad_requests_name_their_field(acme_assist, overrides, field):
    with pytest.raises(ApplicationError) as refused:
        _create(**overrides)
    assert refused.value.field == field


def test_not_enabled_or_not_priced_is_refused(acme_assist):
    Sku.objects.filter(subscription=acme_assist, package="setup_assist_standard").delete()
    with pytest.raises(ApplicationError, match="has not priced"):
        _create(seats=8)
    acme_assist.setup_assist_enabled_at = None
    acme_assist.save()
    with pytest.raises(ApplicationError, match="not enabled"):
        _create(seats=3)


def test_one_open_request_per_location(acme_assist):
    first = _create()
    with pytest.raises(ApplicationError, match="already has an open"):
        _create()
    sa.setup_assist_cancel(request=first, actor=Actor.system())
    assert _create().status == SetupAssistStatus.REQUESTED


def test_standard_through_all_eight_phases_charges_seats_once(
    acme_assist, mailoutbox, django_capture_on_commit_callbacks
):
    request = _create(seats=8)
    team = Actor(user=User.objects.get(email=demo.OPERATOR), operator=True)
    for number in range(1, 9):
        with django_capture_on_commit_callbacks(execute=True):
            request = sa.setup_assist_advance(
                request=request, note=f"phase {number}", day=date(2024, 4, 10 + number), actor=team
            )
        assert request.phases_done == number
    assert request.status == SetupAssistStatus.COMPLETED
    assert request.completed_on == date(2024, 4, 18)
    names = list(request.phase_log.values_list("name", flat=True))
    assert names == list(sa.PHASES["setup_assist_standard"])
    charge = OneTimeCharge.objects.get(reference=f"setup_assist:{request.pk}")
    assert (charge.item, charge.quantity, charge.day) == (
        "setup_assist_standard",
        8,
        date(2024, 4, 18),
    )
    assert charge.location_id == demo.CONTOSO_HQ
    assert len(mailoutbox) == 8
    assert mailoutbox[0].to == [demo.ACME_ADMIN]
    assert "Project Management done" in mailoutbox[0].subject
    assert "completed" in mailoutbox[-1].subject
    with pytest.raises(ApplicationError, match="no phase is left"):
        sa.setup_assist_advance(request=request, actor=team)
    assert AuditEvent.objects.filter(action="setup_assist.phase", operator=True).count() == 8


def test_express_has_two_phases_and_one_unit(acme_assist):
    request = _create(seats=5)
    for _ in range(2):
        request = sa.setup_assist_advance(
            request=request, day=date(2024, 4, 12), actor=Actor.system()
        )
    assert request.status == SetupAssistStatus.COMPLETED
    assert OneTimeCharge.objects.get(reference=f"setup_assist:{request.pk}").quantity == 1


def test_a_cancelled_request_is_never_charged(acme_assist):
    request = _create(seats=8)
    request = sa.setup_assist_advance(request=request, day=date(2024, 4, 12), actor=Actor.system())
    request = sa.setup_assist_cancel(request=request, actor=Actor.system())
    assert request.status == SetupAssistStatus.CANCELLED
    with pytest.raises(ApplicationError):
        sa.setup_assist_advance(request=request, actor=Actor.system())
    with pytest.raises(ApplicationError, match="cannot be cancelled"):
        sa.setup_assist_cancel(request=request, actor=Actor.system())
    assert not OneTimeCharge.objects.filter(reference=f"setup_assist:{request.pk}").exists()
    assert Location.objects.filter(pk=demo.CONTOSO_HQ).exists()
