"""Indirect providers (PH-8), the Partner Hub pages: set up, state, list, cross-launch,
isolation, on-behalf templates and customers, the explicit search for sub-partner customers."""

from datetime import date

import pytest
from django.urls import reverse

from billing.models import WholesaleSubscription
from portal.demo import demo_id
from portal.models import AuditEvent, Customer, Partner, PartnerState, User
from tests import demo

pytestmark = pytest.mark.django_db
LITWARE = demo_id("partner", "Litware Networks")
PROSEWARE = demo_id("partner", "Proseware Telecom")


def url(name, partner=demo.ACME, **kwargs):
    return reverse(f"partnerhub:{name}", kwargs={"partner_id": partner, **kwargs})


def setup_form(**overrides):
    return {
        "name": "Fabrikam Networks",
        "admin_email": "first@fabrikam-networks.example",
        "admin_first_name": "Fran",
        "admin_last_name": "First",
        "billing_start": "2026-01-01",
        **overrides,
    }


# --- Set up -------------------------------------------------------------------------------------


def test_setting_up_a_sub_partner_shares_the_subscription_and_gives_a_set_password_link(
    client_for, client
):
    response = client_for(demo.ACME_ADMIN).post(url("sub_partner_create"), setup_form())
    assert response.status_code == 200, response.content
    sub_partner = Partner.objects.get(name="Fabrikam Networks")
    assert sub_partner.parent_id == demo.ACME
    assert sub_partner.state == PartnerState.ACTIVE
    subscription = WholesaleSubscription.objects.get(partner=sub_partner)
    assert subscription.subscription_id == "Sub-ACME-0001"
    assert subscription.billing_start == date(2026, 1, 1)
    assert subscription.parent.partner_id == demo.ACME
    html = response.content.decode()
    assert "An invitation email is on its way" in html
    admin = User.objects.get(email="first@fabrikam-networks.example")
    assert not admin.has_usable_password()
    link = response.context["set_password_url"].removeprefix("http://testserver")
    assert AuditEvent.objects.filter(action="sub_partner.set_up", partner_id=demo.ACME).exists()
    # The first admin chooses a password and signs in at once.
    client.logout()
    page = client.get(link, follow=True)
    assert page.status_code == 200 and page.context["validlink"]
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a-Long-pass-4-fran", "new_password2": "a-Long-pass-4-fran"},
    )
    assert done.status_code == 302
    assert client.login(username=admin.email, password="a-Long-pass-4-fran")
    assert client.get(url("overview", partner=sub_partner.pk)).status_code == 200
    assert client.get(url("overview")).status_code == 404
    # One-time: the link no longer works.
    client.logout()
    assert not client.get(link, follow=True).context["validlink"]


def test_the_set_up_form_defaults_to_today_and_keeps_input_on_error(client_for):
    client = client_for(demo.ACME_ADMIN)
    page = client.get(url("sub_partner_create"))
    assert page.context["form"].initial["billing_start"] == date.today()
    assert b"Sub-ACME-0001" in page.content
    response = client.post(url("sub_partner_create"), setup_form(admin_email=demo.ACME_ADMIN))
    assert response.status_code == 400
    assert b"already has an account" in response.content
    assert b"Fabrikam Networks" in response.content
    assert not Partner.objects.filter(name="Fabrikam Networks").exists()


@pytest.mark.parametrize("email", [demo.ACME_READONLY, demo.ACME_SALES, demo.NORTHWIND_ADMIN])
def test_forged_set_up_posts_change_nothing(client_for, email):
    before = Partner.objects.count()
    response = client_for(email).post(url("sub_partner_create"), setup_form())
    assert response.status_code in (403, 404)
    assert Partner.objects.count() == before
    # A sub-partner's own admin cannot set one up under its own partner either.
    response = client_for(email).post(
        url("sub_partner_create", partner=demo.NORTHWIND), setup_form()
    )
    assert response.status_code in (403, 404)
    assert Partner.objects.count() == before


# --- State --------------------------------------------------------------------------------------


