"""Demo invitations (AC-1) in every state, and the demo mailbox: a newcomer sees the flow.

Called by portal.demo.load(); idempotent. The pending invitation's email is written (to
MAIL_DIR with `make run`) when the invitation is created, or re-created after it expired.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.models import Customer, EmailStatus, Invitation, Partner, User

PENDING = "pending.admin@acme-telecom.example"
EXPIRED = "expired.admin@acme-telecom.example"
UNDELIVERED = "bounced.admin@acme-telecom.example"
ACCEPTED = ("readonly@acme-telecom.example", "readonly@contoso-dental.example")


def _invitee(email: str, first: str, last: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, first_name=first, last_name=last)
        user.set_unusable_password()
        user.save()
    return user


def _invitation(user, organization, inviter, **fields) -> tuple[Invitation, bool]:
    org = {"partner": organization} if isinstance(organization, Partner) else {}
    org = org or {"customer": organization}
    return Invitation.objects.get_or_create(
        user=user,
        **org,
        defaults={
            "invited_by": inviter,
            "invited_by_name": f"{inviter.get_full_name()} ({inviter.email})",
            **fields,
        },
    )


def load(acme: Partner, contoso: Customer) -> None:
    from portal.demo import grant

    inviter = User.objects.get(email="admin@acme-telecom.example")
    now = timezone.now()
    week = timedelta(seconds=settings.INVITATION_MAX_AGE)

    pending = _invitee(PENDING, "Pat", "Pending")
    expired = _invitee(EXPIRED, "Eli", "Expired")
    undelivered = _invitee(UNDELIVERED, "Bo", "Bounced")
    from portal.access.roles import Role

    for user in (pending, expired, undelivered):
        grant(user, acme, Role.PARTNER_ADMIN)

    invitation, created = _invitation(
        pending, acme, inviter, sent_at=now, expires_at=now + week, email_status=EmailStatus.QUEUED
    )
    if not created and invitation.accepted_at is None and invitation.expires_at <= now:
        invitation.sent_at, invitation.expires_at = now, now + week
        invitation.email_status = EmailStatus.QUEUED
        invitation.save(update_fields=["sent_at", "expires_at", "email_status"])
        created = True
    if created:
        from portal.accounts.invitations import invitation_deliver

        transaction.on_commit(lambda: invitation_deliver(invitation.pk))

    _invitation(
        expired,
        acme,
        inviter,
        sent_at=now - week - timedelta(days=2),
        expires_at=now - timedelta(days=2),
        email_status=EmailStatus.SENT,
        email_attempts=1,
    )
    _invitation(
        undelivered,
        acme,
        inviter,
        sent_at=now - timedelta(hours=3),
        expires_at=now + week - timedelta(hours=3),
        email_status=EmailStatus.FAILED,
        email_attempts=3,
        email_error="550 5.1.1 The email account that you tried to reach does not exist.",
    )
    for email, organization in zip(ACCEPTED, (acme, contoso), strict=True):
        _invitation(
            User.objects.get(email=email),
            organization,
            inviter,
            sent_at=now - timedelta(days=30),
            expires_at=now - timedelta(days=23),
            accepted_at=now - timedelta(days=29),
            email_status=EmailStatus.SENT,
            email_attempts=1,
        )


def extra_lines() -> list[str]:
    if settings.EMAIL_BACKEND != "portal.accounts.mail.EmlFileBackend":
        return []
    return [
        "",
        f"Demo mailbox: {settings.MAIL_DIR}/ (every email the portal sends, as .eml files).",
        f"  {PENDING} has a pending invitation there: open its link to choose a password.",
    ]
