"""Invitations (AC-1): every account the portal creates gets an email with a one-time link to
choose a password; admin lists show Invited / Active / Expired with Resend invitation."""

import email
import email.policy
import json
import re
import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from controlhub.models import OrganizationSettings, Subscriber
from portal.accounts import tasks
from portal.accounts.invitations import invitation_deliver
from portal.models import Customer, EmailStatus, Invitation, InvitationState, User
from tests import demo
from tests.api.helpers import auth, customer_body, decode_customer, token

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/set-password/[^/\s]+/[^/\s]+/)")
NEW_PASSWORD = "Tangerine-Harbour-73"


@pytest.fixture
def unused_tcp_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def eml_dir(settings, tmp_path):
    """The development backend: every message is an .eml file in MAIL_DIR."""
    settings.EMAIL_BACKEND = "portal.accounts.mail.EmlFileBackend"
    settings.MAIL_DIR = tmp_path / "mail"
    return settings.MAIL_DIR


def read_eml(directory) -> list[email.message.Message]:
    return [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in sorted(directory.glob("*.eml"))
    ]


def body_text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def accept(client, link_path: str, password: str = NEW_PASSWORD):
    """Follow the invitation link and choose a password (Django moves the token to the
    session and redirects to …/set-password/)."""
    page = client.get(link_path, follow=True)
    assert page.status_code == 200
    assert page.context["validlink"], "the invitation link should be valid"
    return client.post(
        page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
    )


def sign_in(client, email_address: str, password: str = NEW_PASSWORD):
    return client.post(
        reverse("login"), {"username": email_address, "password": password}, follow=True
    )


