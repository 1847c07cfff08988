import pytest

from portal.access.roles import Role
from portal.audit import Actor, audit_record, snapshot
from portal.models import AuditEvent, Customer, Partner, User
from portal.services import customer_assign_partner_admin, role_grant, role_revoke
from tests import demo
from tests.factories import CustomerFactory, PartnerFactory, UserFactory, partner_admin

pytestmark = pytest.mark.django_db


def test_record_keeps_actor_on_behalf_target_and_changes():
    acme = Partner.objects.get(pk=demo.ACME)
    contoso = Customer.objects.get(pk=demo.CONTOSO)
    admin = User.objects.get(email=demo.ACME_ADMIN)
    before = snapshot(contoso, ["name", "restricted_by_partner"])
    event = audit_record(
        actor=Actor(user=admin, on_behalf_of=acme),
        action="customer.update",
        organization=contoso,
        before=before,
        after={**before, "restricted_by_partner": False},
    )
    event.refresh_from_db()
    assert event.actor_email == demo.ACME_ADMIN
    assert event.on_behalf_of == acme
    assert event.customer == contoso and event.partner is None
    assert event.target_type == "Customer" and event.target_id == str(contoso.pk)
    assert event.before == {"name": "Contoso Dental", "restricted_by_partner": True}
    assert event.after["restricted_by_partner"] is False


def test_role_changes_are_audited_once():
    partner = PartnerFactory()
    user = UserFactory()
    actor = Actor(user=None, source=AuditEvent.Source.COMMAND)
    role_grant(user=user, organization=partner, role=Role.PARTNER_FULL_ADMIN, actor=actor)
    role_grant(user=user, organization=partner, role=Role.PARTNER_FULL_ADMIN, actor=actor)
    role_revoke(user=user, organization=partner, role=Role.PARTNER_FULL_ADMIN, actor=actor)
    actions = list(AuditEvent.objects.for_org(partner).values_list("action", flat=True))
    assert actions == ["role.revoke", "role.grant"]


def test_a_partner_role_cannot_be_granted_in_a_customer():
    from portal.errors import ApplicationError

    with pytest.raises(ApplicationError):
        role_grant(
            user=UserFactory(),
            organization=CustomerFactory(),
            role=Role.PARTNER_FULL_ADMIN,
            actor=Actor.system(),
        )


def test_only_the_owners_admins_can_be_assigned_to_a_customer():
    from portal.errors import ApplicationError

    customer = CustomerFactory()
    outsider = partner_admin(PartnerFactory(), Role.PARTNER_ADMIN)
    with pytest.raises(ApplicationError):
        customer_assign_partner_admin(customer=customer, user=outsider, actor=Actor.system())
    insider = partner_admin(customer.owner, Role.PARTNER_ADMIN)
    customer_assign_partner_admin(customer=customer, user=insider, actor=Actor.system())
    assert User.objects.get(pk=insider.pk).has_perm("org.view", customer)


def _event(organization, action="thing.change", email="someone@example.test"):
    return audit_record(
        actor=Actor(user=UserFactory(email=email)), action=action, organization=organization
    )


def test_partner_log_lists_its_own_and_its_customers_events(client_for):
    acme = Partner.objects.get(pk=demo.ACME)
    _event(acme, "partner.thing")
    _event(Customer.objects.get(pk=demo.CONTOSO), "contoso.thing")
    _event(Customer.objects.get(pk=demo.FABRIKAM), "fabrikam.thing")
    _event(Partner.objects.get(pk=demo.GLOBEX), "globex.thing")
    html = client_for(demo.ACME_ADMIN).get(f"/partner/{demo.ACME}/audit/").content.decode()
    assert "partner.thing" in html and "contoso.thing" in html and "fabrikam.thing" in html
    assert "globex.thing" not in html
    # The partner admin assigned to Contoso only does not see Fabrikam's events.
    html = client_for(demo.ACME_SALES).get(f"/partner/{demo.ACME}/audit/").content.decode()
    assert "contoso.thing" in html and "fabrikam.thing" not in html


def test_org_log_filters_by_action_and_actor(client_for):
    contoso = Customer.objects.get(pk=demo.CONTOSO)
    _event(contoso, "user.create", "first@example.test")
    _event(contoso, "user.delete", "second@example.test")
    client = client_for(demo.CONTOSO_ADMIN)
    html = client.get(f"/org/{demo.CONTOSO}/audit/", {"action": "user.create"}).content.decode()
    assert "first@example.test" in html and "second@example.test" not in html
    html = client.get(f"/org/{demo.CONTOSO}/audit/", {"actor": "second"}).content.decode()
    assert "second@example.test" in html and "first@example.test" not in html


def test_htmx_filter_returns_only_the_table(client_for):
    response = client_for(demo.CONTOSO_ADMIN).get(
        f"/org/{demo.CONTOSO}/audit/", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<table" in html and "<html" not in html


def test_audit_log_query_count_does_not_grow(client_for, django_assert_max_num_queries):
    contoso = Customer.objects.get(pk=demo.CONTOSO)
    client = client_for(demo.CONTOSO_ADMIN)
    _event(contoso)
    # 13: one of them is the Control Hub's cobranding (issue 16), fixed per page.
    with django_assert_max_num_queries(13) as few:
        client.get(f"/org/{demo.CONTOSO}/audit/")
    for i in range(30):
        _event(contoso, email=f"many{i}@example.test")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/org/{demo.CONTOSO}/audit/")
