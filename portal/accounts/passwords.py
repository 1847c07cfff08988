"""Forgotten and changed passwords (AC-2)."""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal.accounts.mail import absolute, build_message
from portal.models import User
from portal.tasks import enqueue

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


def password_reset_request(*, email: str) -> None:
    """Email a reset link when `email` is an active account; say nothing either way (the page
    answers the same, so nobody learns which addresses have accounts)."""
    email = User.objects.normalize_email(email)
    user = User.objects.filter(email=email, is_active=True).first()
    if user is not None:
        enqueue("portal.accounts.tasks.send_password_reset", user.pk)


def password_reset_path(user: User) -> str:
    return reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def password_reset_deliver(user_id, attempt: int = 1) -> str:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return "skipped"
    message = build_message(
        template="password_reset",
        context={
            "user": user,
            "link": absolute(password_reset_path(user)),
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            "portal_url": settings.PORTAL_URL,
        },
        to=user.email,
    )
    try:
        message.send()
    except Exception as exc:
        logger.warning("Password reset email for %s attempt %s failed: %s", user_id, attempt, exc)
        return "failed" if attempt >= MAX_ATTEMPTS else "retry"
    return "sent"
