"""Real Chromium through the account flows (issue 12 "Done when"): an invitation from Admins
read back from the .eml mailbox, a forgotten password reset by its emailed link, and
enrolling an authenticator app."""

import email
import email.policy
import re
import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests import demo
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.usefixtures("live_demo")

NEW_PASSWORD = "Tangerine-Harbour-73"
SHOTS = "test-results/screenshots"


@pytest.fixture
def mailbox(settings, tmp_path, live_server):
    settings.EMAIL_BACKEND = "portal.accounts.mail.EmlFileBackend"
    settings.MAIL_DIR = tmp_path / "mail"
    settings.PORTAL_URL = live_server.url
    return settings.MAIL_DIR


def last_link(mail_dir, to: str, pattern: str) -> str:
    for _ in range(50):
        messages = [
            email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
            for p in sorted(mail_dir.glob("*.eml"))
        ]
        mine = [m for m in messages if m["To"] == to]
        if mine:
            text = mine[-1].get_body(preferencelist=("plain",)).get_content()
            return re.search(pattern, text).group(0)
        time.sleep(0.1)
    raise AssertionError(f"no email to {to} in {mail_dir}")


def shoot(page: Page, name: str) -> None:
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})


def test_invite_a_partner_admin_who_chooses_a_password_and_signs_in(
    page: Page, live_server, mailbox, browser
):
    sign_in(page, live_server.url, demo.ACME_ADMIN)
    page.get_by_role("link", name="Admins").click()
    form = page.get_by_test_id("admin-invite-form")
    form.get_by_label("Email").fill("new.admin@acme-telecom.example")
    form.get_by_label("First name").fill("Nia")
    form.get_by_label("Last name").fill("Newton")
    form.get_by_label("Partner full administrator").check()
    form.get_by_role("button", name="Add admin").click()
    expect(page.get_by_role("alert").filter(has_text="is on its way")).to_be_visible()
    row = page.get_by_test_id("admin-table").locator(
        "tr", has_text="new.admin@acme-telecom.example"
    )
    expect(row.get_by_test_id("account-state")).to_have_text("Invited")
    expect(page.get_by_test_id("admin-table").locator("tr", has_text=EXPIRED_DEMO)).to_contain_text(
        "Expired"
    )
    shoot(page, "admins")

    link = last_link(mailbox, "new.admin@acme-telecom.example", r"http\S+/set-password/\S+/")
    invitee = browser.new_context().new_page()
    invitee.goto(link)
    expect(invitee.get_by_test_id("invitation-summary")).to_contain_text(
        "invited you to administer Acme Telecom in Partner Hub"
    )
    shoot(invitee, "accept-invitation")
    invitee.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    invitee.get_by_label("New password again").fill(NEW_PASSWORD)
    invitee.get_by_role("button", name="Set password").click()
    expect(invitee.get_by_role("alert").filter(has_text="Your password is set")).to_be_visible()
    invitee.get_by_label("Email").fill("new.admin@acme-telecom.example")
    invitee.get_by_label("Password").fill(NEW_PASSWORD)
    invitee.get_by_role("button", name="Sign in").click()
    expect(invitee).to_have_url(re.compile(rf"/partner/{demo.ACME}/$"))
    expect(invitee.get_by_test_id("org-name")).to_have_text("Acme Telecom")

    page.reload()
    row = page.get_by_test_id("admin-table").locator(
        "tr", has_text="new.admin@acme-telecom.example"
    )
    expect(row.get_by_test_id("account-state")).to_have_text("Active")


EXPIRED_DEMO = "expired.admin@acme-telecom.example"


def test_forgot_password_reset_by_emailed_link(page: Page, live_server, mailbox):
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Forgot password?").click()
    shoot(page, "forgot-password")
    page.get_by_label("Email").fill(demo.CONTOSO_ADMIN)
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_test_id("reset-sent")).to_be_visible()
    link = last_link(mailbox, demo.CONTOSO_ADMIN, r"http\S+/reset/\S+/")
    page.goto(link)
    page.get_by_label("New password", exact=True).fill("password")
    page.get_by_label("New password again").fill("password")
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_text("This password is too common.")).to_be_visible()
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_role("alert").filter(has_text="Your new password is set")).to_be_visible()
    sign_in(page, live_server.url, demo.CONTOSO_ADMIN, password=NEW_PASSWORD)
    expect(page).to_have_url(re.compile(rf"/org/{demo.CONTOSO}/$"))


def test_enrol_an_authenticator_app_then_sign_in_with_a_code(page: Page, live_server, browser):
    sign_in(page, live_server.url, demo.GLOBEX_ADMIN)
    page.get_by_test_id("user-email").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    page.get_by_test_id("two-factor-link").click()
    expect(page.get_by_test_id("totp-qr").locator("svg")).to_be_visible()
    shoot(page, "two-factor-enrol")
    secret = page.get_by_test_id("totp-secret").inner_text()
    assert len(secret) >= 32
    device = TOTPDevice.objects.get(user__email=demo.GLOBEX_ADMIN, confirmed=False)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    page.get_by_label("Code from the app").fill(code)
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    expect(page.get_by_test_id("two-factor-state")).to_have_text("On")
    shoot(page, "two-factor-codes")

    other = browser.new_context().new_page()
    sign_in(other, live_server.url, demo.GLOBEX_ADMIN)
    expect(other).to_have_url(re.compile(r"/login/verify/"))
    expect(other.get_by_role("heading", name="Two-step verification")).to_be_visible()
    shoot(other, "two-factor-verify")
    device.refresh_from_db()
    later = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + 1):06d}"
    other.get_by_label("Code").fill(later)
    other.get_by_role("button", name="Verify").click()
    expect(other.get_by_test_id("org-name")).to_have_text("Globex Voice")


def test_control_hub_resend_with_invite_emails_suppressed_shows_the_link(
    page: Page, live_server, mailbox
):
    from controlhub.models import OrganizationSettings, Subscriber
    from controlhub.services.admin_roles import admin_role_assign
    from portal.audit import Actor
    from portal.models import Customer, User

    fabrikam = Customer.objects.get(pk=demo.FABRIKAM)
    OrganizationSettings.objects.update_or_create(
        customer=fabrikam, defaults={"suppress_admin_invite_emails": True}
    )
    admin_role_assign(
        customer=fabrikam,
        subscriber=Subscriber.objects.get(email="dev.diaz@fabrikam-law.example"),
        role="customer_readonly_admin",
        actor=Actor(user=User.objects.get(email=demo.FABRIKAM_ADMIN)),
    )
    sign_in(page, live_server.url, demo.FABRIKAM_ADMIN)
    page.goto(f"{live_server.url}/org/{demo.FABRIKAM}/administrators/")
    row = page.get_by_test_id("admin-table").locator("tr", has_text="dev.diaz@fabrikam-law.example")
    expect(row.get_by_test_id("account-state")).to_have_text("Invited")
    expect(row.get_by_test_id("invitation-detail")).to_contain_text("Not emailed")
    row.get_by_role("button", name="Resend invitation").click()
    expect(
        page.get_by_role("alert").filter(has_text="Invitation emails are suppressed")
    ).to_contain_text("/set-password/")
    shoot(page, "controlhub-administrators")
    assert not list(mailbox.glob("*.eml"))
