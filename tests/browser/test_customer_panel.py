"""Real Chromium: the customer side panel on the Customers list (issue 16, PH-3) opens by htmx
without leaving the list, its URL (``?panel=<id>``) opens it again when shared, closing it takes
the panel off the URL, and axe finds nothing at 1440 and 390 px."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests import demo
from tests.browser.pages import SIZES
from tests.browser.test_accessibility import axe_violations
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.usefixtures("live_demo")

SHOTS = Path(os.environ.get("SCREENSHOTS_DIR", "test-results/screenshots"))


def test_side_panel_opens_in_the_list_is_shareable_and_has_no_axe_violations(
    page: Page, live_server
):
    sign_in(page, live_server.url, demo.ACME_ADMIN)
    found = []
    for width, height in SIZES.values():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/partner/{demo.ACME}/customers/?sort=name")
        page.get_by_role("button", name="Show Contoso Dental in the side panel").click()
        panel = page.get_by_test_id("customer-panel")
        expect(panel).to_be_visible()
        expect(panel.get_by_role("heading", name="Contoso Dental")).to_be_visible()
        expect(panel.get_by_test_id("panel-packages")).to_contain_text("assigned")
        expect(panel.get_by_role("button", name="Open Control Hub")).to_be_visible()
        expect(page).to_have_url(re.compile(rf"/customers/\?sort=name&panel={demo.CONTOSO}$"))
        expect(page.get_by_test_id("customer-table")).to_be_attached()  # still on the list
        page.wait_for_timeout(400)  # the slide-in transition
        found += [f"panel {width}px: {v}" for v in axe_violations(page)]
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"partner-admin-customer-panel-{width}.png"))
        # The shared URL opens the panel again; closing it takes the panel off the URL.
        page.reload()
        expect(panel.get_by_role("heading", name="Contoso Dental")).to_be_visible()
        panel.get_by_role("button", name="Close the side panel").click()
        expect(panel).to_be_hidden()
        expect(page).to_have_url(re.compile(r"/customers/\?sort=name$"))
    assert found == []
    # Quick action: the customer's details, from the panel.
    page.goto(f"{live_server.url}/partner/{demo.ACME}/customers/?panel={demo.CONTOSO}")
    page.get_by_test_id("panel-detail").click()
    expect(page).to_have_url(re.compile(rf"/customers/{demo.CONTOSO}/$"))


def test_bulk_tag_with_a_confirmation_and_no_axe_violations(page: Page, live_server):
    from partnerhub.models import CustomerTag

    sign_in(page, live_server.url, demo.ACME_ADMIN)
    found = []
    for width, height in SIZES.values():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/partner/{demo.ACME}/customers/?q=Contoso")
        expect(page.get_by_test_id("bulk-tag-open")).to_be_disabled()
        page.get_by_label("Select Contoso Dental").check()
        page.get_by_label("Select Contoso Pharmaceuticals").check()
        expect(page.get_by_test_id("bulk-count")).to_have_text("2 customers selected")
        page.get_by_label("Tag to add").fill(f"Renewal {width}")
        page.get_by_test_id("bulk-tag-open").click()
        dialog = page.get_by_role("dialog")
        expect(dialog).to_contain_text("Contoso Dental, Contoso Pharmaceuticals")
        expect(dialog).to_contain_text(f"Tag: Renewal {width}")
        page.wait_for_timeout(400)
        found += [f"bulk dialog {width}px: {v}" for v in axe_violations(page)]
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"partner-admin-customer-bulk-{width}.png"))
        dialog.get_by_role("button", name="Add tag").click()
        expect(page.get_by_text(f"Tag “Renewal {width}” added to Contoso Dental")).to_be_visible()
        expect(page).to_have_url(re.compile(r"/customers/\?q=Contoso$"))
        found += [f"bulk result {width}px: {v}" for v in axe_violations(page)]
        assert CustomerTag.objects.filter(tag__name=f"Renewal {width}").count() == 2
    assert found == []
