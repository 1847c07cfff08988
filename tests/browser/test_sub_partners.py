"""Real Chromium through the Indirect providers tab (issue 6 "Done when"): set up a sub-partner,
cross-launch into it, create a template and a customer there, come back; find Tailspin Traders
only by explicit search and cross-launch into its Control Hub."""

import re

import pytest
from playwright.sync_api import Page, expect

from portal.models import AuditEvent, Customer, OnboardingTemplate, Partner
from tests import demo
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.usefixtures("live_demo")


def test_parent_sets_up_cross_launches_and_acts_for_a_sub_partner(page: Page, live_server):
    sign_in(page, live_server.url, demo.ACME_ADMIN)
    page.get_by_role("link", name="Indirect providers").click()
    expect(page.get_by_test_id("sub-partner-row")).to_have_count(3)
    # Set up a new sub-partner.
    page.get_by_role("link", name="Set up indirect provider").click()
    expect(page.get_by_test_id("shared-subscription")).to_have_text("Sub-ACME-0001")
    page.get_by_label("Organization name").fill("Fabrikam Networks")
    page.get_by_label("First administrator's email").fill("first@fabrikam-networks.example")
    page.get_by_label("First name").fill("Fran")
    page.get_by_label("Last name").fill("First")
    page.get_by_role("button", name="Set up").click()
    expect(page.get_by_role("heading", name="Fabrikam Networks is set up")).to_be_visible()
    expect(page.get_by_test_id("set-password-link")).to_have_value(re.compile("/set-password/"))
    sub_partner = Partner.objects.get(name="Fabrikam Networks")
    # Cross-launch into it: the banner says who acts for whom.
    page.get_by_role("button", name="Cross-launch into Fabrikam Networks").click()
    expect(page).to_have_url(re.compile(rf"/partner/{sub_partner.pk}/$"))
    expect(page.get_by_test_id("on-behalf-banner")).to_contain_text(
        "Acting as admin@acme-telecom.example from Acme Telecom"
    )
    expect(page.get_by_role("link", name="Reports", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Invoices", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Indirect providers", exact=True)).to_have_count(0)
    # A template in the sub-partner's hub, with the shared subscription preselected.
    page.get_by_role("link", name="Templates", exact=True).first.click()
    page.get_by_role("link", name="Create template").click()
    page.get_by_label("Template name").fill("Fabrikam Basic")
    expect(page.get_by_label("Wholesale subscription")).to_have_value("Sub-ACME-0001")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Webex authentication").check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_test_id("pstn-warning")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_label("Enable voicemail for new users")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Review")).to_be_visible()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", name="Fabrikam Basic")).to_be_visible()
    assert OnboardingTemplate.objects.get(name="Fabrikam Basic").partner_id == sub_partner.pk
    # A customer for it.
    page.goto(f"{live_server.url}/partner/{sub_partner.pk}/customers/")
    page.get_by_role("link", name="Create customer").click()
    page.get_by_label("Company name").fill("Fabrikam Garden")
    page.get_by_label("Administrator email").fill("owner@fabrikam-garden.example")
    page.get_by_label("Template").select_option(label="Fabrikam Basic")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Webex Calling", exact=True).check()
    page.get_by_label("Webex Calling quantity").fill("5")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Address line 1").fill("1 Garden Way")
    page.get_by_label("City").fill("Portland")
    page.get_by_label("State or province").fill("OR")
    page.get_by_label("Country", exact=True).select_option(label="United States")
    page.get_by_label("I verify that this customer is in a Cisco Webex supported location").check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Review")).to_be_visible()
    page.get_by_role("button", name="Create customer").click()
    expect(page.get_by_role("heading", name="Fabrikam Garden")).to_be_visible()
    assert Customer.objects.get(name="Fabrikam Garden").owner_id == sub_partner.pk
    # Come back to Acme.
    page.get_by_test_id("back-to-parent").click()
    expect(page).to_have_url(re.compile(rf"/partner/{demo.ACME}/indirect-providers/$"))
    expect(page.get_by_test_id("on-behalf-banner")).to_have_count(0)
    expect(page.get_by_test_id("sub-partner-row")).to_have_count(4)
    assert AuditEvent.objects.filter(
        action="sub_partner.cross_launch", partner_id=sub_partner.pk
    ).exists()


def test_parent_finds_a_sub_partner_customer_only_by_explicit_search(page: Page, live_server):
    sign_in(page, live_server.url, demo.ACME_ADMIN)
    page.goto(f"{live_server.url}/partner/{demo.ACME}/customers/")
    page.get_by_label("Search customers").fill("Tailspin")
    expect(page).to_have_url(re.compile(r"q=Tailspin"))
    expect(page.get_by_test_id("customer-row")).to_have_count(0)
    page.get_by_label("Managed by").select_option(
        label="Acme Telecom: include indirect providers' customers"
    )
    expect(page.get_by_test_id("customer-row")).to_have_count(1)
    row = page.get_by_test_id("customer-row")
    expect(row).to_contain_text("Tailspin Traders")
    expect(row).to_contain_text("Northwind Reseller")
    row.get_by_role("button", name="Launch").click()
    expect(page).to_have_url(re.compile(rf"/org/{demo.TAILSPIN}/$"))
    expect(page.get_by_test_id("on-behalf-banner")).to_contain_text("Acme Telecom")
