"""Email as a real part (AC-1): SMTP from EMAIL_URL, .eml files in MAIL_DIR without it."""

import email
import email.policy
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import dj_email_url
import pytest
from aiosmtpd.controller import Controller

from partnerhub.services.admins import partner_admin_invite
from portal.audit import Actor
from portal.models import EmailStatus, Invitation, Partner, User
from tests import demo

ROOT = Path(__file__).resolve().parents[2]


class Mailbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, mailbox
    finally:
        controller.stop()


@pytest.mark.django_db
def test_an_invitation_goes_through_a_real_smtp_server(
    smtp_server, settings, django_capture_on_commit_callbacks
):
    port, mailbox = smtp_server
    parsed = dj_email_url.parse(f"smtp://127.0.0.1:{port}")
    settings.EMAIL_BACKEND = parsed["EMAIL_BACKEND"]
    settings.EMAIL_HOST, settings.EMAIL_PORT = parsed["EMAIL_HOST"], parsed["EMAIL_PORT"]
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "Acme Portal <portal@acme-telecom.example>"

    with django_capture_on_commit_callbacks(execute=True):
        partner_admin_invite(
            partner=Partner.objects.get(pk=demo.ACME),
            actor=Actor(user=User.objects.get(email=demo.ACME_ADMIN)),
            email="smtp.person@acme-telecom.example",
            first_name="Sam",
            roles=["partner_admin"],
        )

    [envelope] = mailbox.envelopes
    assert envelope.rcpt_tos == ["smtp.person@acme-telecom.example"]
    assert envelope.mail_from == "portal@acme-telecom.example"
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"] == "You are invited to administer Acme Telecom"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Hello Sam," in text
    assert "/set-password/" in text and "/set-password/" in html
    invitation = Invitation.objects.get(user__email="smtp.person@acme-telecom.example")
    assert invitation.email_status == EmailStatus.SENT


def _settings_in(env: dict) -> dict:
    """The values portal.settings computes in a fresh process with this environment."""
    code = (
        "import json, portal.settings as s; print(json.dumps({k: str(getattr(s, k, '')) for k in "
        "['EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_USE_TLS', "
        "'MAIL_DIR', 'DEFAULT_FROM_EMAIL']}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"EMAIL_URL", "MAIL_DIR"}}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_email_url_selects_smtp_and_without_it_mail_is_written_to_mail_dir():
    smtp = _settings_in(
        {
            "EMAIL_URL": "smtp+tls://mailer:s3cret@mail.example.net:587",
            "DEFAULT_FROM_EMAIL": "a@b.c",
        }
    )
    assert smtp["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_HOST_USER"]) == (
        "mail.example.net",
        "587",
        "mailer",
    )
    assert smtp["EMAIL_USE_TLS"] == "True"
    assert smtp["DEFAULT_FROM_EMAIL"] == "a@b.c"
    dev = _settings_in({})
    assert dev["EMAIL_BACKEND"] == "portal.accounts.mail.EmlFileBackend"
    assert dev["MAIL_DIR"] == str(ROOT / "var" / "mail")


def test_the_eml_backend_writes_one_file_per_message(settings, tmp_path):
    from django.core.mail import EmailMultiAlternatives, get_connection

    settings.MAIL_DIR = tmp_path / "nested" / "mail"
    message = EmailMultiAlternatives("Hi", "plain body", "from@x.example", ["to@x.example"])
    message.attach_alternative("<p>html body</p>", "text/html")
    sent = get_connection("portal.accounts.mail.EmlFileBackend").send_messages([message])
    assert sent == 1
    [path] = list(settings.MAIL_DIR.glob("*.eml"))
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert parsed["To"] == "to@x.example"
    assert parsed.get_body(preferencelist=("html",)).get_content().strip() == "<p>html body</p>"
