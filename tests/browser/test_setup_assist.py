"""Issue 20 "Done when", in real Chromium on the demo: the operator prices the Standard Setup
Assist SKU; Acme's admin requests Standard assistance for Contoso's 8-seat headquarters (a
target too close is refused first, with what was typed kept); the operator's Setup Assist team
finishes all eight phases; the CUSTOMER report and the month's invoice show 8 units of the
Standard SKU at the operator's price (PH-11, BL-3, BL-4). Screenshots at 1440 and 390 px."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from billing.usage import last_finished_day, today_utc
from portal.api import ids
from tests import demo
from tests.browser.test_operator_onboarding import shoot
from tests.browser.test_sign_in import sign_in
from wholesale.demo import TEAM_EMAIL
from wholesale.services.setup_assist import PHASES

pytestmark = pytest.mark.usefixtures("live_demo")
PRICE = Decimal("37.50")


@pytest.fixture
def mail(settings, tmp_path, live_server):
    settings.EMAIL_URL = ""
    settings.EMAIL_BACKEND = "portal.accounts.mail.EmlFileBackend"
    settings.MAIL_DIR = tmp_path / "mail"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_URL = live_server.url
    return settings.MAIL_DIR


def test_standard_setup_assist_from_request_to_invoice(page: Page, live_server, browser, mail):
    base = live_server.url
    day = last_finished_day()
    # 1. The operator prices the Standard SKU (per seat).
    sign_in(page, base, demo.OPERATOR)
    page.goto(f"{base}/operator/partners/{demo.ACME}/")
    expect(page.get_by_test_id("setup-assist-entitlement")).to_contain_text("Enabled")
    form = page.get_by_test_id("sku-form")
    form.get_by_label("Package, add-on or service").select_option("setup_assist_standard")
    form.get_by_label("SKU code").fill("A-WHL-WSA-STD")
    form.get_by_label("Description").fill("Wholesale Setup Assist Standard Usage, per seat")
    form.get_by_label("Transfer price").fill(str(PRICE))
    form.get_by_role("button", name="Save SKU").click()
    expect(page.get_by_role("alert").filter(has_text="A-WHL-WSA-STD saved")).to_be_visible()
    shoot(page, "setup-assist-operator-partner")

    # 2. The partner requests Standard assistance for an 8-seat location.
    partner = browser.new_context().new_page()
    sign_in(partner, base, demo.ACME_ADMIN)
    partner.goto(f"{base}/partner/{demo.ACME}/customers/{demo.CONTOSO}/")
    partner.get_by_role("link", name="Setup Assist").click()
    request_form = partner.get_by_test_id("setup-assist-form")
    request_form.get_by_label("Location").select_option(label="Headquarters")
    request_form.get_by_label("Seats").fill("8")
    request_form.get_by_label("Customer contact").fill("Dana Reyes")
    request_form.get_by_label("Contact email").fill("dana@contoso-dental.example")
    too_soon = (today_utc() + timedelta(days=2)).isoformat()
    request_form.get_by_label("Target onboarding completion").fill(too_soon)
    for box in request_form.get_by_role("checkbox").all():
        box.check()
    request_form.get_by_role("button", name="Request Setup Assist").click()
    expect(partner.get_by_test_id("error-target_date")).to_contain_text(
        "no later than 6 business days"
    )
    expect(partner.get_by_label("Seats")).to_have_value("8")
    expect(partner.get_by_label("Customer contact")).to_have_value("Dana Reyes")
    target = (today_utc() + timedelta(days=21)).isoformat()
    partner.get_by_label("Target onboarding completion").fill(target)
    partner.get_by_role("button", name="Request Setup Assist").click()
    expect(partner.get_by_role("alert").filter(has_text="Standard Usage requested")).to_be_visible()
    row = partner.get_by_test_id("setup-assist-request").filter(has_text="Dana Reyes")
    expect(row).to_contain_text("Next: Project Management")
    shoot(partner, "setup-assist-partner-requested")

    # 3. The operator's Setup Assist team finishes all eight phases.
    team = browser.new_context().new_page()
    sign_in(team, base, TEAM_EMAIL)
    team.goto(f"{base}/operator/setup-assist/")
    team.get_by_role("link", name="Contoso Dental · Headquarters").click()
    shoot(team, "setup-assist-team-request")
    for name in PHASES["setup_assist_standard"]:
        expect(team.get_by_role("heading", name=f"Finish {name}")).to_be_visible()
        team.get_by_label("Phase finished on").fill(day.isoformat())
        team.get_by_label("Note").fill(f"{name} with Dana")
        team.get_by_role("button", name="Finish phase").click()
        expect(team.get_by_role("alert").filter(has_text=f"{name} is finished")).to_be_visible()
    expect(team.get_by_test_id("request-status")).to_have_text("Completed")
    assert len(list(mail.glob("*.eml"))) == 8  # one email to the partner per phase change

    partner.reload()
    expect(row.get_by_test_id("setup-assist-status")).to_have_text("Completed")
    expect(row).to_contain_text("Operations handoff")
    shoot(partner, "setup-assist-partner-completed")

    # 4. The CUSTOMER report of the month and its invoice: 8 units at the operator's price.
    month = day.replace(day=1)
    partner.goto(f"{base}/partner/{demo.ACME}/billing/reports/")
    partner.get_by_label("Start date").fill(month.isoformat())
    partner.get_by_label("End date").fill(day.isoformat())
    partner.get_by_label("Report type").select_option("CUSTOMER")
    partner.get_by_role("button", name="Generate report").click()
    report_row = partner.get_by_test_id("report-row").filter(has_text="Customer")
    expect(report_row.get_by_test_id("report-status")).to_have_text("Completed", timeout=30_000)
    with partner.expect_download() as download:
        report_row.first.get_by_role("link", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    standard = [r for r in rows if r["SKU"] == "A-WHL-WSA-STD"]
    assert len(standard) == 1, standard
    assert Decimal(standard[0]["QUANTITY"]) == 8
    assert standard[0]["CONSUMPTION_START_DATE"] == day.isoformat()
    assert standard[0]["LOCATION_ID"] == ids.encode(ids.LOCATION, demo.CONTOSO_HQ)
    assert standard[0]["CUSTOMER_ORG_ID"] == ids.encode(ids.ORGANIZATION, demo.CONTOSO)

    partner.goto(f"{base}/partner/{demo.ACME}/billing/invoices/?month={month:%Y-%m}")
    line = partner.get_by_test_id("invoice-line").filter(has_text="A-WHL-WSA-STD")
    expect(line).to_contain_text("8 units")
    expect(line).to_contain_text(str(PRICE))
    expect(line).to_contain_text(str(PRICE * 8))
    shoot(partner, "setup-assist-invoice")
