"""Issue 13 "Done when", in real Chromium from an empty database (no demo data): createoperator
→ the operator signs in → creates partner Verdant Telecom with subscription Sub-VERDANT-1 and
prices for two packages → the partner admin's invitation is in the mailbox (MAIL_DIR) → the
admin signs in, makes a template, provisions a customer through the API → a USER report and the
month's invoice show the customer's usage at those prices."""

import email
import email.policy
import io
import json
import re
from datetime import UTC, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from billing.usage import last_finished_day
from controlhub.models import PackageAssignment
from portal.models import Customer, Partner

SHOTS = "test-results/screenshots"
PASSWORD = "a-Long-pass-phrase-42"
CALLING_PRICE = Decimal("31.00")


def shoot(page: Page, name: str) -> None:
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})


def link_to(mail_dir, to: str) -> str:
    for path in sorted(mail_dir.glob("*.eml"), reverse=True):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == to:
            text = message.get_body(preferencelist=("plain",)).get_content()
            return re.search(r"http\S+/set-password/\S+/", text).group(0)
    raise AssertionError(f"no email to {to} in {mail_dir}")


def choose_password(page: Page, link: str, user: str) -> None:
    page.goto(link)
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password again").fill(PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("alert").filter(has_text="Your password is set")).to_be_visible()
    page.get_by_label("Email").fill(user)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def empty_portal(transactional_db, settings, tmp_path, live_server):
    call_command("flush", interactive=False, verbosity=0)  # no demo data: migrate only
    settings.EMAIL_URL = ""
    settings.EMAIL_BACKEND = "portal.accounts.mail.EmlFileBackend"
    settings.MAIL_DIR = tmp_path / "mail"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_URL = live_server.url
    return settings.MAIL_DIR


