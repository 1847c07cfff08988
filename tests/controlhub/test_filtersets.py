"""controlhub.filtersets: the subscriber list's FilterSet (Users page CH-2 and
/v1/wholesale/subscribers API-2) and the numbers list's (CH-4)."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from controlhub.filtersets import NO_ROLE, NumberFilterSet, SubscriberFilterSet
from controlhub.models import Location, PhoneNumber, Subscriber, SubscriberStatus
from controlhub.views.locations import NumberListView
from controlhub.views.users import UserListView
from portal.access.roles import Role
from portal.api import ids
from portal.errors import ApplicationError
from tests.factories import CustomerFactory, UserFactory, customer_admin
from wholesale.api import subscribers as subscribers_api

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    customer = CustomerFactory(external_id="EXT-1")
    here = Location.objects.create(customer=customer, name="Here", address_line1="1 St", city="X")
    there = Location.objects.create(customer=customer, name="There", address_line1="2 St", city="X")

    def subscriber(email, **kwargs):
        return Subscriber.objects.create(
            customer=customer, email=email, package="webex_calling", **kwargs
        )

    ada = subscriber(
        "ada@x.test", first_name="Ada", status=SubscriberStatus.PROVISIONED, location=here
    )
    bob = subscriber("bob@x.test", first_name="Bob", status=SubscriberStatus.ERROR, location=there)
    gone = subscriber(
        "gone@x.test", status=SubscriberStatus.REMOVED, removed_at=timezone.now(), location=here
    )
    Subscriber.objects.filter(pk=ada.pk).update(
        created_at=datetime(2024, 1, 1, tzinfo=UTC),
        last_status_change=datetime(2024, 1, 1, tzinfo=UTC),
    )
    customer_admin(customer, Role.CUSTOMER_FULL_ADMIN, user=UserFactory(email="bob@x.test"))
    other = CustomerFactory()
    Subscriber.objects.create(customer=other, email="ada@elsewhere.test", package="webex_calling")
    return customer, Subscriber.objects.for_org(customer), ada, bob, gone, here


def emails(filterset):
    return sorted(s.email for s in filterset.validated_qs())


def test_each_subscriber_filter_narrows(org):
    customer, scoped, ada, bob, gone, here = org

    def run(data):
        return emails(SubscriberFilterSet(data, queryset=scoped, customer=customer))

    assert run({}) == ["ada@x.test", "bob@x.test"]  # current subscribers only
    assert run({"status": "removed"}) == ["gone@x.test"]
    assert run({"status": "error"}) == ["bob@x.test"]
    assert run({"status": "error,provisioned"}) == ["ada@x.test", "bob@x.test"]
    assert run({"q": "ad"}) == ["ada@x.test"]
    assert run({"location": str(here.pk)}) == ["ada@x.test"]
    assert run({"package": "webex_calling"}) == ["ada@x.test", "bob@x.test"]
    assert run({"role": Role.CUSTOMER_FULL_ADMIN.value}) == ["bob@x.test"]
    assert run({"role": NO_ROLE}) == ["ada@x.test"]
    assert run({"customerId": ids.encode(ids.CUSTOMER, customer.pk)}) == [
        "ada@x.test",
        "bob@x.test",
    ]
    assert run({"personId": ids.encode(ids.PEOPLE, bob.pk)}) == ["bob@x.test"]
    assert run({"externalCustomerId": "EXT-1"}) == ["ada@x.test", "bob@x.test"]
    assert run({"email": "bob@x.test"}) == ["bob@x.test"]
    assert run({"after": "2024-06-01"}) == ["bob@x.test"]
    assert run({"lastStatusChange": "2024-06-01T00:00:00Z"}) == ["bob@x.test"]


def test_the_filterset_never_widens_the_scoped_queryset(org):
    customer, scoped, *_ = org
    filterset = SubscriberFilterSet({"q": "ada@"}, queryset=scoped, customer=customer)
    assert [s.email for s in filterset.qs] == ["ada@x.test"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "nope,error,alsonope"}, "Unknown status: alsonope, nope."),
        ({"customerId": "nope"}, "customerId is not a customer id."),
        ({"personId": "nope"}, "personId is not a person id."),
        (
            {"after": "yesterday"},
            "after is not epoch milliseconds or an ISO 8601 date or date-time.",
        ),
    ],
)
def test_a_bad_subscriber_value_is_a_clear_application_error(org, data, message):
    customer, scoped, *_ = org
    filterset = SubscriberFilterSet(data, queryset=scoped, customer=customer)
    with pytest.raises(ApplicationError) as raised:
        filterset.validated_qs()
    assert (raised.value.status, raised.value.message) == (400, message)
    assert filterset.qs.count() == 2  # the page ignores the bad value


def test_a_location_of_another_organization_is_not_accepted(org):
    customer, scoped, *_ = org
    elsewhere = Location.objects.create(
        customer=CustomerFactory(), name="Elsewhere", address_line1="3 St", city="X"
    )
    filterset = SubscriberFilterSet(
        {"location": str(elsewhere.pk)}, queryset=scoped, customer=customer
    )
    assert not filterset.is_valid()
    assert "location" in filterset.errors


def test_users_page_and_subscribers_api_use_the_same_filterset():
    assert UserListView.filterset_class is subscribers_api.SubscriberFilterSet


def test_each_number_filter_narrows_and_a_bad_value_is_an_error(org):
    customer, scoped, ada, bob, gone, here = org
    there = Location.objects.get(customer=customer, name="There")
    PhoneNumber.objects.create(
        customer=customer, location=here, number="+14155550100", subscriber=ada
    )
    PhoneNumber.objects.create(customer=customer, location=there, number="+14155550199")
    numbers = PhoneNumber.objects.for_org(customer)

    def run(data):
        return sorted(
            n.number for n in NumberFilterSet(data, queryset=numbers, customer=customer).qs
        )

    assert run({"q": "0 199"}) == ["+14155550199"]
    assert run({"location": str(here.pk)}) == ["+14155550100"]
    assert run({"state": "free"}) == ["+14155550199"]
    assert run({"state": "assigned"}) == ["+14155550100"]
    bad = NumberFilterSet({"state": "nope"}, queryset=numbers, customer=customer)
    with pytest.raises(ApplicationError) as raised:
        bad.validated_qs()
    assert raised.value.field == "state"
    assert NumberListView.filterset_class is NumberFilterSet
