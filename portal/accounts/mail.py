"""Sending email (AC-1, AC-2): templated HTML + plain-text messages, and the development
backend that writes each message as an .eml file into MAIL_DIR."""

import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils import timezone, translation


class EmlFileBackend(BaseEmailBackend):
    """Writes every message to MAIL_DIR/<time>-<id>.eml (open it with any mail client)."""

    _lock = threading.Lock()

    def send_messages(self, email_messages):
        directory = Path(settings.MAIL_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            path = directory / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            with self._lock:
                path.write_bytes(message.message().as_bytes(linesep="\r\n"))
            sent += 1
        return sent


def email_language(locale: str | None) -> str:
    """A Django language code for a portal locale ("it_IT" → "it-it"); English by default.
    Translations that do not exist fall back to the English text of the templates."""
    return translation.to_language(locale or "en_US")


def build_message(*, template: str, context: dict, to: str, locale: str | None = None):
    """Render templates/accounts/email/<template>_subject.txt, .txt and .html in the locale."""
    with translation.override(email_language(locale)):
        subject = " ".join(
            render_to_string(f"accounts/email/{template}_subject.txt", context).split()
        )
        text = render_to_string(f"accounts/email/{template}.txt", context)
        html = render_to_string(f"accounts/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    message.attach_alternative(html, "text/html")
    return message


def absolute(path: str) -> str:
    return f"{settings.PORTAL_URL}{path}"
