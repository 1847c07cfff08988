"""Sub-partners ("indirect providers", FEATURES PH-8, API-3): set up, suspend/activate,
cross-launch (the list they read is wholesale.selectors.sub_partner_list).

Services are keyword-only, one transaction each, and audited on the parent partner.
"""

from datetime import date

from django.contrib.auth.base_user import BaseUserManager
from django.db import transaction

from billing.models import WholesaleSubscription
from billing.services import subscription_share
from portal import services as kernel
from portal.access.roles import Role
from portal.accounts.invitations import invitation_send
from portal.audit import Actor, audit_record, snapshot
from portal.errors import ApplicationError
from portal.models import Partner, PartnerState, User

FIRST_ADMIN_ROLES = (Role.PARTNER_FULL_ADMIN, Role.WHOLESALE_ADMIN)


# --- Writes --------------------------------------------------------------------------------------


@transaction.atomic
def sub_partner_set_up(
    *,
    parent: Partner,
    actor: Actor,
    name: str,
    admin_email: str,
    admin_first_name: str,
    admin_last_name: str,
    billing_start: date,
) -> tuple[Partner, User]:
    """Create a sub-partner sharing the parent's wholesale subscription, with its first
    administrator (full + wholesale admin). One level only: a sub-partner cannot set one up."""
    if parent.parent_id is not None:
        raise ApplicationError(
            "Sub-partners have one level only: an indirect provider cannot have its own."
        )
    name = (name or "").strip()
    if not name:
        raise ApplicationError("Enter the organization name.")
    if Partner.objects.filter(parent=parent, name__iexact=name).exists():
        raise ApplicationError(f"{parent.name} already has an indirect provider named {name}.")
    if not WholesaleSubscription.objects.filter(partner=parent, parent__isnull=True).exists():
        raise ApplicationError(
            f"{parent.name} has no wholesale subscription to share; set one up first."
        )
    email = BaseUserManager.normalize_email((admin_email or "").strip()).lower()
    if not email:
        raise ApplicationError("Enter the first administrator's email address.")
    if User.objects.filter(email=email).exists():
        raise ApplicationError(
            f"{email} already has an account; the first administrator must be someone new."
        )
    sub_partner = kernel.partner_create(name=name, parent=parent, actor=actor)
    subscription_share(sub_partner=sub_partner, billing_start=billing_start, actor=actor)
    admin = User(
        email=email,
        first_name=(admin_first_name or "").strip(),
        last_name=(admin_last_name or "").strip(),
    )
    admin.set_unusable_password()
    admin.full_clean()
    admin.save()
    for role in FIRST_ADMIN_ROLES:
        kernel.role_grant(user=admin, organization=sub_partner, role=role, actor=actor)
    # Emailed (AC-1); the set-up page also shows the link to copy.
    invitation_send(user=admin, organization=sub_partner, actor=actor)
    audit_record(
        actor=actor,
        action="sub_partner.set_up",
        organization=parent,
        target=sub_partner,
        after={
            "name": name,
            "first_admin": email,
            "billing_start": billing_start,
        },
    )
    return sub_partner, admin


@transaction.atomic
def sub_partner_set_state(
    *, sub_partner: Partner, state: str, actor: Actor, reason: str = ""
) -> Partner:
    """Suspend or activate a sub-partner; a no-op change is not audited. The reason given in
    the confirmation (Partner Hub asks for one to suspend) is recorded with the change."""
    if state not in PartnerState.values:
        raise ApplicationError(f"Unknown state: {state}.")
    sub_partner = (
        Partner.objects.select_for_update(of=("self",))
        .select_related("parent")
        .get(pk=sub_partner.pk)
    )
    if sub_partner.parent_id is None:
        raise ApplicationError(f"{sub_partner.name} is not an indirect provider.")
    if sub_partner.state == state:
        return sub_partner
    before = snapshot(sub_partner, ["state"])
    sub_partner.state = state
    sub_partner.full_clean()
    sub_partner.save(update_fields=["state"])
    audit_record(
        actor=actor,
        action=f"sub_partner.{'suspend' if state == PartnerState.SUSPENDED else 'activate'}",
        organization=sub_partner.parent,
        target=sub_partner,
        before=before,
        after={"state": state, **({"reason": reason[:500]} if reason else {})},
    )
    return sub_partner


def sub_partner_cross_launch(*, sub_partner: Partner, actor: Actor) -> None:
    """Record that a parent admin opened the sub-partner's Partner Hub (in both audit logs)."""
    audit_record(
        actor=actor,
        action="sub_partner.cross_launch",
        organization=sub_partner.parent,
        target=sub_partner,
    )
    audit_record(
        actor=Actor(user=actor.user, on_behalf_of=sub_partner.parent, source=actor.source),
        action="sub_partner.cross_launch",
        organization=sub_partner,
    )
