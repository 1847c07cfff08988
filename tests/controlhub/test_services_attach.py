"""Approving or declining a partner's wholesale attach, the service side (PV-8); the Control
Hub page is tested in tests/controlhub/test_views_attach_request.py."""

import pytest
from django.urls import reverse

from controlhub.services import attach
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import Customer, CustomerStatus, PackageStatus, PartnerAccess
from tests import demo
from wholesale import tasks
from wholesale.services import customers as provisioning

pytestmark = pytest.mark.django_db
ACTOR = Actor.system()


@pytest.fixture
def wide_world():
    return Customer.objects.get(pk=demo.WIDE_WORLD)


def overview(org_id=demo.WIDE_WORLD):
    return reverse("controlhub:overview", kwargs={"org_id": org_id})


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
