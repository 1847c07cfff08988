"""The invitation service (AC-1): every account the portal creates is invited through here.

Callers (Partner Hub admins, Control Hub admin roles, provisioning's first administrator,
sub-partner set-up, the operator's partners) pass the person, the organization and who invited
them, plus the organization's email settings, which live above the kernel.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal.accounts.mail import absolute, build_message
from portal.accounts.tokens import invitation_token_generator
from portal.audit import Actor, audit_record
from portal.errors import ApplicationError
from portal.models import Customer, EmailStatus, Invitation, InvitationState, Partner, User
from portal.tasks import enqueue

logger = logging.getLogger(__name__)

#: Attempts at delivering one invitation email before it is shown as not delivered.
MAX_ATTEMPTS = 3


def _org_fields(organization: Partner | Customer) -> dict:
    if isinstance(organization, Partner):
        return {"partner": organization, "customer": None}
    return {"partner": None, "customer": organization}


def _inviter_name(actor: Actor, organization, invited_by: User | None) -> str:
    person = invited_by or actor.user
    if person is None:
        # The worker or the API acting for a partner: the partner invites its customer.
        return organization.owner.name if isinstance(organization, Customer) else ""
    name = person.get_full_name()
    if name != person.email:
        name = f"{name} ({person.email})"
    partner = actor.on_behalf_of or (
        organization.owner if isinstance(organization, Customer) and invited_by else None
    )
    if partner is not None:
        name = f"{name} of {partner.name}"
    return name


def email_branding(organization):
    """Cobranding in emails (issue 16, PH-6): a customer's people get its partner's name,
    colours and logo (the customer's own override wins), asked of the app that owns branding
    through settings.EMAIL_BRANDING. None for partners' own admins: the portal's look."""
    from django.utils.module_loading import import_string

    path = getattr(settings, "EMAIL_BRANDING", "")
    if not path or not isinstance(organization, Customer):
        return None
    return import_string(path)(organization)


def invitation_link(invitation: Invitation) -> str:
    """The path of a fresh one-time link (valid INVITATION_MAX_AGE, until a password is set)."""
    user = invitation.user
    return reverse(
        "set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_token_generator.make_token(user),
        },
    )


@transaction.atomic
def invitation_send(
    *,
    user: User,
    organization: Partner | Customer,
    actor: Actor,
    locale: str | None = None,
    suppress_email: bool = False,
    invited_by: User | None = None,
) -> Invitation | None:
    """Invite `user` to administer `organization`: an email with a one-time link to choose a
    password, sent by the worker after commit (or, with `suppress_email`, no email: the caller
    shows `invitation_link` to the inviting admin). `invited_by` names the person when the
    actor is the worker finishing their request. Someone who has a password already needs no
    invitation (None)."""
    if user.has_usable_password():
        return None
    now = timezone.now()
    invitation, _ = Invitation.objects.select_for_update().get_or_create(
        user=user,
        **_org_fields(organization),
        defaults={"expires_at": now + timedelta(seconds=settings.INVITATION_MAX_AGE)},
    )
    invitation.invited_by = invited_by or actor.user
    invitation.invited_by_name = _inviter_name(actor, organization, invited_by)
    invitation.locale = locale or "en_US"
    invitation.suppress_email = suppress_email
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(seconds=settings.INVITATION_MAX_AGE)
    invitation.accepted_at = None
    invitation.email_status = EmailStatus.SUPPRESSED if suppress_email else EmailStatus.QUEUED
    invitation.email_error = ""
    invitation.email_attempts = 0
    invitation.save()
    audit_record(
        actor=actor,
        action="invitation.send",
        organization=organization,
        target=user,
        after={"email": user.email, "emailed": not suppress_email},
    )
    if not suppress_email:
        enqueue("portal.accounts.tasks.send_invitation", invitation.pk)
    return invitation


def invitation_resend(
    *, invitation: Invitation, actor: Actor, suppress_email: bool | None = None
) -> Invitation:
    """Send again with a new expiry; refused once the person has chosen a password."""
    if invitation.state == InvitationState.ACTIVE:
        raise ApplicationError(
            f"{invitation.user.email} has already chosen a password and can sign in.",
            status=409,
        )
    return invitation_send(
        user=invitation.user,
        organization=invitation.organization,
        actor=actor,
        locale=invitation.locale,
        suppress_email=invitation.suppress_email if suppress_email is None else suppress_email,
    )


@transaction.atomic
def invitation_accept(*, user: User) -> None:
    """The person chose a password: their open invitations are accepted."""
    now = timezone.now()
    for invitation in Invitation.objects.select_for_update().filter(
        user=user, accepted_at__isnull=True
    ):
        invitation.accepted_at = now
        invitation.save(update_fields=["accepted_at"])
        audit_record(
            actor=Actor(user=user),
            action="invitation.accept",
            organization=invitation.organization,
            target=user,
        )


def invitation_deliver(invitation_id: int, attempt: int = 1) -> str:
    """Send the email of one invitation (the worker). Returns the final or next state:
    'sent', 'failed', 'retry' or 'skipped' (accepted, suppressed or gone meanwhile)."""
    invitation = (
        Invitation.objects.select_related("user", "partner", "customer")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.email_status not in (
        EmailStatus.QUEUED,
        EmailStatus.FAILED,
    ):
        return "skipped"
    if invitation.state != InvitationState.INVITED:
        return "skipped"
    organization = invitation.organization
    context = {
        "user": invitation.user,
        "organization": organization,
        "hub": "Partner Hub" if invitation.partner_id else "Control Hub",
        "invited_by": invitation.invited_by_name,
        "link": absolute(invitation_link(invitation)),
        "expires_at": invitation.expires_at,
        "portal_url": settings.PORTAL_URL,
        "brand": email_branding(organization),
    }
    message = build_message(
        template="invitation", context=context, to=invitation.user.email, locale=invitation.locale
    )
    try:
        message.send()
    except Exception as exc:  # any transport failure is recorded on the person's row
        logger.warning("Invitation %s email attempt %s failed: %s", invitation_id, attempt, exc)
        final = attempt >= MAX_ATTEMPTS
        Invitation.objects.filter(pk=invitation.pk).update(
            email_status=EmailStatus.FAILED if final else EmailStatus.QUEUED,
            email_error=str(exc)[:500] or exc.__class__.__name__,
            email_attempts=attempt,
        )
        return "failed" if final else "retry"
    Invitation.objects.filter(pk=invitation.pk).update(
        email_status=EmailStatus.SENT, email_error="", email_attempts=attempt
    )
    return "sent"


# --- Selectors ----------------------------------------------------------------------------------


def invitations_prefetch(organization: Partner | Customer) -> Prefetch:
    """Prefetch for a User queryset: `org_invitations`, this organization's invitation of each."""
    return Prefetch(
        "invitations",
        queryset=Invitation.objects.for_org(organization),
        to_attr="org_invitations",
    )


def account_state(user: User) -> dict:
    """What an admin list shows for a person (needs `invitations_prefetch`)."""
    invitation = (getattr(user, "org_invitations", None) or [None])[0]
    if user.has_usable_password():
        state = InvitationState.ACTIVE
    elif invitation is None:
        state = InvitationState.EXPIRED  # invited before invitations existed: resend one
    else:
        state = invitation.state
    return {"state": state, "label": InvitationState(state).label, "invitation": invitation}


def invitation_for(organization: Partner | Customer, user_id) -> Invitation | None:
    return (
        Invitation.objects.for_org(organization)
        .select_related("user", "partner", "customer")
        .filter(user_id=user_id)
        .first()
    )
