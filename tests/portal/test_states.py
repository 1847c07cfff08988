"""portal.states.StateMachine and the four tables that use it (DESIGN "State machines")."""

import pytest

from billing.models import BillingReport, ReportStatus
from controlhub.models import Subscriber, SubscriberStatus
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import AuditEvent, Customer, CustomerStatus
from screening.models import ScreeningCase, ScreeningCaseStatus
from tests import demo
from wholesale.models import SetupAssistRequest, SetupAssistStatus

MACHINES = [
    (Customer, CustomerStatus),
    (Subscriber, SubscriberStatus),
    (ScreeningCase, ScreeningCaseStatus),
    (BillingReport, ReportStatus),
    (SetupAssistRequest, SetupAssistStatus),
]


@pytest.mark.parametrize(("model", "choices"), MACHINES)
def test_every_table_names_only_real_statuses(model, choices):
    table = model.states.transitions
    assert set(table) <= set(choices.values)
    assert all(set(targets) <= set(choices.values) for targets in table.values())
    model._meta.get_field(model.states.field)  # the status field exists
    if model.states.changed_at:
        model._meta.get_field(model.states.changed_at)


@pytest.mark.django_db
def test_a_move_is_saved_timestamped_and_audited(db):
    customer = Customer.objects.get(pk=demo.CONTOSO)
    assert customer.status == CustomerStatus.PROVISIONED
    before = customer.status_changed_at
    customer.transition(CustomerStatus.UPDATING, actor=Actor.system(), reason="test")
    customer.refresh_from_db()
    assert customer.status == CustomerStatus.UPDATING
    assert customer.status_changed_at != before
    event = AuditEvent.objects.filter(customer=customer, action="customer.status").latest(
        "occurred_at"
    )
    assert event.before == {"status": "provisioned"}
    assert event.after == {"status": "updating", "reason": "test"}


@pytest.mark.django_db
def test_a_move_the_table_lacks_is_refused_with_409_and_changes_nothing(db):
    customer = Customer.objects.get(pk=demo.CONTOSO)
    with pytest.raises(ApplicationError) as refused:
        customer.transition(CustomerStatus.PROVISIONING, actor=Actor.system())
    assert refused.value.status == 409
    customer.refresh_from_db()
    assert customer.status == CustomerStatus.PROVISIONED


def test_final_states_have_no_way_out():
    for model, final in [
        (ScreeningCase, ScreeningCaseStatus.APPROVED),
        (BillingReport, ReportStatus.COMPLETED),
        (Subscriber, SubscriberStatus.REMOVED),
    ]:
        assert not any(model.states.can(final, other) for other in model.states.transitions)
