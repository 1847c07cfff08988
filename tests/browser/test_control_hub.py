"""Real Chromium through Control Hub: the "Done when" of issue 5 (FEATURES CH-1 … CH-8, CH-11)."""

import re

import pytest
from playwright.sync_api import Page, expect

from controlhub.models import PhoneNumber, Subscriber
from portal.models import AuditEvent
from tests import demo
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.usefixtures("live_demo")


def org(live_server, customer, path=""):
    return f"{live_server.url}/org/{customer}/{path}"


def forged_post(page: Page, url: str, fields: dict) -> int:
    """POST from inside the signed-in page, with its CSRF token, as a hand-made request would."""
    return page.evaluate(
        """async ([url, fields]) => {
            const token = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
            const body = new FormData();
            for (const [k, v] of Object.entries(fields)) body.append(k, v);
            const r = await fetch(url, {method: "POST", body, headers: {"X-CSRFToken": token}});
            return r.status;
        }""",
        [url, fields],
    )


def test_restricted_customer_admin(page: Page, live_server):
    sign_in(page, live_server.url, demo.CONTOSO_ADMIN)
    expect(page.get_by_test_id("restricted-banner")).to_be_visible()
    page.get_by_role("link", name="Users", exact=True).click()
    expect(page).to_have_url(re.compile(r"/users/$"))

    manage = page.get_by_test_id("manage-users")
    expect(manage.get_by_role("button", name="Manage users")).to_be_disabled()
    expect(manage).to_have_attribute("aria-describedby", "manage-users-reason")
    expect(page.locator("#manage-users-reason")).to_contain_text("Restricted by Partner Mode")
    manage.focus()  # the reason shows on keyboard focus too
    expect(page.get_by_role("tooltip")).to_contain_text("Restricted by Partner Mode")

    page.get_by_role("link", name="Account").click()
    company = page.get_by_label("Company name")
    expect(company).to_be_disabled()
    expect(page.get_by_test_id("company-locked")).to_contain_text("Restricted by Partner Mode")

    page.get_by_role("link", name="Users", exact=True).click()
    page.get_by_label("Search").fill("chloe")
    page.get_by_role("link", name="Chloe Chen").click()
    page.get_by_label("First name").fill("Chloé")
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_role("alert").first).to_contain_text("Saved the user's details")
    expect(page.get_by_test_id("user-name")).to_have_text("Chloé Chen")

    status = forged_post(
        page,
        org(live_server, demo.CONTOSO, "users/add/"),
        {
            "users-TOTAL_FORMS": "1",
            "users-INITIAL_FORMS": "0",
            "users-0-email": "forged@contoso-dental.example",
            "users-0-package": "webex_meetings",
        },
    )
    assert status == 403
    assert not Subscriber.objects.filter(email="forged@contoso-dental.example").exists()
    page.goto(org(live_server, demo.CONTOSO, "users/?q=forged"))
    expect(page.get_by_test_id("user-table")).to_contain_text("No users match")


def test_unrestricted_customer_admin_adds_users_and_changes_a_package(page: Page, live_server):
    sign_in(page, live_server.url, demo.FABRIKAM_ADMIN)
    expect(page.get_by_test_id("restricted-banner")).to_have_count(0)
    page.get_by_role("link", name="Users", exact=True).click()

    # Manually Add Users: three at once.
    page.get_by_role("button", name="Manage users").click()
    page.get_by_role("link", name="Manually Add Users").click()
    people = [
        ("Nia", "nia@fabrikam-law.example", "webex_meetings", ""),
        ("Omar", "omar@fabrikam-law.example", "webex_calling", "3201"),
        ("Pia", "pia@fabrikam-law.example", "webex_suite", "3202"),
    ]
    for i, (first, email, package, extension) in enumerate(people):
        page.locator(f"#id_users-{i}-first_name").fill(first)
        page.locator(f"#id_users-{i}-email").fill(email)
        page.locator(f"#id_users-{i}-package").select_option(package)
        page.locator(f"#id_users-{i}-extension").fill(extension)
    page.get_by_role("button", name="Add users").click()
    expect(page.get_by_role("alert").first).to_contain_text("Added 3 users")
    assert Subscriber.objects.filter(email__in=[p[1] for p in people]).count() == 3

    # CSV: six rows, one bad; the five good ones are applied.
    page.get_by_role("button", name="Manage users").click()
    page.get_by_role("link", name="CSV Add or Modify Users").click()
    csv = (
        "First Name,Last Name,Display Name,User ID/Email (Required),Package,Phone Number,"
        "Extension,Location\n"
        + "".join(f"Csv{i},User,,csv{i}@fabrikam-law.example,webex_meetings,,,\n" for i in range(5))
        + "Bad,Row,,not-an-email,webex_meetings,,,\n"
    )
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "users.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_test_id("csv-summary")).to_contain_text("1 with errors")
    expect(page.get_by_test_id("csv-rows")).to_contain_text("is not an email address")
    page.get_by_role("button", name="Apply 5 rows").click()
    expect(page.get_by_test_id("csv-summary")).to_contain_text("5 rows applied")
    assert Subscriber.objects.filter(email__startswith="csv").count() == 5

    # Change a user to Webex Calling with a number.
    page.goto(org(live_server, demo.FABRIKAM, "users/?q=nia"))
    page.get_by_role("link", name="Nia").click()
    page.get_by_test_id("change-package").click()
    page.get_by_label("Webex Calling", exact=True).check()
    page.get_by_role("button", name="Change").click()
    expect(page.locator("#calling-number")).to_contain_text("needs the calling number information")
    free = PhoneNumber.objects.filter(customer_id=demo.FABRIKAM, subscriber=None).first()
    page.get_by_label("Phone number").select_option(str(free.pk))
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_test_id("user-package")).to_have_text("Webex Calling")
    nia = Subscriber.objects.get(email="nia@fabrikam-law.example")
    assert nia.package == "webex_calling" and nia.phone_number.number == free.number


def test_partner_admin_adds_users_despite_the_mode(page: Page, live_server):
    sign_in(page, live_server.url, demo.ACME_ADMIN)
    page.goto(org(live_server, demo.CONTOSO))  # where "Launch" in Partner Hub lands
    expect(page.get_by_test_id("on-behalf-banner")).to_contain_text("Acme Telecom")
    expect(page.get_by_test_id("restricted-banner")).to_have_count(0)
    page.get_by_role("link", name="Users", exact=True).click()
    page.get_by_role("button", name="Manage users").click()
    page.get_by_role("link", name="Manually Add Users").click()
    page.locator("#id_users-0-first_name").fill("Quinn")
    page.locator("#id_users-0-email").fill("quinn.new@contoso-dental.example")
    page.locator("#id_users-0-package").select_option("webex_meetings")
    page.get_by_role("button", name="Add users").click()
    expect(page.get_by_role("alert").first).to_contain_text("Added 1 user")
    assert Subscriber.objects.filter(email="quinn.new@contoso-dental.example").exists()

    page.get_by_role("link", name="Audit log").click()
    page.get_by_label("Action").select_option("subscriber.create")
    row = page.locator("tr", has_text="quinn.new@contoso-dental.example").first
    expect(row).to_contain_text(demo.ACME_ADMIN)
    expect(row).to_contain_text("Acme Telecom")
    event = AuditEvent.objects.filter(action="subscriber.create", customer_id=demo.CONTOSO).first()
    assert event.on_behalf_of_id == demo.ACME and event.actor_email == demo.ACME_ADMIN
