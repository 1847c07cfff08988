"""Real Chromium: a customer's full admin approves a partner's wholesale attach (PV-8)."""

import pytest
from playwright.sync_api import Page, expect

from portal.models import Customer, CustomerStatus
from tests import demo
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.usefixtures("live_demo")


def test_customer_admin_approves_the_attach_in_control_hub(page: Page, live_server):
    sign_in(page, live_server.url, demo.WIDE_WORLD_ADMIN)
    page.goto(f"{live_server.url}/org/{demo.WIDE_WORLD}/")
    notice = page.get_by_test_id("attach-notice")
    expect(notice).to_contain_text("Acme Telecom asks to add Webex for Wholesale")
    notice.get_by_role("link", name="Review request").click()
    expect(page.get_by_test_id("attach-request")).to_contain_text("Webex Meetings")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("alert")).to_contain_text("Approved")
    expect(page.get_by_test_id("attach-notice")).to_have_count(0)
    assert Customer.objects.get(pk=demo.WIDE_WORLD).status == CustomerStatus.PROVISIONED
