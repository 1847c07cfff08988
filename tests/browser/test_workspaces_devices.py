"""Real Chromium: the "Done when" of issue 19 (FEATURES CH-10, CH-12, CH-13).

As admin@fabrikam-law.example: a workspace "Front door" with Common Area Calling and a number, a
Cisco MPP phone by MAC on it, a generic SIP device for a user; a USER report for a later period
has a WORKSPACE_ID row for "Front door" and the three report levels agree. A duplicate MAC, a
malformed MAC and a second package on the workspace each get a clear error and change nothing.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from billing import report_files, usage
from billing.models import BillingReport
from billing.usage import today_utc
from controlhub.models import Device, PackageAssignment, PhoneNumber, Subscriber, Workspace
from portal.api import ids
from portal.models import Partner
from tests import demo
from tests.browser.test_sign_in import sign_in
from tests.controlhub.test_workspaces import build_report

pytestmark = pytest.mark.usefixtures("live_demo")
SHOTS = "test-results/screenshots"


def shoot(page: Page, name: str) -> None:
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})


def test_front_door_with_devices_and_a_reconciled_user_report(page: Page, live_server):
    sign_in(page, live_server.url, demo.FABRIKAM_ADMIN)
    expect(page).to_have_url(re.compile(rf"/org/{demo.FABRIKAM}/$"))

    # A workspace "Front door" with Common Area Calling and a number.
    page.get_by_role("link", name="Workspaces").click()
    expect(page.get_by_test_id("workspace-table")).to_contain_text("Lobby phone")
    shoot(page, "workspaces-list")
    page.get_by_test_id("add-workspace").click()
    page.get_by_label("Workspace name").fill("Front door")
    expect(page.get_by_label("Common Area Calling")).to_be_checked()
    page.get_by_label("Phone number").fill("+1 206 555 0142")
    page.get_by_role("button", name="Add workspace").click()
    expect(page.get_by_role("alert").first).to_contain_text("Added the workspace")
    expect(page.get_by_test_id("workspace-package")).to_have_text("Common Area Calling")
    door = Workspace.objects.get(customer_id=demo.FABRIKAM, name="Front door")
    assert PhoneNumber.objects.get(workspace=door).number == "+12065550142"
    workspace_url = page.url

    # A second package on it: a clear error, nothing changed.
    page.get_by_test_id("workspace-package-form").get_by_label("Webex Calling").check()
    page.get_by_role("button", name="Save package").click()
    expect(page.get_by_test_id("workspace-package-form")).to_contain_text(
        "A workspace holds exactly one package"
    )
    door.refresh_from_db()
    assert door.package == "common_area_calling"
    assert PackageAssignment.objects.filter(workspace=door).count() == 1
    shoot(page, "workspace-detail")

    # A Cisco MPP phone by MAC on it: a malformed MAC, then a duplicate one, then a good one.
    page.goto(workspace_url)
    page.get_by_test_id("owner-devices").get_by_role("link", name="Add device").click()
    form = page.get_by_test_id("device-form")
    expect(page.get_by_label("Assign to")).to_have_value(f"workspace:{door.pk}")
    page.get_by_label("Cisco device by MAC address").check()
    page.get_by_label("Model").select_option("cisco_8851")
    devices_before = Device.objects.count()
    page.get_by_label("MAC address", exact=True).fill("00:1A:2B:3C:4D")
    page.get_by_role("button", name="Add device").click()
    expect(form).to_contain_text("is not a MAC address")
    expect(page.get_by_label("MAC address", exact=True)).to_have_value("00:1A:2B:3C:4D")
    page.get_by_label("MAC address", exact=True).fill(
        "0c:11:67:a1:b2:01"
    )  # Contoso's reception phone
    page.get_by_role("button", name="Add device").click()
    expect(form).to_contain_text("already registered to a device")
    assert Device.objects.count() == devices_before
    shoot(page, "device-add-error")
    page.get_by_label("MAC address", exact=True).fill("00:1a:2b:3c:4d:5e")
    page.get_by_role("button", name="Add device").click()
    expect(page.get_by_test_id("device-mac")).to_have_text("00:1A:2B:3C:4D:5E")
    phone = Device.objects.get(mac="001A2B3C4D5E")
    assert (phone.workspace, phone.model, phone.status) == (door, "cisco_8851", "activating")

    # A generic SIP device for a user: credentials shown once, with the configuration file.
    page.get_by_role("link", name="Devices").first.click()
    page.get_by_test_id("add-device").click()
    page.get_by_label("Customer-managed generic SIP device").check()
    chloe = Subscriber.objects.for_org(door.customer).current().get(first_name="Chloe")
    page.get_by_label("Assign to").select_option(f"user:{chloe.pk}")
    page.get_by_label("Name (optional)").fill("Chloe's SIP phone")
    page.get_by_role("button", name="Add device").click()
    credentials = page.get_by_test_id("sip-credentials")
    expect(credentials).to_contain_text("shown once")
    password = page.get_by_test_id("sip-password").inner_text()
    assert len(password) == 24
    with page.expect_download() as download:
        page.get_by_test_id("download-config").click()
    assert f"password = {password}" in download.value.path().read_text()
    shoot(page, "device-sip-credentials")
    page.reload()
    expect(page.get_by_test_id("sip-credentials")).to_have_count(0)
    sip = Device.objects.get(display_name="Chloe's SIP phone")
    assert sip.subscriber.first_name == "Chloe" and sip.management == "customer"

    page.get_by_role("link", name="Devices").first.click()
    page.get_by_label("Managed by").select_option("customer")
    expect(page.get_by_test_id("device-table")).to_contain_text("Chloe's SIP phone")
    expect(page.get_by_test_id("device-table")).not_to_contain_text("00:1A:2B:3C:4D:5E")
    shoot(page, "devices-list")
    page.get_by_role("link", name="Meetings").click()
    expect(page.get_by_test_id("site-url")).to_have_text("fabrikam-law.webex.com")
    shoot(page, "services-meetings")

    # A USER report for a later period: the workspace has been billed for the three days since
    # (the assignment is moved back in time as the days passing would have done).
    three_days_ago = door.package_assignments.get().started_at - timedelta(days=3)
    PackageAssignment.objects.filter(workspace=door).update(started_at=three_days_ago)
    acme = Partner.objects.get(pk=demo.ACME)
    end = today_utc() - timedelta(days=1)
    start = end - timedelta(days=1)
    usage.redo(start, end)  # the demo rolled these days up before the history was moved

    def report(kind):
        content, _, errors = build_report(
            BillingReport(partner=acme, type=kind, billing_start_date=start, billing_end_date=end)
        )
        assert not errors
        return content

    user, customer, partner = (report(kind) for kind in ("USER", "CUSTOMER", "PARTNER"))
    door_id = ids.encode(ids.WORKSPACE, door.pk)
    (door_row,) = [r for r in report_files.parse(user) if r["WORKSPACE_ID"] == door_id]
    assert door_row["SUBSCRIBER_ID"] == door_row["USER_ID"] == ""
    assert door_row["SERVICE_NAME"] == "COMMON_AREA_CALLING"
    assert Decimal(door_row["QUANTITY"]) == 2
    assert report_files.total_by_sku(user) == report_files.total_by_sku(customer)
    assert report_files.total_by_sku(customer) == report_files.total_by_sku(partner)
