"""Real Chromium: partner and customer admins sign in and land on their hub."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests import demo

pytestmark = pytest.mark.usefixtures("live_demo")


def sign_in(page: Page, base_url: str, email: str, password: str = demo.PASSWORD) -> None:
    page.goto(f"{base_url}/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_partner_admin_signs_in_to_partner_hub(page: Page, live_server):
    sign_in(page, live_server.url, demo.ACME_ADMIN)
    expect(page).to_have_url(re.compile(rf"/partner/{demo.ACME}/$"))
    expect(page.get_by_test_id("org-name")).to_have_text("Acme Telecom")
    expect(page.get_by_role("link", name="Partner Hub")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_customer_admin_signs_in_to_control_hub_with_the_restricted_banner(page: Page, live_server):
    sign_in(page, live_server.url, demo.CONTOSO_ADMIN)
    expect(page).to_have_url(re.compile(rf"/org/{demo.CONTOSO}/$"))
    expect(page.get_by_test_id("org-name")).to_have_text("Contoso Dental")
    expect(page.get_by_test_id("restricted-banner")).to_contain_text(
        "Restricted by Partner Mode is enabled"
    )
    # A Partner Hub URL is not found for a customer admin.
    response = page.goto(f"{live_server.url}/partner/{demo.ACME}/")
    assert response.status == 404


def test_wrong_password_shows_an_error_and_keeps_the_email(page: Page, live_server):
    sign_in(page, live_server.url, demo.ACME_ADMIN, password="wrong")
    expect(page.get_by_role("alert")).to_contain_text("do not match")
    expect(page.get_by_label("Email")).to_have_value(demo.ACME_ADMIN)
