"""The customer admin approves or declines a partner's wholesale attach in Control Hub (PV-8)."""

import pytest
from django.urls import reverse

from controlhub.services import attach
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import AuditEvent, Customer, CustomerStatus, PackageStatus, PartnerAccess
from tests import demo
from wholesale import tasks
from wholesale.services import customers as provisioning

pytestmark = pytest.mark.django_db
ACTOR = Actor.system()


@pytest.fixture
def wide_world():
    return Customer.objects.get(pk=demo.WIDE_WORLD)


def url(org_id=demo.WIDE_WORLD):
    return reverse("controlhub:attach_request", kwargs={"org_id": org_id})


def overview(org_id=demo.WIDE_WORLD):
    return reverse("controlhub:overview", kwargs={"org_id": org_id})


# --- Services -------------------------------------------------------------------------------


def test_the_demo_org_waits_for_its_admin(wide_world):
    assert wide_world.awaits_attach_approval
    assert provisioning.needs_attach_approval(wide_world)  # its verified domain
    tasks.provision_customer(str(wide_world.pk))
    wide_world.refresh_from_db()
    assert wide_world.status == CustomerStatus.PROVISIONING  # nothing runs before approval


def test_approval_resumes_provisioning(wide_world):
    attach.customer_attach_approve(customer=wide_world, actor=ACTOR)
    tasks.provision_customer(str(wide_world.pk))
    wide_world.refresh_from_db()
    assert wide_world.status == CustomerStatus.PROVISIONED
    assert not wide_world.awaits_attach_approval
    assert wide_world.partner_access == PartnerAccess.PROVISIONING_ADMIN
    assert wide_world.name == "Wide World Importers"


def test_decline_stops_provisioning_and_an_update_asks_again(wide_world):
    attach.customer_attach_decline(customer=wide_world, actor=ACTOR)
    wide_world.refresh_from_db()
    assert wide_world.status == CustomerStatus.ERROR
    assert wide_world.errors == [attach.ATTACH_DECLINED]
    assert {cp.status for cp in wide_world.packages.all()} == {PackageStatus.ERROR}
    assert not wide_world.awaits_attach_approval
    with pytest.raises(ApplicationError) as error:
        attach.customer_attach_approve(customer=wide_world, actor=ACTOR)
    assert error.value.status == 409
    # The partner retries with an update: it waits for the admin again, never provisions alone.
    provisioning.customer_update(customer=wide_world, actor=ACTOR, packages=["webex_meetings"])
    tasks.provision_customer(str(wide_world.pk))
    wide_world.refresh_from_db()
    assert wide_world.status == CustomerStatus.UPDATING
    assert wide_world.awaits_attach_approval


def test_nothing_to_decide_on_an_org_without_a_request():
    contoso = Customer.objects.get(pk=demo.CONTOSO)
    for service in (attach.customer_attach_approve, attach.customer_attach_decline):
        with pytest.raises(ApplicationError):
            service(customer=contoso, actor=ACTOR)


# --- Views ----------------------------------------------------------------------------------


def test_the_full_admin_sees_the_notice_and_the_request(client_for):
    client = client_for(demo.WIDE_WORLD_ADMIN)
    page = client.get(overview()).content.decode()
    assert 'data-testid="attach-notice"' in page
    assert url() in page
    response = client.get(url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Acme Telecom asks to add Webex for Wholesale to Wide World Importers" in body
    assert "Webex Meetings" in body
    assert "Provisioning administrator" in body


def test_approving_in_control_hub_provisions(
    client_for, wide_world, django_capture_on_commit_callbacks
):
    client = client_for(demo.WIDE_WORLD_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(), {"decision": "approve"})
    assert response.status_code == 302 and response["Location"] == overview()
    wide_world.refresh_from_db()
    assert wide_world.status == CustomerStatus.PROVISIONED
    event = AuditEvent.objects.filter(action="customer.attach_approve").get()
    assert event.actor.email == demo.WIDE_WORLD_ADMIN
    page = client.get(overview()).content.decode()
    assert 'data-testid="attach-notice"' not in page
    assert "No wholesale attach request" in client.get(url()).content.decode()


def test_declining_in_control_hub(client_for, wide_world):
    client = client_for(demo.WIDE_WORLD_ADMIN)
    response = client.post(url(), {"decision": "decline"}, follow=True)
    assert "Declined" in response.content.decode()
    wide_world.refresh_from_db()
    assert wide_world.status == CustomerStatus.ERROR
    # Deciding twice: an error message, nothing changes.
    response = client.post(url(), {"decision": "approve"}, follow=True)
    assert "No wholesale attach is waiting" in response.content.decode()
    wide_world.refresh_from_db()
    assert wide_world.attach_approved_at is None


def test_a_bad_decision_is_a_400(client_for, wide_world):
    response = client_for(demo.WIDE_WORLD_ADMIN).post(url(), {"decision": "maybe"})
    assert response.status_code == 400
    wide_world.refresh_from_db()
    assert wide_world.awaits_attach_approval


@pytest.mark.parametrize(
    ("email", "status"),
    [(demo.ACME_ADMIN, 403), (demo.ACME_READONLY, 403), (demo.CONTOSO_ADMIN, 404)],
)
def test_forged_posts_change_nothing(client_for, wide_world, email, status):
    """The partner cannot approve its own request; other orgs' admins do not see the org."""
    response = client_for(email).post(url(), {"decision": "approve"})
    assert response.status_code == status
    wide_world.refresh_from_db()
    assert wide_world.awaits_attach_approval
    assert not AuditEvent.objects.filter(action="customer.attach_approve").exists()


def test_the_partner_sees_the_notice_without_the_button(client_for):
    page = client_for(demo.ACME_ADMIN).get(overview()).content.decode()
    assert 'data-testid="attach-notice"' in page
    assert "a full administrator of Wide World Importers must approve it" in page
    assert url() not in page
