"""Real Chromium through Partner Hub (issue 4 "Done when"): each wizard end to end, tags and the
filtered list, Restricted-by-Partner mode, and what read-only and assigned admins see."""

import re

import pytest
from playwright.sync_api import Page, expect

from portal.models import AuditEvent, Customer
from tests import demo
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.usefixtures("live_demo")


def partner_url(live_server, path=""):
    return f"{live_server.url}/partner/{demo.ACME}/{path}"


def create_template(page: Page, live_server, name: str) -> None:
    page.goto(partner_url(live_server, "customers/"))
    page.get_by_role("link", name="Templates", exact=True).first.click()
    page.get_by_role("link", name="Create template").click()
    # Primary settings
    page.get_by_label("Template name").fill(name)
    page.get_by_label("Wholesale subscription").select_option("Sub-ACME-0001")
    page.get_by_role("button", name="Next").click()
    # Authentication method: the partner's configured IdPs are offered
    expect(page.get_by_test_id("sso-offer")).to_contain_text(
        "https://idp.acme-telecom.example/saml"
    )
    page.get_by_label("Webex authentication").check()
    page.get_by_role("button", name="Next").click()
    # Wholesale calling, with the vendor warning
    expect(page.get_by_test_id("pstn-warning")).to_contain_text("first location")
    page.get_by_role("button", name="Next").click()
    # Common settings and Call settings
    page.get_by_label("Allow admin-invite emails when attaching to existing orgs").check()
    page.get_by_role("button", name="Next").click()
    # Review, then Submit
    expect(page.get_by_role("heading", name="Review")).to_be_visible()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    expect(page.get_by_test_id("provisioning-id")).to_be_visible()


def create_customer(page: Page, live_server, name: str, email: str, template: str) -> None:
    page.goto(partner_url(live_server, "customers/"))
    page.get_by_role("link", name="Create customer").click()
    page.get_by_label("Company name").fill(name)
    # Inline precheck: an email in use is flagged before submitting
    page.get_by_label("Administrator email").fill(demo.CONTOSO_ADMIN)
    expect(page.get_by_test_id("precheck-warning").first).to_contain_text("already")
    page.get_by_label("Administrator email").fill(email)
    expect(page.get_by_test_id("precheck-warning")).to_have_count(0)
    page.get_by_label("Template").select_option(label=template)
    page.get_by_role("button", name="Next").click()
    # Packages with quantities
    page.get_by_label("Webex Calling", exact=True).check()
    page.get_by_label("Webex Calling quantity").fill("10")
    page.get_by_label("Webex Meetings", exact=True).check()
    page.get_by_label("Webex Meetings quantity").fill("5")
    page.get_by_role("button", name="Next").click()
    # Headquarters location
    page.get_by_label("Address line 1").fill("1 Harbor Road")
    page.get_by_label("City").fill("Portland")
    page.get_by_label("State or province").fill("OR")
    # Country is a select of names; typing in the box above it finds one.
    page.get_by_label("Find a country").fill("united st")
    expect(page.get_by_label("Country", exact=True)).to_have_value("US")
    page.get_by_label("I verify that this customer is in a Cisco Webex supported location").check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Review")).to_be_visible()
    page.get_by_role("button", name="Create customer").click()


