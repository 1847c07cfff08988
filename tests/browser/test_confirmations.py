"""Real Chromium (issue 16): actions with consequences ask first, say what will happen, and
record the reason given; the reason shows in the audit log in words."""

import re

import pytest
from playwright.sync_api import Page, expect

from portal.models import Partner, PartnerState
from tests import demo
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.usefixtures("live_demo")


def test_suspending_a_sub_partner_asks_for_a_reason_shown_in_the_audit_log(page: Page, live_server):
    sign_in(page, live_server.url, demo.ACME_ADMIN)
    page.goto(f"{live_server.url}/partner/{demo.ACME}/indirect-providers/")
    page.get_by_role("button", name="Suspend Northwind Reseller").click()
    dialog = page.get_by_role("dialog", name="Suspend Northwind Reseller?")
    expect(dialog).to_contain_text("cannot provision or update")
    # Cancel changes nothing.
    dialog.get_by_role("button", name="Cancel").first.click()
    expect(dialog).to_be_hidden()
    assert Partner.objects.get(pk=demo.NORTHWIND).state == PartnerState.ACTIVE
    # A reason is required before the confirm button does anything.
    page.get_by_role("button", name="Suspend Northwind Reseller").click()
    dialog.get_by_role("button", name="Suspend", exact=True).click()
    expect(dialog).to_be_visible()
    assert Partner.objects.get(pk=demo.NORTHWIND).state == PartnerState.ACTIVE
    dialog.get_by_label("Reason").fill("Invoices unpaid for 90 days")
    dialog.get_by_role("button", name="Suspend", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Northwind Reseller is suspended")
    assert Partner.objects.get(pk=demo.NORTHWIND).state == PartnerState.SUSPENDED

    page.goto(f"{live_server.url}/partner/{demo.ACME}/audit/")
    row = page.get_by_test_id("audit-row").filter(has_text="Sub-partner suspended").first
    expect(row.get_by_test_id("audit-changes")).to_contain_text(
        re.compile(r"Reason:\s+—\s+→\s*changed to\s+Invoices unpaid for 90 days")
    )
    expect(row.get_by_test_id("audit-changes")).to_contain_text(
        re.compile(r"State:\s+Active\s+→\s*changed to\s+Suspended")
    )