def test_suspend_and_activate_are_audited_and_suspended_admins_see_why(client_for):
    client = client_for(demo.ACME_ADMIN)
    # Suspending asks for a reason (issue 16): without one nothing changes.
    client.post(url("sub_partner_state", sub_partner_id=demo.NORTHWIND), {"state": "suspended"})
    assert Partner.objects.get(pk=demo.NORTHWIND).state == PartnerState.ACTIVE
    response = client.post(
        url("sub_partner_state", sub_partner_id=demo.NORTHWIND),
        {"state": "suspended", "reason": "Unpaid invoices"},
    )
    assert response.status_code == 302
    assert Partner.objects.get(pk=demo.NORTHWIND).state == PartnerState.SUSPENDED
    event = AuditEvent.objects.get(action="sub_partner.suspend")
    assert event.after["reason"] == "Unpaid invoices"
    html = client_for(demo.NORTHWIND_ADMIN).get(url("overview", partner=demo.NORTHWIND))
    assert b'data-testid="suspended-banner"' in html.content
    assert b"suspended by Acme Telecom" in html.content
    control_hub = client_for(demo.TAILSPIN_ADMIN).get(
        reverse("controlhub:overview", kwargs={"org_id": demo.TAILSPIN})
    )
    assert b'data-testid="suspended-banner"' in control_hub.content
    client = client_for(demo.ACME_ADMIN)
    client.post(url("sub_partner_state", sub_partner_id=demo.NORTHWIND), {"state": "active"})
    assert Partner.objects.get(pk=demo.NORTHWIND).state == PartnerState.ACTIVE


def test_state_of_someone_elses_partner_is_a_404(client_for):
    client = client_for(demo.ACME_ADMIN)
    for other in (demo.GLOBEX, demo.ACME):
        target = url("sub_partner_state", sub_partner_id=other)
        response = client.post(target, {"state": "suspended"})
        assert response.status_code == 404
    assert Partner.objects.get(pk=demo.GLOBEX).state == PartnerState.ACTIVE


def test_a_suspended_sub_partner_cannot_create_customers_in_the_ui(client_for):
    """What the browser posts on the review step's "Create" button: every field, `_step` at the
    review (3) and `_action=submit`; only the suspension stops it (seed 001, PH-8)."""
    Partner.objects.filter(pk=demo.NORTHWIND).update(state=PartnerState.SUSPENDED)
    client = client_for(demo.NORTHWIND_ADMIN)
    events_before = AuditEvent.objects.count()
    response = client.post(
        url("customer_create", partner=demo.NORTHWIND),
        {
            "_step": "3",
            "_action": "submit",
            "template": str(demo_id("template", "northwind-standard")),
            "name": "Blocked Co",
            "primary_email": "owner@blocked.example",
            "external_id": "",
            "pkg_webex_calling": "on",
            "qty_webex_calling": "5",
            "address_line1": "1 Road",
            "city": "Austin",
            "country": "US",
            "supported_location": "on",
        },
    )
    assert response.status_code == 400
    wizard = response.context["wizard"]
    assert wizard.is_review and not wizard.blocked  # the form itself was valid
    refusal = Partner.objects.get(pk=demo.NORTHWIND).provisioning_refusal
    assert refusal.startswith("Northwind Reseller is suspended by Acme Telecom")
    assert response.context["error"] == refusal
    assert refusal in response.content.decode()
    assert not Customer.objects.filter(name="Blocked Co").exists()
    assert AuditEvent.objects.count() == events_before
    listing = client.get(url("customers", partner=demo.NORTHWIND)).content.decode()
    assert 'data-testid="create-customer-suspended"' in listing


def test_the_same_wizard_post_creates_the_customer_once_the_sub_partner_is_active(client_for):
    """The control for the test above: the very same post succeeds when Northwind is active."""
    client = client_for(demo.NORTHWIND_ADMIN)
    response = client.post(
        url("customer_create", partner=demo.NORTHWIND),
        {
            "_step": "3",
            "_action": "submit",
            "template": str(demo_id("template", "northwind-standard")),
            "name": "Allowed Co",
            "primary_email": "owner@allowed.example",
            "external_id": "",
            "pkg_webex_calling": "on",
            "qty_webex_calling": "5",
            "address_line1": "1 Road",
            "city": "Austin",
            "country": "US",
            "supported_location": "on",
        },
    )
    assert response.status_code == 302
    assert Customer.objects.filter(name="Allowed Co", owner_id=demo.NORTHWIND).exists()


# --- The tab ------------------------------------------------------------------------------------


def test_the_tab_is_only_for_admins_holding_both_roles(client_for):
    nav = client_for(demo.ACME_ADMIN).get(url("overview")).content.decode()
    assert "Indirect providers" in nav
    for email in (demo.ACME_READONLY, demo.ACME_SALES):
        html = client_for(email).get(url("overview")).content.decode()
        assert "Indirect providers</a>" not in html
        assert client_for(email).get(url("sub_partners")).status_code == 403


