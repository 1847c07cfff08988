"""Bulk actions on the Customers list (issue 16, PH-3): add a tag and assign a partner
administrator to the selected customers, through the tag and admin services, in one
transaction, audited; every posted id is checked inside the partner (404, nothing changed)."""

from django.contrib.messages import get_messages
from django.urls import reverse

from partnerhub.models import CustomerTag
from portal.access.roles import Role
from portal.models import AuditEvent, PartnerRoleAssignment
from portal.models.roles import AssignedCustomerPermission
from tests import demo
from tests.factories import CustomerFactory, UserFactory

LIST = reverse("partnerhub:customers", kwargs={"partner_id": demo.ACME})
BULK = reverse("partnerhub:customers_bulk", kwargs={"partner_id": demo.ACME})


def tags_of(customer) -> set[str]:
    return set(CustomerTag.objects.filter(customer=customer).values_list("tag__name", flat=True))


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_add_tag_to_selected_customers_keeps_their_tags_and_audits_each(client_for):
    a = CustomerFactory(name="Bulk A", owner_id=demo.ACME)
    b = CustomerFactory(name="Bulk B", owner_id=demo.ACME)
    client = client_for(demo.ACME_ADMIN)
    client.post(BULK, {"customers": [a.pk], "action": "tag", "tag": "Gold"})
    response = client.post(
        BULK,
        {
            "customers": [a.pk, b.pk],
            "action": "tag",
            "tag": "  Priority   support ",
            "query": "q=Bulk",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"{LIST}?q=Bulk"
    assert tags_of(a) == {"Gold", "Priority support"} and tags_of(b) == {"Priority support"}
    assert AuditEvent.objects.filter(action="customer.tags_set", customer=b).count() == 1
    assert texts(response)[-1] == "Tag “Priority support” added to Bulk A, Bulk B."
    # Again: nothing changes, and the message says so.
    again = client.post(
        BULK, {"customers": [a.pk, b.pk], "action": "tag", "tag": "priority support"}
    )
    assert "Nothing to change" in texts(again)[-1]


def test_assign_partner_admin_to_selected_customers(client_for):
    a = CustomerFactory(name="Bulk Admin A", owner_id=demo.ACME)
    b = CustomerFactory(name="Bulk Admin B", owner_id=demo.ACME)
    sales = PartnerRoleAssignment.objects.get(
        user__email=demo.ACME_SALES, partner_id=demo.ACME, role=Role.PARTNER_ADMIN
    ).user
    client = client_for(demo.ACME_ADMIN)
    response = client.post(BULK, {"customers": [a.pk, b.pk], "action": "admin", "admin": sales.pk})
    assert response.status_code == 302
    assigned = AssignedCustomerPermission.objects.filter(user=sales, content_object__in=[a, b])
    assert assigned.count() == 2
    assert AuditEvent.objects.filter(action="customer.assign_partner_admin", customer=a).exists()
    assert texts(response)[-1] == f"{demo.ACME_SALES} now manages Bulk Admin A, Bulk Admin B."
    # A full admin (not limited to assigned customers) is not offered nor accepted.
    full = UserFactory(email="bulk-full@acme-telecom.example")
    PartnerRoleAssignment.objects.create(
        user=full, partner_id=demo.ACME, role=Role.PARTNER_FULL_ADMIN
    )
    refused = client.post(BULK, {"customers": [a.pk], "action": "admin", "admin": full.pk})
    assert texts(refused)[-1] == "Choose a partner administrator from the list."
    assert not AssignedCustomerPermission.objects.filter(user=full).exists()


def test_another_partners_id_is_a_404_and_nothing_changes(client_for):
    ours = CustomerFactory(name="Bulk Ours", owner_id=demo.ACME)
    theirs = CustomerFactory(name="Bulk Theirs", owner_id=demo.GLOBEX)
    client = client_for(demo.ACME_ADMIN)
    response = client.post(BULK, {"customers": [ours.pk, theirs.pk], "action": "tag", "tag": "X"})
    assert response.status_code == 404
    assert tags_of(ours) == set() and tags_of(theirs) == set()
    assert (
        client.post(BULK, {"customers": ["1; drop"], "action": "tag", "tag": "X"}).status_code
        == 404
    )
    # A partner admin limited to assigned customers: an unassigned one is out of reach too.
    sales = client_for(demo.ACME_SALES)
    response = sales.post(BULK, {"customers": [demo.CONTOSO, ours.pk], "action": "tag", "tag": "X"})
    assert response.status_code == 404
    assert "X" not in tags_of(ours)


def test_refusal_for_one_customer_changes_none_and_readonly_is_refused(client_for):
    a = CustomerFactory(name="Bulk Refused", owner_id=demo.ACME)
    client = client_for(demo.ACME_ADMIN)
    response = client.post(BULK, {"customers": [a.pk], "action": "tag", "tag": "x" * 300})
    assert response.status_code == 302 and "at most" in texts(response)[-1]
    assert tags_of(a) == set()
    nothing = client.post(BULK, {"action": "tag", "tag": "Gold"})
    assert texts(nothing)[-1] == "Select at least one customer first."
    readonly = client_for(demo.ACME_READONLY)
    assert (
        readonly.post(BULK, {"customers": [a.pk], "action": "tag", "tag": "G"}).status_code == 403
    )


def test_list_offers_labelled_checkboxes_and_the_bulk_form(client_for):
    client = client_for(demo.ACME_ADMIN)
    html = client.get(LIST, {"q": "Contoso Dental"}).content.decode()
    assert 'form="customer-bulk"' in html and "Select Contoso Dental" in html
    assert 'id="bulk-tag-confirm"' in html and 'id="bulk-admin-confirm"' in html
    readonly = client_for(demo.ACME_READONLY).get(LIST).content.decode()
    assert 'id="customer-bulk"' not in readonly
