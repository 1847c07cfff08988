"""The customer admin approves or declines a partner's wholesale attach in Control Hub (PV-8):
the page; the services are in tests/controlhub/test_services_attach.py."""

import pytest
from django.urls import reverse

from portal.models import AuditEvent, Customer, CustomerStatus
from tests import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def wide_world():
    return Customer.objects.get(pk=demo.WIDE_WORLD)


def url(org_id=demo.WIDE_WORLD):
    return reverse("controlhub:attach_request", kwargs={"org_id": org_id})


def overview(org_id=demo.WIDE_WORLD):
    return reverse("controlhub:overview", kwargs={"org_id": org_id})


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
