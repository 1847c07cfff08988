"""Partner admins (PH-1): invitations, roles, removal, and their assignments to customers.

Each function is one transaction, validates, and records an audit event.
"""

from django.contrib.auth.base_user import BaseUserManager
from django.db import transaction
from guardian.shortcuts import remove_perm

from portal import services as kernel
from portal.access.entitlements import forget_grants
from portal.access.roles import ASSIGNED_CUSTOMER_PERMISSION, PARTNER_ROLES, Role
from portal.accounts.invitations import invitation_for, invitation_resend, invitation_send
from portal.audit import Actor, audit_record, snapshot
from portal.errors import ApplicationError
from portal.models import Customer, Partner, PartnerRoleAssignment, User

# --- Partner admins assigned to customers (PH-1, customer "Partner admins" tab) ---------------


def _partner_admin_of(customer: Customer, user: User) -> None:
    if not PartnerRoleAssignment.objects.filter(
        user=user, partner=customer.owner, role=Role.PARTNER_ADMIN
    ).exists():
        raise ApplicationError(
            f"{user.email} is not a partner administrator of {customer.owner.name}; full and "
            "read-only administrators reach every customer already."
        )


def customer_partner_admin_assign(*, customer: Customer, user: User, actor: Actor) -> None:
    _partner_admin_of(customer, user)
    kernel.customer_assign_partner_admin(customer=customer, user=user, actor=actor)


def customer_partner_admin_unassign(*, customer: Customer, user: User, actor: Actor) -> None:
    _partner_admin_of(customer, user)
    kernel.customer_unassign_partner_admin(customer=customer, user=user, actor=actor)


# --- The partner's own admins ("Admins", PH-1) -------------------------------------------------


def _roles(values) -> set[Role]:
    try:
        roles = {Role(v) for v in values}
    except ValueError:
        raise ApplicationError("Choose roles from the list.") from None
    if not roles:
        raise ApplicationError("Choose at least one role.")
    if roles - set(PARTNER_ROLES):
        raise ApplicationError("Only partner roles can be given here.")
    return roles


def _keep_a_full_admin(partner: Partner, user: User, roles_after: set[Role]) -> None:
    if Role.PARTNER_FULL_ADMIN in roles_after:
        return
    others = (
        PartnerRoleAssignment.objects.for_org(partner)
        .filter(role=Role.PARTNER_FULL_ADMIN)
        .exclude(user=user)
    )
    if not others.exists():
        raise ApplicationError(
            f"{partner.name} needs at least one partner full administrator; give the role to "
            "someone else first."
        )


@transaction.atomic
def partner_admin_invite(
    *,
    partner: Partner,
    actor: Actor,
    email: str,
    roles: list[str],
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Add an admin with roles. Someone new gets an account without a password and an
    invitation email with a link to choose one (AC-1)."""
    email = BaseUserManager.normalize_email(email).strip().lower()
    if not email:
        raise ApplicationError("Enter an email address.")
    wanted = _roles(roles)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, first_name=first_name.strip(), last_name=last_name.strip())
        user.set_unusable_password()
        user.full_clean()
        user.save()
        audit_record(actor=actor, action="partner_admin.invite", organization=partner, target=user)
    elif PartnerRoleAssignment.objects.filter(user=user, partner=partner).exists():
        raise ApplicationError(f"{email} is already an administrator of {partner.name}.")
    for role in sorted(wanted):
        kernel.role_grant(user=user, organization=partner, role=role, actor=actor)
    invitation_send(user=user, organization=partner, actor=actor)
    return user


def partner_admin_resend_invitation(*, partner: Partner, user: User, actor: Actor):
    """Resend the invitation of an admin who has not chosen a password yet (AC-1)."""
    invitation = invitation_for(partner, user.pk)
    if invitation is None:
        if user.has_usable_password():
            raise ApplicationError(f"{user.email} can sign in already.", status=409)
        return invitation_send(user=user, organization=partner, actor=actor)
    return invitation_resend(invitation=invitation, actor=actor)


@transaction.atomic
def partner_admin_set_roles(
    *, partner: Partner, user: User, roles: list[str], actor: Actor
) -> None:
    wanted = _roles(roles)
    held = {
        Role(r)
        for r in PartnerRoleAssignment.objects.for_org(partner)
        .filter(user=user)
        .values_list("role", flat=True)
    }
    if not held:
        raise ApplicationError(f"{user.email} is not an administrator of {partner.name}.")
    _keep_a_full_admin(partner, user, wanted)
    for role in sorted(wanted - held):
        kernel.role_grant(user=user, organization=partner, role=role, actor=actor)
    for role in sorted(held - wanted):
        kernel.role_revoke(user=user, organization=partner, role=role, actor=actor)
    if Role.PARTNER_ADMIN in held - wanted:
        _unassign_everywhere(partner, user)


@transaction.atomic
def partner_admin_remove(*, partner: Partner, user: User, actor: Actor) -> None:
    """Revoke every partner role of `user` in `partner` and their customer assignments."""
    if actor.user is not None and actor.user.pk == user.pk:
        raise ApplicationError("You cannot remove yourself; ask another full administrator.")
    held = list(
        PartnerRoleAssignment.objects.for_org(partner)
        .filter(user=user)
        .values_list("role", flat=True)
    )
    if not held:
        raise ApplicationError(f"{user.email} is not an administrator of {partner.name}.")
    _keep_a_full_admin(partner, user, set())
    for role in held:
        kernel.role_revoke(user=user, organization=partner, role=Role(role), actor=actor)
    _unassign_everywhere(partner, user)


def _unassign_everywhere(partner: Partner, user: User) -> None:
    for customer in Customer.objects.filter(
        owner=partner, assigned_permissions__user=user
    ).distinct():
        remove_perm(f"portal.{ASSIGNED_CUSTOMER_PERMISSION}", user, customer)
    forget_grants(user)


# --- Two-step verification policy (AC-3) --------------------------------------------------------

TWO_FACTOR_FIELDS = ["require_two_factor", "require_two_factor_for_customers"]


@transaction.atomic
def partner_two_factor_policy_set(
    *, partner: Partner, actor: Actor, own_admins: bool, customer_admins: bool
) -> Partner:
    """Require two-step verification of the partner's own administrators and/or of the
    administrators of its customers; they are asked to set it up at their next page."""
    partner = Partner.objects.select_for_update(of=("self",)).get(pk=partner.pk)
    before = snapshot(partner, TWO_FACTOR_FIELDS)
    partner.require_two_factor = bool(own_admins)
    partner.require_two_factor_for_customers = bool(customer_admins)
    after = snapshot(partner, TWO_FACTOR_FIELDS)
    if before == after:
        return partner
    partner.save(update_fields=TWO_FACTOR_FIELDS)
    audit_record(
        actor=actor,
        action="partner.two_factor_policy",
        organization=partner,
        before=before,
        after=after,
    )
    return partner
