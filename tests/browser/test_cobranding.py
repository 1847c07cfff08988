"""Real Chromium: the sign-in page in the partner's look (issue 16, PH-6) by its link, with no
axe violations at 1440 and 390 px, and signing in still works from it."""

import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect

from partnerhub.models import Branding
from partnerhub.services.branding import branding_update
from portal.audit import Actor
from portal.models import Partner
from tests import demo
from tests.browser.pages import SIZES
from tests.browser.test_accessibility import axe_violations

pytestmark = pytest.mark.usefixtures("live_demo")

SHOTS = Path(os.environ.get("SCREENSHOTS_DIR", "test-results/screenshots"))
# A 2x1 purple PNG, made here.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000020000000108020000007b40e8dd0000000d49444154"
    "789c63a8925f04440008540277e2d95bb70000000049454e44ae426082"
)


def test_sign_in_page_in_the_partners_look_has_no_axe_violations(page: Page, live_server):
    acme = Partner.objects.get(pk=demo.ACME)
    Branding.objects.filter(partner=acme).delete()
    branding_update(
        organization=acme,
        actor=Actor(None),
        logos={"logo_light": SimpleUploadedFile("acme.png", PNG)},
        light_primary_color="#7a1fa2",
        dark_primary_color="#c58af9",
    )
    found = []
    for width, height in SIZES.values():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/login/?brand={demo.ACME}")
        expect(
            page.get_by_test_id("signin-brand").get_by_role("img", name="Acme Telecom")
        ).to_be_visible()
        expect(page.get_by_text("Webex services from Acme Telecom")).to_be_visible()
        expect(page.locator(".signin-logo")).to_have_css("height", "48px")
        expect(page.get_by_role("button", name="Sign in")).to_have_css(
            "background-color", "rgb(122, 31, 162)"
        )
        found += [f"sign-in {width}px: {v}" for v in axe_violations(page)]
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"sign-in-cobranded-{width}.png"), full_page=True)
    assert found == []
    page.get_by_label("Email").fill(demo.CONTOSO_ADMIN)
    page.get_by_label("Password").fill(demo.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/org/{demo.CONTOSO}/")
