"""The operator's console (OP-1): partners list, create with the first administrator's
invitation, suspend / reactivate with the provisioning refusal, delete refused with customers,
the operator's audit log, deny by default."""

import pytest
from django.core import mail
from django.urls import reverse

from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import (
    AuditEvent,
    Customer,
    Invitation,
    Partner,
    PartnerRoleAssignment,
    PartnerState,
    User,
)
from tests import demo

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"console:{name}", kwargs=kwargs)


def test_the_operator_lands_on_the_partners_list_with_state_and_counts(
    client_for, django_assert_max_num_queries
):
    client = client_for(demo.OPERATOR)
    assert client.get("/")["Location"] == url("partners")
    with django_assert_max_num_queries(14):
        response = client.get(url("partners"))
    assert response.status_code == 200
    rows = {p.name: p for p in response.context["partners"]}
    assert "Northwind Reseller" not in rows  # a sub-partner is its parent's to manage
    acme = rows["Acme Telecom"]
    assert acme.sub_partner_count == Partner.objects.filter(parent_id=demo.ACME).count()
    assert (
        acme.customer_count
        == Customer.objects.filter(owner__in=[demo.ACME, demo.NORTHWIND]).count()
    )
    assert acme.user_count > 0
    assert acme.estimate is not None


def test_the_list_costs_the_same_with_more_partners(client_for, django_assert_num_queries):
    client = client_for(demo.OPERATOR)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url("partners"))
    for n in range(5):
        Partner.objects.create(name=f"Extra {n}")
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url("partners"))


def test_create_partner_invites_its_first_administrator(
    client_for, django_capture_on_commit_callbacks
):
    client = client_for(demo.OPERATOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("partner_create"),
            {
                "name": "Verdant Telecom",
                "country": "GB",
                "admin_email": "Admin@Verdant.example",
                "admin_first_name": "Vera",
                "admin_last_name": "Dant",
            },
        )
    partner = Partner.objects.get(name="Verdant Telecom")
    assert response["Location"] == url("partner_detail", partner_id=partner.pk)
    assert partner.country == "GB" and partner.parent_id is None
    admin = User.objects.get(email="admin@verdant.example")
    assert set(
        PartnerRoleAssignment.objects.filter(user=admin, partner=partner).values_list(
            "role", flat=True
        )
    ) == {"partner_full_admin", "wholesale_admin"}
    assert Invitation.objects.filter(user=admin, partner=partner).exists()
    assert [m.to for m in mail.outbox] == [["admin@verdant.example"]]
    assert "/set-password/" in mail.outbox[0].body
    events = AuditEvent.objects.filter(operator=True, partner=partner)
    assert {"partner.create", "operator.partner_create", "invitation.send"} <= set(
        events.values_list("action", flat=True)
    )
    log = client.get(url("audit_log"))
    assert b"operator.partner_create" in log.content


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Acme Telecom", "exists already"),
        ("country", "XX", "Select a valid choice"),
        ("admin_email", demo.ACME_ADMIN, "already has an account"),
        ("admin_email", "not-an-email", "valid email"),
    ],
)
def test_bad_input_keeps_what_was_typed(client_for, field, value, message):
    data = {
        "name": "Verdant Telecom",
        "country": "GB",
        "admin_email": "admin@verdant.example",
        "admin_first_name": "Vera",
    }
    data[field] = value
    response = client_for(demo.OPERATOR).post(url("partner_create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'value="Vera"' in response.content.decode()
    assert not Partner.objects.filter(name="Verdant Telecom").exists() or field == "name"


def test_suspend_refuses_provisioning_shows_the_banner_and_reactivates(client_for):
    from controlhub.services.subscribers import subscriber_provision
    from wholesale.services.customers import customer_precheck

    client = client_for(demo.OPERATOR)
    response = client.post(url("partner_state", partner_id=demo.ACME), {"state": "suspended"})
    assert response.status_code == 302
    acme = Partner.objects.get(pk=demo.ACME)
    assert acme.state == PartnerState.SUSPENDED
    assert [p.code for p in customer_precheck(partner=acme)] == [4300]
    # Its sub-partner is held too, with the same reason.
    northwind = Partner.objects.select_related("parent").get(pk=demo.NORTHWIND)
    assert "Acme Telecom is suspended" in northwind.provisioning_refusal
    contoso = Customer.objects.select_related("owner__parent").get(pk=demo.CONTOSO)
    with pytest.raises(ApplicationError, match="suspended") as refused:
        subscriber_provision(
            customer=contoso,
            actor=Actor(user=None),
            email="x@contoso.example",
            package="webex_calling",
        )
    assert refused.value.status == 403
    page = client_for(demo.ACME_ADMIN).get(
        reverse("partnerhub:overview", kwargs={"partner_id": demo.ACME})
    )
    assert b'data-testid="suspended-banner"' in page.content
    assert AuditEvent.objects.filter(action="operator.partner_suspend", operator=True).exists()
    client = client_for(demo.OPERATOR)
    client.post(url("partner_state", partner_id=demo.ACME), {"state": "active"})
    acme.refresh_from_db()
    assert acme.state == PartnerState.ACTIVE and acme.provisioning_refusal is None
    assert AuditEvent.objects.filter(action="operator.partner_reactivate").exists()


def test_a_sub_partner_is_not_the_operators_to_suspend(client_for):
    client = client_for(demo.OPERATOR)
    response = client.post(url("partner_state", partner_id=demo.NORTHWIND), {"state": "suspended"})
    assert response.status_code == 404


def test_a_partner_with_customers_cannot_be_deleted_and_the_page_says_why(client_for):
    client = client_for(demo.OPERATOR)
    page = client.get(url("partner_detail", partner_id=demo.ACME))
    assert b'data-testid="delete-refusal"' in page.content
    assert b"cannot be deleted" in page.content
    response = client.post(url("partner_delete", partner_id=demo.ACME), follow=True)
    assert "cannot be deleted" in response.content.decode()
    assert Partner.objects.filter(pk=demo.ACME).exists()


def test_a_partner_without_customers_is_deleted_and_the_deletion_stays_in_the_log(client_for):
    client = client_for(demo.OPERATOR)
    client.post(
        url("partner_create"),
        {"name": "Short Lived", "country": "US", "admin_email": "a@short.example"},
    )
    partner = Partner.objects.get(name="Short Lived")
    response = client.post(url("partner_delete", partner_id=partner.pk))
    assert response["Location"] == url("partners")
    assert not Partner.objects.filter(pk=partner.pk).exists()
    event = AuditEvent.objects.get(action="operator.partner_delete")
    assert event.partner is None and event.after["name"] == "Short Lived"
    assert b"operator.partner_delete" in client.get(url("audit_log")).content


def test_nobody_else_reaches_the_console(client_for):
    for email in (demo.ACME_ADMIN, demo.COMPLIANCE, demo.CONTOSO_ADMIN):
        client = client_for(email)
        assert client.get(url("partners")).status_code == 403
        assert (
            client.post(
                url("partner_state", partner_id=demo.ACME), {"state": "suspended"}
            ).status_code
            == 403
        )
    assert Partner.objects.get(pk=demo.ACME).state == PartnerState.ACTIVE


def test_the_operator_sees_no_partner_hub():
    operator = User.objects.get(email=demo.OPERATOR)
    acme = Partner.objects.get(pk=demo.ACME)
    assert not operator.has_perm("partner.view", acme)
