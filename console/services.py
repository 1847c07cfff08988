"""The operator's writes (OP-1): partners, their state, the operator's own staff.

One transaction each, audited with an operator Actor (the event shows in the operator's audit
log, and in the partner's own when it concerns a partner). Provisioning refusals for a suspended
partner are the kernel's (`Partner.provisioning_refusal`), the rule sub-partners follow already.
"""

import re
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal import services as kernel
from portal.access.entitlements import forget_grants
from portal.access.roles import Role
from portal.accounts.invitations import invitation_send
from portal.accounts.mail import absolute, build_message
from portal.accounts.tokens import invitation_token_generator
from portal.audit import Actor, audit_record, snapshot
from portal.catalogues import regions
from portal.errors import ApplicationError
from portal.models import Customer, Partner, PartnerState, PlatformRoleAssignment, User
from screening.models import DeniedParty
from screening.services import DplPreview, denied_parties_import, denied_parties_preview

#: A new partner's first administrator holds both roles, as a sub-partner's does (PH-8).
FIRST_ADMIN_ROLES = (Role.PARTNER_FULL_ADMIN, Role.WHOLESALE_ADMIN)
PORTAL_NAME = "the Wholesale Portal"


def _email(value: str, field: str = "admin_email") -> str:
    email = BaseUserManager.normalize_email((value or "").strip()).lower()
    if not email:
        raise ApplicationError("Enter an email address.", field=field)
    try:
        validate_email(email)
    except ValidationError:
        raise ApplicationError(f"{email} is not an email address.", field=field) from None
    return email


def _new_person(email: str, first_name: str, last_name: str) -> User:
    if User.objects.filter(email=email).exists():
        raise ApplicationError(
            f"{email} already has an account; the first administrator must be someone new.",
            field="admin_email",
            status=409,
        )
    user = User(email=email, first_name=(first_name or "").strip(), last_name=last_name.strip())
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def partner_onboard(
    *,
    name: str,
    country: str,
    admin_email: str,
    admin_first_name: str = "",
    admin_last_name: str = "",
    actor: Actor,
) -> tuple[Partner, User]:
    """Create a top-level partner after its order, with its first administrator (full +
    wholesale admin) invited by email (AC-1)."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError("Enter the organization name.", field="name")
    if Partner.objects.filter(parent__isnull=True, name__iexact=name).exists():
        raise ApplicationError(f"A partner named {name} exists already.", field="name", status=409)
    country = (country or "").strip().upper()
    if not regions.is_known(country):
        raise ApplicationError(f"Unknown country: {country or 'none given'}.", field="country")
    email = _email(admin_email)
    admin = _new_person(email, admin_first_name, admin_last_name or "")
    partner = kernel.partner_create(name=name, actor=actor)
    partner.country = country
    partner.save(update_fields=["country"])
    for role in FIRST_ADMIN_ROLES:
        kernel.role_grant(user=admin, organization=partner, role=role, actor=actor)
    invitation_send(user=admin, organization=partner, actor=actor)
    audit_record(
        actor=actor,
        action="operator.partner_create",
        organization=partner,
        target=partner,
        after={"name": name, "country": country, "first_admin": email},
    )
    return partner, admin


@transaction.atomic
def partner_set_state(*, partner: Partner, state: str, actor: Actor) -> Partner:
    """Suspend or reactivate a partner: suspended, it and its sub-partners may not provision or
    update customers and subscribers; deleting stays allowed. A no-op is not audited."""
    if state not in PartnerState.values:
        raise ApplicationError(f"Unknown state: {state}.", field="state")
    partner = Partner.objects.select_for_update(of=("self",)).get(pk=partner.pk)
    if partner.parent_id is not None:
        raise ApplicationError(f"{partner.name} is an indirect provider; its parent suspends it.")
    if partner.state == state:
        return partner
    before = snapshot(partner, ["state"])
    partner.state = state
    partner.save(update_fields=["state"])
    audit_record(
        actor=actor,
        action=f"operator.partner_{'suspend' if state == PartnerState.SUSPENDED else 'reactivate'}",
        organization=partner,
        before=before,
        after={"state": state},
    )
    return partner


def partner_delete_refusal(partner: Partner) -> str | None:
    """Why the partner cannot be deleted, else None: its customers (and its sub-partners')
    would lose their partner, so they are removed first."""
    customers = Customer.objects.filter(owner__in=[partner, *partner.sub_partners.all()]).count()
    if customers:
        return (
            f"{partner.name} has {customers} customer{'s' if customers != 1 else ''} "
            "(its own or its indirect providers'). A partner with customers cannot be deleted."
        )
    return None


@transaction.atomic
def partner_delete(*, partner: Partner, actor: Actor) -> None:
    partner = Partner.objects.select_for_update(of=("self",)).get(pk=partner.pk)
    refusal = partner_delete_refusal(partner)
    if refusal:
        raise ApplicationError(refusal, status=409)
    # Recorded outside the partner, whose own log goes with it.
    audit_record(
        actor=actor,
        action="operator.partner_delete",
        organization=None,
        after={"name": partner.name, "id": str(partner.pk)},
    )
    for sub_partner in partner.sub_partners.all():
        _delete_partner_rows(sub_partner)
    _delete_partner_rows(partner)


def _delete_partner_rows(partner: Partner) -> None:
    from billing.models import WholesaleSubscription

    # Sub-partners' subscriptions point at the parent's (PROTECT): those go first.
    WholesaleSubscription.objects.filter(partner=partner, parent__isnull=False).delete()
    WholesaleSubscription.objects.filter(partner=partner).delete()
    partner.delete()


# --- The operator's own staff ---------------------------------------------------------------------


@transaction.atomic
def platform_role_grant(*, email: str, role: Role, actor: Actor, first_name: str = "") -> User:
    """Give a person an operator-side role (operator, compliance reviewer), creating the
    account if needed (it then has no password: the caller sends the set-password link)."""
    email = _email(email, field="email")
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, first_name=first_name.strip())
        user.set_unusable_password()
        user.full_clean()
        user.save()
    _, created = PlatformRoleAssignment.objects.get_or_create(user=user, role=role)
    if created:
        audit_record(
            actor=actor,
            action="operator.role_grant",
            organization=None,
            target=user,
            after={"role": role.value, "email": email},
        )
    forget_grants(user)
    return user


@transaction.atomic
def platform_role_revoke(*, user: User, role: Role, actor: Actor) -> None:
    deleted, _ = PlatformRoleAssignment.objects.filter(user=user, role=role).delete()
    if deleted:
        audit_record(
            actor=actor,
            action="operator.role_revoke",
            organization=None,
            target=user,
            before={"role": role.value},
        )
    forget_grants(user)


def staff_invitation_send(user: User, *, role: Role) -> str:
    """Email (or, without EMAIL_URL, write to MAIL_DIR) the one-time set-password link of
    someone the operator added; returns the link. Staff belong to no organization, so there is
    no `Invitation` row; the link is the invitation's own (AC-1)."""
    link = absolute(
        reverse(
            "set_password",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": invitation_token_generator.make_token(user),
            },
        )
    )
    context = {
        "user": user,
        "organization": {"name": PORTAL_NAME},
        "hub": "the operator's console" if role == Role.OPERATOR else "Compliance review",
        "invited_by": "",
        "link": link,
        "expires_at": timezone.now() + timedelta(seconds=settings.INVITATION_MAX_AGE),
        "portal_url": settings.PORTAL_URL,
    }
    build_message(template="invitation", context=context, to=user.email).send()
    return link


