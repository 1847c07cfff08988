"""Customer lifecycles that make every status of the customer list real (OP-1, PH-3, seed 004):
each status is reached from audited actions and time passing (freezegun), never by writing it.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from freezegun import freeze_time

from controlhub.models import Subscriber
from controlhub.services.subscribers import subscriber_provision, subscriber_remove
from partnerhub.selectors import ListStatus, with_list_status
from portal.audit import Actor
from portal.demo import demo_id
from portal.errors import ApplicationError
from portal.models import AuditEvent, Customer, CustomerRoleAssignment
from tests import demo
from tests.factories import CustomerFactory, PartnerFactory, SubscriberFactory, UserFactory
from wholesale import tasks

pytestmark = pytest.mark.django_db
ADATUM = demo_id("customer", "Adatum Clinics")  # active: users, an admin signed in lately
T0 = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def status_of(pk) -> str:
    return with_list_status(Customer.objects.filter(pk=pk)).get().list_status


def tab(pk=ADATUM):
    return reverse(
        "partnerhub:customer_subscriptions", kwargs={"partner_id": demo.ACME, "org_id": pk}
    )


def listed(client, status) -> list[str]:
    page = client.get(
        reverse("partnerhub:customers", kwargs={"partner_id": demo.ACME}), {"status": status}
    )
    return [c.name for c in page.context["customers"]]


def acme(client_for):
    """Acme's admin signed in now (inside the frozen time: sessions expire as time passes)."""
    return client_for(demo.ACME_ADMIN)


def _signed_in_recently(pk):
    for assignment in CustomerRoleAssignment.objects.filter(customer_id=pk):
        assignment.user.last_login = T0 - timedelta(days=1)
        assignment.user.save(update_fields=["last_login"])


def test_expiring_soon_then_expired_from_the_service_term(client_for):
    _signed_in_recently(ADATUM)
    with freeze_time(T0):
        client = acme(client_for)
        response = client.post(
            tab(),
            {"action": "term", "term-start": "2026-03-01", "term-end": "2027-04-15"},
        )
        assert response.status_code == 302
        assert AuditEvent.objects.filter(action="customer.term_set", customer_id=ADATUM).exists()
        assert status_of(ADATUM) == ListStatus.ACTIVE  # 45 days left
    with freeze_time(T0 + timedelta(days=20)):
        client = acme(client_for)
        assert status_of(ADATUM) == ListStatus.EXPIRING_SOON
        assert "Adatum Clinics" in listed(client, "expiring_soon")
        page = client.get(tab())
        assert b"Ends after 2027-04-15; does not renew" in page.content
    with freeze_time(datetime(2027, 4, 16, 0, 0, 1, tzinfo=UTC)):
        client = acme(client_for)
        assert status_of(ADATUM) == ListStatus.EXPIRED
        assert "Adatum Clinics" in listed(client, "expired")


def test_the_daily_task_renews_an_auto_renewing_term(client_for):
    from wholesale.models import CustomerSubscription

    # Only this term ends by the frozen day: the demo's own auto-renewing terms are not due.
    CustomerSubscription.objects.exclude(customer_id=ADATUM).update(auto_renew=False)
    _signed_in_recently(ADATUM)
    with freeze_time(T0):
        client = acme(client_for)
        client.post(
            tab(),
            {
                "action": "term",
                "term-start": "2026-03-11",
                "term-end": "2027-03-10",
                "term-auto_renew": "on",
            },
        )
        assert status_of(ADATUM) == ListStatus.ACTIVE  # renews: not "expiring soon"
    with freeze_time(datetime(2027, 3, 11, 0, 30, tzinfo=UTC)):
        assert status_of(ADATUM) == ListStatus.EXPIRED  # ended, the task has not run yet
        assert tasks.renew_terms() == 1
        assert tasks.renew_terms() == 0  # safe to run twice
        assert status_of(ADATUM) == ListStatus.ACTIVE
        subscription = Customer.objects.get(pk=ADATUM).subscription
        assert subscription.term_start == date(2027, 3, 11)
        assert subscription.expires_at.date() == date(2028, 3, 11)
        assert AuditEvent.objects.filter(action="customer.term_renew").count() == 1


