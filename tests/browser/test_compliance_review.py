"""Real Chromium: a compliance reviewer approves a screened customer and provisioning resumes."""

import pytest
from playwright.sync_api import Page, expect

from portal.models import Customer, CustomerStatus
from tests import demo
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.usefixtures("live_demo")


def test_reviewer_approves_and_the_customer_is_provisioned(page: Page, live_server):
    sign_in(page, live_server.url, demo.COMPLIANCE)
    expect(page.get_by_role("heading", name="Restricted and Denied Persons review")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Darkwater Exports")
    expect(row).to_contain_text("Darkwater Export Syndicate")
    expect(row.get_by_test_id("score")).to_have_text("100.0")
    row.get_by_role("button", name="Approve").click()
    dialog = page.get_by_role("dialog", name="Approve Darkwater Exports?")
    expect(dialog).to_contain_text("provisioning resumes")
    dialog.get_by_label("Reason").fill("Different company, different address")
    dialog.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("alert")).to_contain_text("Darkwater Exports is approved")
    expect(page.get_by_test_id("empty-queue")).to_be_visible()
    customer = Customer.objects.get(name="Darkwater Exports")
    assert customer.status == CustomerStatus.PROVISIONED