def test_from_an_empty_database_to_an_invoice(page: Page, live_server, empty_portal, browser):
    mail_dir = empty_portal
    day = last_finished_day()
    month = day.replace(day=1)
    # 1. The first operator, from the command line.
    out = io.StringIO()
    call_command("createoperator", "ops@operator.example", stdout=out)
    assert str(mail_dir) in out.getvalue()
    choose_password(page, link_to(mail_dir, "ops@operator.example"), "ops@operator.example")
    expect(page.get_by_role("heading", name="Partners")).to_be_visible()

    # 2. The partner, its first administrator, its subscription and two prices.
    page.get_by_test_id("partner-create").click()
    page.get_by_label("Organization name").fill("Verdant Telecom")
    page.get_by_label("Country").select_option("GB")
    page.get_by_label("Email").fill("admin@verdant.example")
    page.get_by_label("First name").fill("Vera")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("alert").filter(has_text="is invited")).to_be_visible()
    form = page.get_by_test_id("subscription-form")
    form.get_by_label("Subscription ID").fill("Sub-VERDANT-1")
    form.get_by_label("Billing start").fill(month.isoformat())
    form.get_by_label("Currency").fill("XYZ")  # wrong first: kept and explained
    form.get_by_role("button", name="Create subscription").click()
    expect(page.get_by_test_id("field-error")).to_contain_text("Unknown currency: XYZ")
    expect(form.get_by_label("Subscription ID")).to_have_value("Sub-VERDANT-1")
    form.get_by_label("Currency").fill("GBP")
    form.get_by_role("button", name="Create subscription").click()
    expect(page.get_by_test_id("subscription")).to_contain_text("Sub-VERDANT-1")
    for package, code, price in (
        ("webex_calling", "VT-CALL", str(CALLING_PRICE)),
        ("webex_meetings", "VT-MEET", "7.50"),
    ):
        sku = page.get_by_test_id("sku-form")
        sku.get_by_label("Package, add-on or service").select_option(package)
        sku.get_by_label("SKU code").fill(code)
        sku.get_by_label("Description").fill(f"{code} per user per month")
        sku.get_by_label("Transfer price").fill(price)
        sku.get_by_role("button", name="Save SKU").click()
        expect(page.get_by_test_id("skus")).to_contain_text(code)
    shoot(page, "operator-partner")
    page.get_by_test_id("console-nav").get_by_role("link", name="Partners").click()
    expect(page.get_by_test_id("partner-row")).to_contain_text("Sub-VERDANT-1")
    shoot(page, "operator-partners")

    # 3. The partner admin's invitation is in the mailbox; they sign in and make a template.
    admin = browser.new_context().new_page()
    choose_password(admin, link_to(mail_dir, "admin@verdant.example"), "admin@verdant.example")
    verdant = Partner.objects.get(name="Verdant Telecom")
    expect(admin).to_have_url(re.compile(rf"/partner/{verdant.pk}/$"))
    admin.goto(f"{live_server.url}/partner/{verdant.pk}/templates/")
    admin.get_by_role("link", name="Create template").click()
    admin.get_by_label("Template name").fill("Verdant Calling")
    admin.get_by_label("Wholesale subscription").select_option("Sub-VERDANT-1")
    admin.get_by_role("button", name="Next").click()
    admin.get_by_label("Webex authentication").check()
    admin.get_by_role("button", name="Next").click()
    expect(admin.get_by_role("heading", name="Wholesale calling")).to_be_visible()
    admin.get_by_role("button", name="Next").click()
    expect(
        admin.get_by_label("Allow admin-invite emails when attaching to existing orgs")
    ).to_be_visible()
    admin.get_by_role("button", name="Next").click()
    expect(admin.get_by_role("heading", name="Review")).to_be_visible()
    admin.get_by_role("button", name="Submit").click()
    expect(admin.get_by_role("heading", name="Verdant Calling")).to_be_visible()
    provisioning_id = verdant.templates.get().provisioning_id

    # 4. A customer through the API, with a token issued by the command line.
    token_out = io.StringIO()
    call_command(
        "create_api_token",
        "admin@verdant.example",
        partner="Verdant Telecom",
        scope=["all"],
        stdout=token_out,
        stderr=io.StringIO(),
    )
    token = token_out.getvalue().strip()
    body = {
        "provisioningId": provisioning_id,
        "packages": ["webex_calling"],
        "externalId": "VT-0001",
        "address": {
            "addressLine1": "1 Fern Lane",
            "city": "Bristol",
            "zipOrPostalCode": "BS1 1AA",
            "country": "GB",
        },
        "customerInfo": {"name": "Moss & Fern", "primaryEmail": "owner@mossfern.example"},
        "provisioningParameters": {
            "calling": {
                "location": {
                    "name": "Head office",
                    "timezone": "Europe/London",
                    "language": "en_GB",
                    "address": {
                        "addressLine1": "1 Fern Lane",
                        "city": "Bristol",
                        "zipOrPostalCode": "BS1 1AA",
                        "country": "GB",
                    },
                }
            }
        },
    }
    answer = admin.request.post(
        f"{live_server.url}/v1/wholesale/customers",
        data=json.dumps(body),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert answer.status == 202, answer.text()
    refused = admin.request.post(
        f"{live_server.url}/v1/wholesale/customers",
        data=json.dumps({**body, "packages": ["webex_suite"], "externalId": "VT-2"}),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert refused.status == 403 and refused.json()["errors"][0]["errorCode"] == 4006
    customer = Customer.objects.get(name="Moss & Fern")
    expect_status = customer.status
    assert expect_status == "provisioned", customer.errors
    # Time passing: the first administrator's Webex Calling has been in use since the start of
    # the last finished day (the usage a day of the real schedule would have recorded).
    PackageAssignment.objects.filter(customer=customer).update(
        started_at=datetime.combine(day, time(0), tzinfo=UTC)
    )

    # 5. A USER report of that day and the month's invoice, at the operator's prices.
    admin.goto(f"{live_server.url}/partner/{verdant.pk}/billing/reports/")
    admin.get_by_label("Start date").fill(day.isoformat())
    admin.get_by_label("End date").fill(day.isoformat())
    admin.get_by_label("Report type").select_option("USER")
    admin.get_by_role("button", name="Generate report").click()
    row = admin.get_by_test_id("report-row").filter(has_text="User")
    expect(row.get_by_test_id("report-status")).to_have_text("Completed", timeout=15_000)
    with admin.expect_download() as download:
        row.get_by_role("link", name="Download CSV").click()
    report = download.value.path().read_text(encoding="utf-8")
    [line] = report.splitlines()[1:]
    assert line.startswith("Verdant Telecom,") and ",Sub-VERDANT-1,WEBEX_CALLING,VT-CALL," in line
    assert f",{day.isoformat()},{day.isoformat()},1," in line and ",VT-0001," in line
    admin.goto(f"{live_server.url}/partner/{verdant.pk}/billing/invoices/?month={month:%Y-%m}")
    days = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - month
    amount = (CALLING_PRICE / days.days).quantize(Decimal("0.01"), ROUND_HALF_UP)
    table = admin.locator("table").first
    expect(table).to_contain_text("VT-CALL")
    expect(table).to_contain_text(str(CALLING_PRICE))
    expect(table).to_contain_text(str(amount))
    shoot(admin, "operator-invoice")


def test_operator_previews_a_dpl_upload_and_a_partner_suspends_a_customer(
    page: Page, live_server, live_demo, settings, tmp_path, browser
):
    from portal.demo import demo_id
    from tests import demo
    from tests.browser.test_sign_in import sign_in
    from tests.screening.test_services import DPL

    settings.MEDIA_ROOT = tmp_path / "media"
    sign_in(page, live_server.url, demo.OPERATOR)
    page.get_by_test_id("console-nav").get_by_role("link", name="Compliance").click()
    dpl = tmp_path / "dpl.txt"
    dpl.write_text(DPL)
    page.get_by_label("Denied Persons List file").set_input_files(str(dpl))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_test_id("dpl-preview")).to_contain_text("GRIMSBY FREIGHT FORWARDERS")
    shoot(page, "operator-compliance")
    page.get_by_test_id("dpl-confirm").click()
    expect(page.get_by_test_id("dpl-count")).to_have_text("3")

    admin = browser.new_context().new_page()
    sign_in(admin, live_server.url, demo.ACME_ADMIN)
    adatum = demo_id("customer", "Adatum Clinics")
    admin.goto(f"{live_server.url}/partner/{demo.ACME}/customers/{adatum}/subscriptions/")
    admin.get_by_test_id("customer-suspend").click()
    expect(admin.get_by_test_id("customer-suspended")).to_contain_text("is suspended by Acme")
    shoot(admin, "customer-subscriptions-tab")
    admin.goto(f"{live_server.url}/org/{adatum}/")
    expect(admin.get_by_test_id("customer-suspended-banner")).to_be_visible()
