"""Real Chromium with axe-core (issue 16): every main page of every role, at 1440 and 390 px,
has zero WCAG 2.1 A/AA violations; so do the sign-in page, a wizard's later step, an open
confirmation and the 403 page. Sign-in works with the keyboard alone.

axe-core is vendored for the tests only (tests/browser/vendor/axe-core-4.14.1, MPL-2.0)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests import demo
from tests.browser.pages import ROLE_PAGES, SIZES
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.usefixtures("live_demo")

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Page) -> list[str]:
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async (tags) => {
          const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
          return result.violations.map(v => `${v.id} (${v.impact}): ` +
            v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
        }""",
        TAGS,
    )
    return violations


@pytest.mark.parametrize("role", sorted(ROLE_PAGES))
def test_every_main_page_has_no_axe_violations_at_1440_and_390(page: Page, live_server, role):
    email, pages = ROLE_PAGES[role]
    sign_in(page, live_server.url, email)
    found = []
    for width, height in SIZES.values():
        page.set_viewport_size({"width": width, "height": height})
        for name, path in pages:
            page.goto(f"{live_server.url}{path}")
            found += [f"{role} {name} {width}px: {v}" for v in axe_violations(page)]
    assert found == []


def test_sign_in_wizard_step_dialog_and_403_have_no_axe_violations(page: Page, live_server):
    found = []
    for width, height in SIZES.values():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/login/")
        found += [f"sign-in {width}: {v}" for v in axe_violations(page)]
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in(page, live_server.url, demo.ACME_ADMIN)
    page.goto(f"{live_server.url}/partner/{demo.ACME}/customers/new/")
    page.get_by_label("Company name").fill("Axe Dental")
    page.get_by_label("Administrator email").fill("admin@axe-dental.example")
    page.get_by_label("Template").select_option(index=1)
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Packages")).to_be_visible()
    page.get_by_role("button", name="Next").click()  # nothing chosen: the errors show
    found += [f"wizard errors: {v}" for v in axe_violations(page)]
    page.goto(f"{live_server.url}/partner/{demo.ACME}/indirect-providers/")
    page.get_by_role("button", name="Suspend Northwind Reseller").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    found += [f"dialog: {v}" for v in axe_violations(page)]
    page.context.clear_cookies()
    sign_in(page, live_server.url, demo.ACME_READONLY)
    page.goto(f"{live_server.url}/partner/{demo.ACME}/api-tokens/")
    found += [f"403: {v}" for v in axe_violations(page)]
    assert found == []


def test_sign_in_with_the_keyboard_alone(page: Page, live_server):
    page.goto(f"{live_server.url}/login/")
    expect(page.get_by_label("Email")).to_be_focused()  # autofocus
    page.keyboard.type(demo.CONTOSO_ADMIN)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(demo.PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/org/{demo.CONTOSO}/$"))
    # Then the skip link and the navigation, by keyboard.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