def test_the_term_cannot_end_before_it_starts(client_for):
    response = client_for(demo.ACME_ADMIN).post(
        tab(), {"action": "term", "term-start": "2027-03-01", "term-end": "2027-02-01"}
    )
    assert response.status_code == 400
    assert "cannot end before it starts" in response.content.decode()


def test_suspend_refuses_new_users_and_package_changes_keeps_users_and_resumes(client_for):
    client = client_for(demo.ACME_ADMIN)
    users_before = Subscriber.objects.filter(customer_id=ADATUM, removed_at__isnull=True).count()
    assert client.post(tab(), {"action": "suspend"}).status_code == 302
    assert status_of(ADATUM) == ListStatus.SUSPENDED
    assert "Adatum Clinics" in listed(client, "suspended")
    customer = Customer.objects.select_related("owner").get(pk=ADATUM)
    with pytest.raises(ApplicationError, match="suspended by Acme Telecom") as refused:
        subscriber_provision(
            customer=customer,
            actor=Actor(None),
            email="new@adatum.example",
            package="webex_calling",
        )
    assert refused.value.code == 4301
    limit = client.post(tab(), {"action": "limit", "package": "webex_calling", "limit": "30"})
    assert limit.status_code == 403
    current = Subscriber.objects.filter(customer_id=ADATUM, removed_at__isnull=True)
    assert current.count() == users_before
    subscriber_remove(subscriber=current.first(), actor=Actor(None))  # removing stays allowed
    control_hub = client.get(reverse("controlhub:overview", kwargs={"org_id": ADATUM}))
    assert b'data-testid="customer-suspended-banner"' in control_hub.content
    assert client.post(tab(), {"action": "resume"}).status_code == 302
    assert Customer.objects.get(pk=ADATUM).suspended_at is None
    assert {"customer.suspend", "customer.resume"} <= set(
        AuditEvent.objects.filter(customer_id=ADATUM).values_list("action", flat=True)
    )


def test_lowering_a_limit_below_its_users_warns_and_shows_license_overage(
    client_for, django_capture_on_commit_callbacks
):
    _signed_in_recently(ADATUM)
    held = Subscriber.objects.filter(
        customer_id=ADATUM, removed_at__isnull=True, package="webex_calling"
    ).count()
    assert held >= 2
    with freeze_time(T0), django_capture_on_commit_callbacks(execute=True):
        client = acme(client_for)
        response = client.post(
            tab(),
            {"action": "limit", "package": "webex_calling", "limit": str(held - 1)},
            follow=True,
        )
    assert "shows license overage" in response.content.decode()
    with freeze_time(T0):
        assert status_of(ADATUM) == ListStatus.LICENSE_OVERAGE
        page = acme(client_for).get(tab())
    assert b'data-testid="overage"' in page.content
    history = page.context["order_history"]
    assert history[0].after["limits"] == {"webex_calling": held - 1}
    assert history[0].actor_email == demo.ACME_ADMIN
    with freeze_time(T0), django_capture_on_commit_callbacks(execute=True):
        acme(client_for).post(tab(), {"action": "limit", "package": "webex_calling", "limit": "50"})
    with freeze_time(T0):
        assert status_of(ADATUM) == ListStatus.ACTIVE


def test_invited_until_an_admin_can_sign_in_then_no_recent_activity_after_30_days(client):
    from portal.models import PartnerState  # noqa: F401  (the owner stays active)

    owner = PartnerFactory()
    customer = CustomerFactory(owner=owner)
    SubscriberFactory(customer=customer)
    admin = UserFactory(email="first.admin@new-customer.example")
    admin.set_unusable_password()  # invited, no password chosen yet
    admin.save()
    CustomerRoleAssignment.objects.create(user=admin, customer=customer, role="customer_full_admin")
    with freeze_time(T0):
        assert status_of(customer.pk) == ListStatus.INVITED
        admin.set_password("a-Long-pass-phrase-42")
        admin.save()
        assert client.login(email=admin.email, password="a-Long-pass-phrase-42")
        assert status_of(customer.pk) == ListStatus.ACTIVE
    with freeze_time(T0 + timedelta(days=29)):
        assert status_of(customer.pk) == ListStatus.ACTIVE
    with freeze_time(T0 + timedelta(days=31)):
        assert status_of(customer.pk) == ListStatus.NO_RECENT_ACTIVITY
