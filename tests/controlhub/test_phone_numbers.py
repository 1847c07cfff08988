"""Phone numbers are parsed with `phonenumbers` in the location's country and stored in E.164
(CH-4, issue 15). Before, "12345" entered the inventory."""

import pytest
from django.urls import reverse

from controlhub.models import Location, PhoneNumber, Subscriber
from controlhub.services import locations, subscribers
from portal.audit import Actor
from portal.catalogues import phone_numbers
from portal.errors import ApplicationError
from portal.models import Customer
from tests import demo

pytestmark = pytest.mark.django_db
ACTOR = Actor.system()


@pytest.fixture
def fabrikam_hq():  # a GB location
    return Location.objects.get(pk=demo.FABRIKAM_HQ)


@pytest.mark.parametrize(
    "value", ["12345", "+12345", "hello", "", "+4420794600001234", "+15551234567"]
)
def test_what_is_no_number_is_refused(value):
    with pytest.raises(ApplicationError, match="is not a valid phone number"):
        phone_numbers.e164(value, "US")


@pytest.mark.parametrize(
    "value, country, stored",
    [
        ("(415) 555-0100", "US", "+14155550100"),
        ("+1 415-555-0100", "GB", "+14155550100"),
        ("020 7946 0999", "GB", "+442079460999"),
        ("+44 20 7946 0999", None, "+442079460999"),
    ],
)
def test_national_and_international_forms_are_stored_in_e164(value, country, stored):
    assert phone_numbers.e164(value, country) == stored


def test_12345_does_not_enter_the_inventory(fabrikam_hq):
    before = PhoneNumber.objects.count()
    with pytest.raises(ApplicationError, match="12345 is not a valid phone number in GB"):
        locations.numbers_add(location=fabrikam_hq, actor=ACTOR, first="12345", count=1)
    assert PhoneNumber.objects.count() == before


def test_a_range_in_national_form_is_added_in_e164(fabrikam_hq):
    added = locations.numbers_add(location=fabrikam_hq, actor=ACTOR, first="020 7946 0500", count=3)
    assert [n.number for n in added] == ["+442079460500", "+442079460501", "+442079460502"]


def test_a_range_running_past_the_valid_numbers_is_refused(fabrikam_hq):
    with pytest.raises(ApplicationError, match="runs past the valid numbers"):
        locations.numbers_add(location=fabrikam_hq, actor=ACTOR, first="+12019999998", count=5)


def test_the_numbers_page_shows_the_error_next_to_the_first_number(client_for):
    client = client_for(demo.ACME_ADMIN)  # number management is for partner admins (CH-14)
    url = reverse("controlhub:numbers_add", kwargs={"org_id": demo.FABRIKAM})
    response = client.post(url, {"location": demo.FABRIKAM_HQ, "first": "12345", "count": "1"})
    assert response.status_code == 400
    assert "12345 is not a valid phone number" in response.content.decode()


def test_a_users_primary_number_is_normalised_in_the_locations_country(fabrikam_hq):
    fabrikam = Customer.objects.get(pk=demo.FABRIKAM)
    subscriber = subscribers.subscriber_provision(
        customer=fabrikam,
        actor=ACTOR,
        email="new.caller@fabrikam-law.example",
        package="webex_calling",
        primary_phone_number="020 7946 0777",
        location=fabrikam_hq,
    )
    assert PhoneNumber.objects.get(subscriber=subscriber).number == "+442079460777"


def test_a_users_primary_number_that_is_no_number_is_refused(fabrikam_hq):
    fabrikam = Customer.objects.get(pk=demo.FABRIKAM)
    with pytest.raises(ApplicationError, match="12345 is not a valid phone number") as caught:
        subscribers.subscriber_provision(
            customer=fabrikam,
            actor=ACTOR,
            email="bad.caller@fabrikam-law.example",
            package="webex_calling",
            primary_phone_number="12345",
            location=fabrikam_hq,
        )
    assert caught.value.field == "primary_phone_number"
    assert not Subscriber.objects.filter(email="bad.caller@fabrikam-law.example").exists()