def test_partner_admin_invited_from_admins_gets_an_eml_and_signs_in_to_partner_hub(
    client_for, client, eml_dir, django_capture_on_commit_callbacks
):
    admins = reverse("partnerhub:admins", kwargs={"partner_id": demo.ACME})
    acme = client_for(demo.ACME_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        response = acme.post(
            admins,
            {
                "action": "invite",
                "email": "new.admin@acme-telecom.example",
                "first_name": "Nia",
                "last_name": "Newton",
                "roles": ["partner_full_admin"],
            },
            follow=True,
        )
    assert response.status_code == 200
    assert "An invitation to choose a password is on its way" in response.content.decode()

    [message] = read_eml(eml_dir)
    assert message["To"] == "new.admin@acme-telecom.example"
    assert message["Subject"] == "You are invited to administer Acme Telecom"
    text = body_text(message)
    assert "invited you to administer Acme Telecom in Partner Hub" in text
    assert demo.ACME_ADMIN in text  # who invited them
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Choose your password" in html
    link = LINK.search(text).group(1)

    page = acme.get(admins)
    row = next(a for a in page.context["admins"] if a.email == "new.admin@acme-telecom.example")
    assert row.account["state"] == InvitationState.INVITED

    client.logout()
    done = accept(client, link)
    assert done.status_code == 302 and done["Location"] == reverse("login")
    landed = sign_in(client, "new.admin@acme-telecom.example")
    assert landed.redirect_chain[-1][0] == f"/partner/{demo.ACME}/"

    # The link worked once.
    assert not client.get(link, follow=True).context["validlink"]
    invitation = Invitation.objects.get(user__email="new.admin@acme-telecom.example")
    assert invitation.accepted_at is not None
    page = client_for(demo.ACME_ADMIN).get(admins)
    row = next(a for a in page.context["admins"] if a.email == "new.admin@acme-telecom.example")
    assert row.account["state"] == InvitationState.ACTIVE
    assert "Active" in page.content.decode()


def test_customer_created_through_the_api_invites_its_primary_email_into_control_hub(
    client, eml_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/v1/wholesale/customers",
            data=json.dumps(customer_body()),
            content_type="application/json",
            **auth(token()),
        )
    assert response.status_code == 202, response.content
    customer = Customer.objects.get(pk=decode_customer(response["Location"]))
    invitation = Invitation.objects.get(customer=customer)
    assert invitation.user.email == "owner@juniper-bakery.example"
    assert invitation.email_status == EmailStatus.SENT
    [message] = read_eml(eml_dir)
    assert message["To"] == "owner@juniper-bakery.example"
    text = body_text(message)
    # The token belongs to Acme's admin, who is named as the one inviting.
    assert "Juniper Bakery in Control Hub" in text
    assert "of Acme Telecom" in text

    link = LINK.search(text).group(1)
    accept(client, link)
    landed = sign_in(client, "owner@juniper-bakery.example")
    assert landed.redirect_chain[-1][0] == f"/org/{customer.pk}/"


def test_control_hub_admin_role_invites_the_user_and_honours_suppressed_emails(
    client_for, django_capture_on_commit_callbacks
):
    fabrikam = Customer.objects.get(pk=demo.FABRIKAM)
    settings_row, _ = OrganizationSettings.objects.get_or_create(customer=fabrikam)
    subscriber = Subscriber.objects.get(email="dev.diaz@fabrikam-law.example")
    url = reverse(
        "controlhub:user_role_assign",
        kwargs={"org_id": demo.FABRIKAM, "subscriber_id": subscriber.pk},
    )
    admin = client_for(demo.FABRIKAM_ADMIN)

    settings_row.suppress_admin_invite_emails = True
    settings_row.save()
    with django_capture_on_commit_callbacks(execute=True):
        page = admin.post(url, {"role": "customer_readonly_admin"}, follow=True)
    assert mail.outbox == []
    html = page.content.decode()
    assert "Invitation emails are suppressed for this organization" in html
    link = re.search(r"http://testserver(/set-password/\S+/\S+/)", html).group(1)
    invitation = Invitation.objects.get(user__email=subscriber.email, customer=fabrikam)
    assert invitation.email_status == EmailStatus.SUPPRESSED

    # Emails on again: Resend invitation from Administrators emails it, in the org's locale.
    settings_row.suppress_admin_invite_emails = False
    settings_row.email_locale = "it_IT"  # no Italian catalogue ships: English text
    settings_row.save()
    resend = reverse(
        "controlhub:administrator_resend_invitation",
        kwargs={"org_id": demo.FABRIKAM, "admin_id": invitation.user_id},
    )
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(resend)
    [message] = mail.outbox
    assert message.to == [subscriber.email]
    assert "invited you to administer Fabrikam Law in Control Hub" in message.body
    invitation.refresh_from_db()
    assert invitation.email_status == EmailStatus.SENT

    # The suppressed link shown earlier works too.
    admin.logout()
    accept(admin, link)
    assert User.objects.get(email=subscriber.email).has_usable_password()


def test_expired_invitation_shows_expired_and_resend_makes_it_invited_again(
    client_for, django_capture_on_commit_callbacks
):
    admins = reverse("partnerhub:admins", kwargs={"partner_id": demo.ACME})
    acme = client_for(demo.ACME_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        acme.post(
            admins,
            {"action": "invite", "email": "late@acme-telecom.example", "roles": ["partner_admin"]},
        )
    invitation = Invitation.objects.get(user__email="late@acme-telecom.example")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    page = acme.get(admins)
    assert "Expired" in page.content.decode()
    assert "Resend invitation to late@acme-telecom.example" in page.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        acme.post(admins, {"action": "resend", "user": invitation.user_id})
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.INVITED
    assert invitation.expires_at > timezone.now() + timedelta(days=6)
    assert len(mail.outbox) == 1


def test_an_expired_link_is_refused(client, settings, django_capture_on_commit_callbacks):
    from portal.accounts.invitations import invitation_link

    invitation = _pending_invitation(django_capture_on_commit_callbacks)
    link = invitation_link(invitation)
    settings.INVITATION_MAX_AGE = -1
    page = client.get(link, follow=True)
    assert not page.context["validlink"]
    assert "has expired" in page.content.decode()


def _pending_invitation(capture) -> Invitation:
    from partnerhub.services.admins import partner_admin_invite
    from portal.audit import Actor
    from portal.models import Partner

    with capture(execute=True):
        partner_admin_invite(
            partner=Partner.objects.get(pk=demo.ACME),
            actor=Actor(user=User.objects.get(email=demo.ACME_ADMIN)),
            email="pending@acme-telecom.example",
            roles=["partner_admin"],
        )
    return Invitation.objects.get(user__email="pending@acme-telecom.example")


def test_a_failed_send_is_retried_then_shown_on_the_row_and_can_be_resent(
    settings, client_for, django_capture_on_commit_callbacks, unused_tcp_port
):
    """A real SMTP connection to a loopback port where nothing listens: refused."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        unused_tcp_port,
        2,
    )
    invitation = _pending_invitation(django_capture_on_commit_callbacks)
    invitation.refresh_from_db()
    # The first attempt failed and a retry is scheduled.
    assert invitation.email_status == EmailStatus.QUEUED
    assert invitation.email_attempts == 1 and invitation.email_error
    from django_q.models import Schedule

    assert Schedule.objects.filter(func="portal.accounts.tasks.send_invitation").exists()
    # The last attempt gives up: "Not delivered" with the reason on the person's row.
    assert tasks.send_invitation(invitation.pk, 3) == "failed"
    invitation.refresh_from_db()
    assert invitation.email_status == EmailStatus.FAILED
    admins = reverse("partnerhub:admins", kwargs={"partner_id": demo.ACME})
    html = client_for(demo.ACME_ADMIN).get(admins).content.decode()
    assert "Email not delivered" in html

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        client_for(demo.ACME_ADMIN).post(admins, {"action": "resend", "user": invitation.user_id})
    invitation.refresh_from_db()
    assert invitation.email_status == EmailStatus.SENT


def test_delivering_twice_sends_once(django_capture_on_commit_callbacks):
    invitation = _pending_invitation(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert invitation_deliver(invitation.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_the_sub_partner_first_admin_is_emailed_too(client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(demo.ACME_ADMIN).post(
            reverse("partnerhub:sub_partner_create", kwargs={"partner_id": demo.ACME}),
            {
                "name": "Fabrikam Networks",
                "admin_email": "first@fabrikam-networks.example",
                "admin_first_name": "Fran",
                "admin_last_name": "First",
                "billing_start": "2026-01-01",
            },
        )
    assert response.status_code == 200
    [message] = mail.outbox
    assert message.to == ["first@fabrikam-networks.example"]
    assert "Fabrikam Networks in Partner Hub" in message.body
    assert response.context["set_password_url"] in message.body


def test_admins_list_query_count_does_not_grow_with_invitations(
    client_for, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admins = reverse("partnerhub:admins", kwargs={"partner_id": demo.ACME})
    client = client_for(demo.ACME_ADMIN)

    def count():
        client.get(admins)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(admins).status_code == 200
        return len(captured)

    before = count()
    for i in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                admins,
                {
                    "action": "invite",
                    "email": f"qc{i}@acme-telecom.example",
                    "roles": ["partner_admin"],
                },
            )
    assert count() == before


def test_control_hub_administrators_query_count_does_not_grow(
    client_for, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = reverse("controlhub:administrators", kwargs={"org_id": demo.FABRIKAM})
    client = client_for(demo.FABRIKAM_ADMIN)

    def count():
        client.get(page)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        return len(captured)

    before = count()
    for subscriber in Subscriber.objects.filter(customer_id=demo.FABRIKAM).exclude(
        email=demo.FABRIKAM_ADMIN
    )[:3]:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse(
                    "controlhub:user_role_assign",
                    kwargs={"org_id": demo.FABRIKAM, "subscriber_id": subscriber.pk},
                ),
                {"role": "customer_readonly_admin"},
            )
    assert count() == before


def test_the_create_customer_wizard_invites_the_administrator_email(
    client_for, django_capture_on_commit_callbacks
):
    from portal.models import OnboardingTemplate

    template = OnboardingTemplate.objects.get(provisioning_id="acme-smb-calling")
    data = {
        "name": "Wizard Co",
        "primary_email": "admin@wizard-co.example",
        "template": template.pk,
        "external_id": "",
        "pkg_webex_calling": "on",
        "qty_webex_calling": "10",
        "address_line1": "1 Main St",
        "city": "Springfield",
        "country": "US",
        "supported_location": "on",
        "_step": 3,
        "_action": "submit",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(demo.ACME_ADMIN).post(
            reverse("partnerhub:customer_create", kwargs={"partner_id": demo.ACME}), data
        )
    assert response.status_code in (200, 302), response.content[:300]
    invitation = Invitation.objects.get(user__email="admin@wizard-co.example")
    assert invitation.customer.name == "Wizard Co"
    assert invitation.invited_by.email == demo.ACME_ADMIN
    [message] = mail.outbox
    assert "invited you to administer Wizard Co in Control Hub" in message.body
