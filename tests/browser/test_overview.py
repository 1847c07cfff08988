"""Real Chromium through the Partner Hub Overview (issue 18 "Done when"): the five KPIs with
non-zero values, each chart drawn, the Meetings/Calling toggle switching every section, a KPI
click landing on the matching filtered list; the Control Hub overview. Screenshots at 1440 and
390 px."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests import demo
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.usefixtures("live_demo")
SHOTS = "test-results/screenshots"
KPIS = ("customers", "expiring", "renewing", "low_assignment", "over_limit")
SECTIONS = ("trend", "recent", "expiring", "renewing", "low", "over")


def test_overview_kpis_charts_toggle_and_kpi_links(page: Page, live_server):
    sign_in(page, live_server.url, demo.ACME_ADMIN)
    expect(page).to_have_url(re.compile(rf"/partner/{demo.ACME}/$"))
    for key in KPIS:
        value = page.get_by_test_id(f"kpi-{key}-value")
        expect(value).to_have_text(re.compile(r"^[1-9]\d*$"))
    expect(page.locator("#chart-trend[data-drawn=true]")).to_have_count(1)
    expect(page.locator("#chart-calling[data-drawn=true]")).to_have_count(1)
    expect(page.locator("#table-trend tbody tr")).to_have_count(12)
    for key in SECTIONS:
        expect(page.get_by_test_id(f"section-{key}")).to_contain_text(
            "Calling" if key != "recent" else ""
        )
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/partner-overview-calling-{width}.png", full_page=True)
        page.screenshot(path=f"{SHOTS}/partner-overview-calling-{width}-top.png")
    page.set_viewport_size({"width": 1440, "height": 900})

    page.get_by_test_id("toggle-meetings").click()
    expect(page).to_have_url(re.compile(r"product=meetings"))
    for key in SECTIONS:
        expect(page.get_by_test_id(f"section-{key}")).to_contain_text("Meetings")
    expect(page.get_by_test_id("section-calling")).to_have_count(0)
    expect(page.locator("#chart-trend[data-drawn=true]")).to_have_count(1)
    page.screenshot(path=f"{SHOTS}/partner-overview-meetings-1440.png", full_page=True)

    count = page.get_by_test_id("kpi-over_limit-value").inner_text()
    page.get_by_test_id("kpi-over_limit").click()
    expect(page).to_have_url(re.compile(r"/customers/\?kpi=over_limit"))
    expect(page.locator("table tbody tr")).to_have_count(int(count))
    expect(page.get_by_label("Overview KPI")).to_have_value("over_limit")


def test_control_hub_overview(page: Page, live_server):
    sign_in(page, live_server.url, demo.CONTOSO_ADMIN)
    page.goto(f"{live_server.url}/org/{demo.CONTOSO}/")
    expect(page.get_by_test_id("org-licenses")).to_contain_text("Webex Calling")
    expect(page.get_by_test_id("org-users-by-status")).to_contain_text("Provisioned")
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/control-hub-overview-{width}.png", full_page=True)
