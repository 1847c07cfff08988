"""Real Chromium (issue 16): wizards that behave. Each step has its own URL, so the browser's
Back and a refresh keep the step and what was typed; Enter in a field means Next (never Back or
Add); the new step's heading takes the focus and the change is announced; errors show only
after a submit they stopped and go away as the field is fixed; a duplicate administrator email
is refused at step 1; country is a searchable select of names."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests import demo
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.usefixtures("live_demo")


def open_create_customer(page: Page, live_server) -> None:
    sign_in(page, live_server.url, demo.ACME_ADMIN)
    page.goto(f"{live_server.url}/partner/{demo.ACME}/customers/new/")
    expect(page.get_by_role("heading", name="Customer information")).to_be_visible()


def focused_text(page: Page) -> str:
    return page.evaluate("() => document.activeElement.textContent.trim()")


def test_create_customer_enter_focus_step_urls_back_and_refresh(page: Page, live_server):
    open_create_customer(page, live_server)
    # The first step opens without errors; Enter with nothing typed shows them…
    expect(page.locator(".invalid-feedback")).to_have_count(0)
    page.get_by_label("Company name").press("Enter")
    expect(page.get_by_role("heading", name="Customer information")).to_be_visible()
    name_error = page.locator(".mb-3", has=page.get_by_label("Company name")).locator(
        ".invalid-feedback"
    )
    expect(name_error).to_have_text("This field is required.")
    # …and fixing the field clears its error.
    page.get_by_label("Company name").fill("Harbor Dental")
    expect(name_error).to_have_count(0)

    # A duplicate administrator email is refused at step 1, not at the end.
    page.get_by_label("Administrator email").fill(demo.CONTOSO_ADMIN)
    page.get_by_label("Template").select_option(index=1)
    page.get_by_label("External ID").press("Enter")
    expect(page.get_by_role("heading", name="Customer information")).to_be_visible()
    expect(page.get_by_test_id("field-error")).to_contain_text("already")

    # Enter means Next: step 2 has its own URL, its heading has the focus, it is announced,
    # and it opens without "required" errors.
    page.get_by_label("Administrator email").fill("admin@harbor-dental.example")
    page.get_by_label("External ID").press("Enter")
    expect(page.get_by_role("heading", name="Packages")).to_be_focused()
    expect(page).to_have_url(re.compile(r"/customers/new/\?step=2$"))
    expect(page.get_by_test_id("wizard-announce")).to_have_text("Step 2 of 4: Packages")
    expect(page.locator(".invalid-feedback")).to_have_count(0)

    # From step 2 on, Enter still means Next (Back is not the first submit button).
    page.get_by_label("Webex Calling", exact=True).check()
    page.get_by_label("Webex Calling quantity").fill("10")
    page.get_by_label("Webex Calling quantity").press("Enter")
    expect(page.get_by_role("heading", name="Headquarters location")).to_be_focused()
    expect(page).to_have_url(re.compile(r"\?step=3$"))
    expect(page.get_by_test_id("wizard-announce")).to_have_text(
        "Step 3 of 4: Headquarters location"
    )
    expect(page.locator(".invalid-feedback")).to_have_count(0)
    page.get_by_label("Address line 1").fill("1 Harbor Road")
    page.get_by_label("Find a country").fill("ital")
    expect(page.get_by_label("Country", exact=True)).to_have_value("IT")
    page.get_by_label("Country", exact=True).select_option(label="United States")

    # The browser's Back returns to step 2 with its data; a refresh keeps the step.
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?step=2$"))
    expect(page.get_by_role("heading", name="Packages")).to_be_visible()
    expect(page.get_by_label("Webex Calling", exact=True)).to_be_checked()
    expect(page.get_by_label("Webex Calling quantity")).to_have_value("10")
    page.reload()
    expect(page.get_by_role("heading", name="Packages")).to_be_visible()
    expect(page.get_by_label("Webex Calling quantity")).to_have_value("10")
    expect(page.get_by_role("heading", name="Packages")).to_be_focused()

    # The wizard's Back button returns to step 1 with what was typed.
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_role("heading", name="Customer information")).to_be_focused()
    expect(page.get_by_label("Company name")).to_have_value("Harbor Dental")
    expect(page).to_have_url(re.compile(r"\?step=1$"))


def test_template_wizard_enter_advances_every_step(page: Page, live_server):
    sign_in(page, live_server.url, demo.ACME_ADMIN)
    page.goto(f"{live_server.url}/partner/{demo.ACME}/templates/new/")
    page.get_by_label("Template name").fill("Enter Calling")
    page.get_by_label("Template name").press("Enter")
    expect(page.get_by_role("heading", name="Authentication method")).to_be_focused()
    page.get_by_label("Webex authentication").check()
    page.get_by_label("Webex authentication").press("Enter")
    expect(page.get_by_role("heading", name="Wholesale calling")).to_be_focused()
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_role("heading", name="Authentication method")).to_be_focused()
    expect(page.get_by_label("Webex authentication")).to_be_checked()


def test_set_up_customer_enter_is_next_not_add_location(page: Page, live_server):
    sign_in(page, live_server.url, demo.ACME_ADMIN)
    page.goto(f"{live_server.url}/partner/{demo.ACME}/customers/{demo.CONTOSO}/setup/")
    expect(page.get_by_role("heading", name="Add and confirm locations")).to_be_visible()
    page.get_by_label("Location name").press("Enter")
    expect(page.get_by_role("heading", name="Add users")).to_be_focused()
    expect(page.get_by_test_id("location-row")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/setup/\?step=2$"))
    # Nothing typed yet: no errors on arrival, and never Django's "Please submit at least 1 form."
    expect(page.get_by_text("Please submit")).to_have_count(0)