def test_list_shows_state_counts_search_and_paginates(client_for, django_assert_max_num_queries):
    client = client_for(demo.ACME_ADMIN)
    acme = Partner.objects.get(pk=demo.ACME)
    Partner.objects.bulk_create(Partner(name=f"Reseller {n:03}", parent=acme) for n in range(130))
    with django_assert_max_num_queries(14):
        response = client.get(url("sub_partners"))
    page = response.context["page"]
    assert page.paginator.count == 133
    assert page.paginator.num_pages == 7
    with django_assert_max_num_queries(14):
        last = client.get(url("sub_partners"), {"page": 7})
    assert len(last.context["sub_partners"]) == 13
    found = client.get(url("sub_partners"), {"q": "northwind"}, HTTP_HX_REQUEST="true")
    assert [s.name for s in found.context["sub_partners"]] == ["Northwind Reseller"]
    assert found.context["sub_partners"][0].customer_count == 2
    assert b"<html" not in found.content  # htmx gets the partial
    suspended = client.get(url("sub_partners"), {"state": "suspended"})
    assert [s.name for s in suspended.context["sub_partners"]] == ["Litware Networks"]


def test_cross_launch_is_audited_and_lands_in_the_sub_partners_hub(client_for):
    client = client_for(demo.ACME_ADMIN)
    response = client.post(url("sub_partner_launch", sub_partner_id=demo.NORTHWIND))
    assert response.status_code == 302
    assert response["Location"] == url("overview", partner=demo.NORTHWIND)
    event = AuditEvent.objects.get(action="sub_partner.cross_launch", partner_id=demo.NORTHWIND)
    assert event.on_behalf_of_id == demo.ACME
    html = client.get(response["Location"]).content.decode()
    assert "Acting as admin@acme-telecom.example from" in html
    # While cross-launched: no Reports, Invoices or Indirect providers; their URLs refuse.
    assert "Reports</a>" not in html and "Invoices</a>" not in html
    assert "Indirect providers</a>" not in html
    billing = reverse("billing:reports", kwargs={"partner_id": demo.NORTHWIND})
    assert client.get(billing).status_code == 403
    assert client.get(url("sub_partners", partner=demo.NORTHWIND)).status_code == 403
    # Another partner's org cannot be launched into.
    assert client.post(url("sub_partner_launch", sub_partner_id=demo.GLOBEX)).status_code == 404


# --- On behalf of, isolation, explicit search ---------------------------------------------------


def test_the_parent_creates_a_template_in_the_sub_partners_hub_with_the_shared_subscription(
    client_for,
):
    client = client_for(demo.ACME_ADMIN)
    page = client.get(url("template_create", partner=demo.NORTHWIND))
    assert page.status_code == 200
    assert page.context["form"].initial["subscription_id"] == "Sub-ACME-0001"


def test_a_sub_partners_admin_reaches_nothing_of_its_parent_or_siblings(client_for):
    client = client_for(demo.NORTHWIND_ADMIN)
    acme_template = demo_id("template", "acme-smb-calling")
    for target in (
        url("overview"),
        url("customers"),
        url("sub_partners"),
        url("overview", partner=LITWARE),
        url("customers", partner=PROSEWARE),
        url("customer_detail", partner=demo.NORTHWIND, org_id=demo.CONTOSO),
        url("customer_detail", org_id=demo.TAILSPIN),
        url("template_detail", partner=demo.NORTHWIND, template_id=acme_template),
        reverse("controlhub:overview", kwargs={"org_id": demo.CONTOSO}),
        reverse("billing:reports", kwargs={"partner_id": demo.ACME}),
    ):
        assert client.get(target).status_code == 404, target
    own = client.get(url("customers", partner=demo.NORTHWIND)).context["page"]
    names = [c.name for c in own.paginator.object_list]
    assert sorted(names) == ["Tailspin Traders", "Wingtip Toys"]
    response = client.post(url("customer_launch", partner=demo.NORTHWIND, org_id=demo.CONTOSO))
    assert response.status_code == 404


def test_the_parent_finds_sub_partner_customers_only_by_explicit_search(client_for):
    client = client_for(demo.ACME_ADMIN)
    default = client.get(url("customers"), {"q": "Tailspin"})
    assert default.context["page"].paginator.count == 0
    found = client.get(url("customers"), {"q": "Tailspin", "managed_by": "all"})
    assert [c.name for c in found.context["page"].object_list] == ["Tailspin Traders"]
    assert b"Northwind Reseller" in found.content
    launch = client.post(url("customer_launch", org_id=demo.TAILSPIN))
    assert launch.status_code == 302
    assert client.get(launch["Location"]).status_code == 200


def test_a_customer_created_on_behalf_is_managed_by_both(client_for):
    customer = Customer.objects.create(name="Both Ways", owner_id=demo.NORTHWIND)
    assert (
        client_for(demo.ACME_ADMIN).get(url("customer_detail", org_id=customer.pk)).status_code
        == 200
    )
    assert (
        client_for(demo.NORTHWIND_ADMIN)
        .get(url("customer_detail", partner=demo.NORTHWIND, org_id=customer.pk))
        .status_code
        == 200
    )
    assert (
        client_for(demo.GLOBEX_ADMIN)
        .get(reverse("controlhub:overview", kwargs={"org_id": customer.pk}))
        .status_code
        == 404
    )
