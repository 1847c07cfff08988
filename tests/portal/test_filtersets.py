"""portal.filtersets: the base class's error helper and the audit log's FilterSet (CH-11)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from controlhub.views.overview import OrgAuditLogView
from partnerhub.views.overview import PartnerAuditLogView
from portal.errors import ApplicationError
from portal.filtersets import AuditEventFilterSet
from portal.models import AuditEvent
from portal.views import AuditLogView
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    partner = PartnerFactory()
    old = AuditEvent.objects.create(
        partner=partner, action="customer.create", actor_email="a@x.test"
    )
    new = AuditEvent.objects.create(partner=partner, action="tag.create", actor_email="b@y.test")
    AuditEvent.objects.filter(pk=old.pk).update(occurred_at=timezone.now() - timedelta(days=10))
    return AuditEvent.objects.filter(partner=partner), old, new


def names(qs):
    return sorted(e.action for e in qs)


def test_each_filter_narrows(events):
    scoped, old, new = events
    today = timezone.now().date()
    assert names(AuditEventFilterSet({"action": "tag.create"}, queryset=scoped).qs) == [
        "tag.create"
    ]
    assert names(AuditEventFilterSet({"actor": "A@X"}, queryset=scoped).qs) == ["customer.create"]
    since = (today - timedelta(days=1)).isoformat()
    assert names(AuditEventFilterSet({"since": since}, queryset=scoped).qs) == ["tag.create"]
    assert names(AuditEventFilterSet({"until": since}, queryset=scoped).qs) == ["customer.create"]
    assert names(AuditEventFilterSet({}, queryset=scoped).qs) == ["customer.create", "tag.create"]


def test_never_widens_the_scoped_queryset(events):
    scoped, old, new = events
    AuditEvent.objects.create(partner=PartnerFactory(), action="tag.create")
    assert list(AuditEventFilterSet({"action": "tag.create"}, queryset=scoped).qs) == [new]


def test_a_bad_date_is_left_out_on_the_page_and_an_application_error_when_validated(events):
    scoped, *_ = events
    filterset = AuditEventFilterSet(
        {"since": "2024-02-30", "action": "tag.create"}, queryset=scoped
    )
    assert names(filterset.qs) == ["tag.create"]  # the page: the bad date is ignored
    with pytest.raises(ApplicationError) as raised:
        filterset.validated_qs()
    assert raised.value.status == 400
    assert raised.value.field == "since"
    assert raised.value.message == "Enter a date as YYYY-MM-DD."


def test_partner_hub_and_control_hub_audit_logs_use_the_same_filterset():
    assert AuditLogView.filterset_class is AuditEventFilterSet
    assert PartnerAuditLogView.filterset_class is OrgAuditLogView.filterset_class
    assert PartnerAuditLogView.filterset_class is AuditEventFilterSet
