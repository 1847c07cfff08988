"""Real Chromium: a partner admin creates a billing report in Partner Hub and sees it complete."""

import re

import pytest
from playwright.sync_api import Page, expect

from billing.demo import previous_month
from billing.usage import today_utc
from tests import demo
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.usefixtures("live_demo")


def test_partner_admin_creates_a_report_and_sees_it_complete(page: Page, live_server):
    sign_in(page, live_server.url, demo.ACME_ADMIN)
    page.get_by_role("link", name="Reports").click()
    expect(page).to_have_url(re.compile(rf"/partner/{demo.ACME}/billing/reports/$"))
    expect(page.get_by_role("heading", name="Billing reconciliation reports")).to_be_visible()

    # Today is refused, next to the field, and what was entered stays.
    today = today_utc().isoformat()
    page.get_by_label("Start date").fill(today)
    page.get_by_label("End date").fill(today)
    page.get_by_role("button", name="Generate report").click()
    expect(page.get_by_test_id("error-billing_start_date")).to_contain_text("before today")
    expect(page.get_by_label("Start date")).to_have_value(today)

    start, end = previous_month(today_utc())
    page.get_by_label("Start date").fill(start.isoformat())
    page.get_by_label("End date").fill(end.isoformat())
    page.get_by_label("Report type").select_option("USER")
    page.get_by_role("button", name="Generate report").click()

    expect(page.get_by_role("alert")).to_contain_text("is being generated")
    row = page.get_by_test_id("report-row").filter(has_text="User")
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("report-status")).to_have_text("Completed", timeout=15_000)
    with page.expect_download() as download_info:
        row.get_by_role("link", name="Download CSV").click()
    header = download_info.value.path().read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith("SUBSCRIBER_ID,USER_ID,WORKSPACE_ID,LOCATION_ID")