def test_admin_creates_template_and_customer_sets_it_up_tags_and_toggles_restricted_mode(
    page: Page, live_server
):
    sign_in(page, live_server.url, demo.ACME_ADMIN)
    create_template(page, live_server, "Harbor Calling")
    create_customer(
        page, live_server, "Harbor Dental", "admin@harbor-dental.example", "Harbor Calling"
    )

    # The new customer shows its live provisioning status until it settles.
    expect(page.get_by_role("heading", name="Harbor Dental")).to_be_visible()
    # (Tests run tasks synchronously, so it has settled by the time the page shows.)
    status = page.get_by_test_id("customer-status")
    expect(status).to_be_visible()
    expect(status).not_to_contain_text("Provisioning runs in the background")
    expect(status.locator("[data-status]")).not_to_have_attribute("data-status", "provisioning")
    customer = Customer.objects.get(name="Harbor Dental")
    assert customer.status == "provisioned"

    # Set up customer: two locations, three users, numbers for the calling users.
    page.get_by_role("link", name="Set up customer").click()
    page.get_by_label("Location name").fill("Portland Branch")
    page.get_by_label("Address").fill("2 Pier Street")
    page.get_by_label("City").fill("Portland")
    page.get_by_role("button", name="Add location").click()
    rows = page.get_by_test_id("location-row")
    expect(rows).to_have_count(2)
    rows.nth(1).get_by_label("Location name").fill("Salem Office")
    rows.nth(1).get_by_label("Address").fill("3 Court Street")
    rows.nth(1).get_by_label("City").fill("Salem")
    page.get_by_role("button", name="Next").click()

    users = [
        ("Ana", "Lima", "ana@harbor-dental.example", "Webex Calling", "Portland Branch (new)"),
        ("Ben", "Ode", "ben@harbor-dental.example", "Webex Calling", "Salem Office (new)"),
        ("Cy", "Park", "cy@harbor-dental.example", "Webex Meetings", "Salem Office (new)"),
    ]
    for index, (first, last, email, package, location) in enumerate(users):
        if index:
            page.get_by_role("button", name="Add user").click()
        row = page.get_by_test_id("user-row").nth(index)
        row.get_by_label(re.compile("^First name")).fill(first)
        row.get_by_label(re.compile("^Last name")).fill(last)
        row.get_by_label(re.compile("^Email")).fill(email)
        row.get_by_label(re.compile("^Package")).select_option(label=package)
        row.get_by_label(re.compile("^Location")).select_option(label=location)
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_test_id("number-row")).to_have_count(3)
    page.get_by_label("Phone number of ana@harbor-dental.example").fill("+15035550101")
    page.get_by_label("Phone number of ben@harbor-dental.example").fill("+15035550102")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_test_id("review-users")).to_contain_text("cy@harbor-dental.example")
    page.get_by_role("button", name="Create users").click()
    expect(page.get_by_role("alert").first).to_contain_text("Created 2 location(s) and 3 user(s)")
    emails = set(customer.subscribers.values_list("email", flat=True))
    assert {u[2] for u in users} <= emails
    assert customer.locations.filter(name__in=["Portland Branch", "Salem Office"]).count() == 2

    # Tag it, then find it by that tag in the customer list.
    page.get_by_label("New tag").fill("Harbor")
    page.get_by_role("button", name="Save tags").click()
    expect(page.get_by_label("Harbor", exact=True)).to_be_checked()
    page.get_by_role("link", name="Customers", exact=True).first.click()
    page.get_by_label("Tag", exact=True).select_option(label="Harbor")
    expect(page).to_have_url(re.compile(r"tag="))
    expect(page.get_by_test_id("customer-row")).to_have_count(1)
    expect(page.get_by_test_id("customer-row")).to_contain_text("Harbor Dental")

    # Restricted by Partner Mode: on by default, off, then on again; both audited.
    page.get_by_role("link", name="Harbor Dental").click()
    page.get_by_role("link", name="Settings").click()
    # Each change asks first, says what it means and records a reason (issue 16).
    expect(page.get_by_test_id("restricted-state")).to_contain_text("on")
    page.get_by_role("button", name="Turn off Restricted by Partner Mode").click()
    dialog = page.get_by_role("dialog", name="Turn off Restricted by Partner Mode?")
    expect(dialog).to_contain_text("lose control")
    dialog.get_by_label("Reason").fill("Customer manages its own calling")
    dialog.get_by_role("button", name="Turn off").click()
    expect(page.get_by_test_id("restricted-state")).to_contain_text("off")
    page.get_by_role("button", name="Turn on Restricted by Partner Mode").click()
    dialog = page.get_by_role("dialog", name="Turn on Restricted by Partner Mode?")
    dialog.get_by_label("Reason").fill("Back under partner control")
    dialog.get_by_role("button", name="Turn on").click()
    expect(page.get_by_test_id("restricted-state")).to_contain_text("on")
    actions = list(
        AuditEvent.objects.filter(customer=customer, action__startswith="customer.restricted")
        .order_by("occurred_at", "id")
        .values_list("action", flat=True)
    )
    assert actions == ["customer.restricted_mode_off", "customer.restricted_mode_on"]

    # Launch: into the customer's Control Hub, with the acting-on-behalf banner.
    page.get_by_role("button", name="Launch").click()
    expect(page).to_have_url(re.compile(rf"/org/{customer.pk}/$"))
    expect(page.get_by_test_id("on-behalf-banner")).to_contain_text("Acme Telecom")


def test_readonly_admin_sees_pages_without_controls(page: Page, live_server):
    sign_in(page, live_server.url, demo.ACME_READONLY)
    page.goto(partner_url(live_server, "customers/"))
    expect(page.get_by_test_id("customer-row").first).to_be_visible()
    expect(page.get_by_role("link", name="Create customer")).to_have_count(0)
    page.goto(partner_url(live_server, f"customers/{demo.CONTOSO}/settings/"))
    expect(page.get_by_role("switch", name="Restricted by Partner Mode")).to_be_disabled()
    page.goto(partner_url(live_server, "templates/"))
    expect(page.get_by_role("link", name="Create template")).to_have_count(0)
    page.goto(partner_url(live_server, "admins/"))
    expect(page.get_by_test_id("read-only-note")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Remove"))).to_have_count(0)
    page.goto(partner_url(live_server, "tags/"))
    expect(page.get_by_role("button", name="Create tag")).to_have_count(0)


def test_assigned_partner_admin_sees_only_contoso(page: Page, live_server):
    sign_in(page, live_server.url, demo.ACME_SALES)
    page.goto(partner_url(live_server, "customers/"))
    expect(page.get_by_test_id("customer-row")).to_have_count(1)
    expect(page.get_by_test_id("customer-row")).to_contain_text("Contoso Dental")