# --- Compliance: reviewers and the Denied Persons List -------------------------------------------


def compliance_reviewer_add(*, email: str, actor: Actor) -> User:
    """Make someone a compliance reviewer; a new account gets the set-password email."""
    with transaction.atomic():
        user = platform_role_grant(email=email, role=Role.COMPLIANCE_REVIEWER, actor=actor)
    if not user.has_usable_password():
        staff_invitation_send(user, role=Role.COMPLIANCE_REVIEWER)
    return user


def _staging_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "dpl-staging"


def dpl_stage(*, text: str) -> tuple[str, DplPreview]:
    """Keep an uploaded Denied Persons List file for confirmation and return its token and the
    preview of what it changes (nothing changes yet). A file that does not parse is refused."""
    preview = denied_parties_preview(text=text)
    token = uuid.uuid4().hex
    directory = _staging_dir()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{token}.tsv").write_text(text, encoding="utf-8")
    return token, preview


@transaction.atomic
def dpl_confirm(*, token: str, actor: Actor) -> int:
    """Replace the list with the staged file's entries (the same import as `import_dpl`)."""
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        raise ApplicationError("Upload the file again: this preview is no longer available.")
    path = _staging_dir() / f"{token}.tsv"
    if not path.exists():
        raise ApplicationError("Upload the file again: this preview is no longer available.")
    text = path.read_text(encoding="utf-8")
    before = DeniedParty.objects.count()
    count = denied_parties_import(text=text)
    audit_record(
        actor=actor,
        action="operator.dpl_import",
        organization=None,
        before={"entries": before},
        after={"entries": count},
    )
    # A preview is confirmed once (were the import to roll back, the file is uploaded again).
    path.unlink(missing_ok=True)
    return count
