"""Subscriber rules: one package, limits, calling numbers, the full admin, history."""

import pytest

from controlhub.models import PackageAssignment, PhoneNumber, Subscriber, SubscriberStatus
from controlhub.services import subscribers as services
from controlhub.tasks import provision_subscriber
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import Customer, CustomerPackage, CustomerStatus
from tests import demo

pytestmark = pytest.mark.django_db
ACTOR = Actor.system()


@pytest.fixture
def fabrikam():
    return Customer.objects.get(pk=demo.FABRIKAM)


def provision(customer, **kwargs):
    kwargs.setdefault("package", "webex_calling")
    kwargs.setdefault("extension", "4321")
    subscriber = services.subscriber_provision(customer=customer, actor=ACTOR, **kwargs)
    provision_subscriber(str(subscriber.pk))
    return Subscriber.objects.get(pk=subscriber.pk)


def test_provisioning_twice_is_harmless_and_starts_billing_once(fabrikam):
    subscriber = services.subscriber_provision(
        customer=fabrikam, actor=ACTOR, email="New.Person@Example.test", package="webex_meetings"
    )
    # Synchronous (API-2): provisioned, billed from now, in the service's own transaction.
    assert subscriber.status == SubscriberStatus.PROVISIONED
    assert subscriber.email == "new.person@example.test"
    assert subscriber.package_assignments.filter(ended_at__isnull=True).count() == 1
    # The task (for rows an earlier version left provisioning) leaves it as it is.
    provision_subscriber(str(subscriber.pk))
    provision_subscriber(str(subscriber.pk))
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PROVISIONED
    assert subscriber.package_assignments.count() == 1
    provision_subscriber("00000000-0000-0000-0000-000000000000")  # gone: returns quietly


def test_calling_packages_need_a_number_or_extension(fabrikam):
    with pytest.raises(ApplicationError, match="phone number, an extension"):
        services.subscriber_provision(
            customer=fabrikam, actor=ACTOR, email="a@example.test", package="webex_calling"
        )
    subscriber = provision(
        fabrikam, email="b@example.test", extension="", primary_phone_number="+442079461039"
    )
    assert PhoneNumber.objects.get(subscriber=subscriber).number == "+442079461039"


def test_email_must_be_unique_across_customers(fabrikam):
    with pytest.raises(ApplicationError, match="already associated") as error:
        provision(fabrikam, email="ADMIN@contoso-dental.example")
    assert error.value.status == 409


def test_package_must_be_provisioned_to_the_customer_and_within_its_limit(fabrikam):
    with pytest.raises(ApplicationError, match="does not have"):
        provision(fabrikam, email="c@example.test", package="webex_voice")
    CustomerPackage.objects.filter(customer=fabrikam, package="cx_essentials").update(limit=1)
    holders = Subscriber.objects.for_org(fabrikam).current().filter(package="cx_essentials")
    assert holders.count() >= 1
    with pytest.raises(ApplicationError, match="limit of 1"):
        provision(fabrikam, email="d@example.test", package="cx_essentials")


def test_users_cannot_hold_common_area_calling(fabrikam):
    with pytest.raises(ApplicationError, match="cannot be assigned to a user"):
        provision(fabrikam, email="e@example.test", package="common_area_calling")


def test_full_admin_keeps_the_customer_package_level(fabrikam):
    admin = Subscriber.objects.get(email=demo.FABRIKAM_ADMIN)
    assert admin.package == "webex_suite"
    with pytest.raises(ApplicationError, match="cannot be downgraded"):
        services.subscriber_change_package(subscriber=admin, package="webex_calling", actor=ACTOR)


def test_change_package_splits_the_history_at_one_moment(fabrikam):
    subscriber = provision(fabrikam, email="f@example.test", package="webex_meetings", extension="")
    services.subscriber_change_package(
        subscriber=subscriber, package="webex_calling", actor=ACTOR, extension="5555"
    )
    first, second = PackageAssignment.objects.filter(subscriber=subscriber).order_by("id")
    assert (first.package, second.package) == ("webex_meetings", "webex_calling")
    assert first.ended_at == second.started_at and second.ended_at is None


def test_moving_to_calling_asks_for_a_number(fabrikam):
    subscriber = provision(fabrikam, email="g@example.test", package="webex_meetings", extension="")
    with pytest.raises(ApplicationError, match="phone number"):
        services.subscriber_change_package(
            subscriber=subscriber, package="webex_suite", actor=ACTOR
        )


def test_remove_stops_billing_and_keeps_history(fabrikam):
    subscriber = provision(fabrikam, email="h@example.test", primary_phone_number="+442079461038")
    services.subscriber_remove(subscriber=subscriber, actor=ACTOR)
    services.subscriber_remove(subscriber=subscriber, actor=ACTOR)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.REMOVED
    assert subscriber.package_assignments.get().ended_at is not None
    assert not PhoneNumber.objects.filter(subscriber=subscriber).exists()
    provision(fabrikam, email="h@example.test", extension="4322")  # the email is free again


def test_extensions_are_unique_per_customer(fabrikam):
    provision(fabrikam, email="i@example.test", extension="7777")
    with pytest.raises(ApplicationError, match="Extension 7777"):
        provision(fabrikam, email="j@example.test", extension="7777")


def test_subscribers_wait_for_the_customer(fabrikam):
    fabrikam.status = CustomerStatus.PROVISIONING
    fabrikam.save()
    with pytest.raises(ApplicationError) as error:
        provision(fabrikam, email="k@example.test")
    assert error.value.status == 409


def test_demo_history_has_changes_removals_and_a_half_day():
    assignments = PackageAssignment.objects.all()
    assert assignments.filter(ended_at__isnull=False, subscriber__removed_at__isnull=True).exists()
    assert assignments.filter(subscriber__removed_at__isnull=False).exists()
    assert any(a.started_at.hour == 12 for a in assignments)
