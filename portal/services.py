"""Kernel services: organizations, roles and per-customer assignments.

Each function is one transaction, validates with full_clean and writes an audit event.
"""

from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from portal.access.entitlements import forget_grants
from portal.access.roles import (
    ASSIGNED_CUSTOMER_PERMISSION,
    CUSTOMER_ROLES,
    PARTNER_ROLES,
    Role,
)
from portal.audit import Actor, audit_record, snapshot
from portal.errors import ApplicationError
from portal.models import (
    ApiToken,
    Customer,
    CustomerRoleAssignment,
    Partner,
    PartnerRoleAssignment,
    User,
)


@transaction.atomic
def partner_create(*, name: str, actor: Actor, parent: Partner | None = None) -> Partner:
    partner = Partner(name=name, parent=parent)
    partner.full_clean()
    partner.save()
    audit_record(
        actor=actor,
        action="partner.create",
        organization=parent or partner,
        target=partner,
        after=snapshot(partner, ["name", "parent_id", "state"]),
    )
    return partner


@transaction.atomic
def role_grant(*, user: User, organization: Partner | Customer, role: Role, actor: Actor):
    """Give `user` a role in an organization; granting a role held already changes nothing."""
    if isinstance(organization, Partner):
        if role not in PARTNER_ROLES:
            raise ApplicationError(f"{role.label} is not a partner role.")
        assignment, created = PartnerRoleAssignment.objects.get_or_create(
            user=user, partner=organization, role=role
        )
    else:
        if role not in CUSTOMER_ROLES:
            raise ApplicationError(f"{role.label} is not a customer role.")
        assignment, created = CustomerRoleAssignment.objects.get_or_create(
            user=user, customer=organization, role=role
        )
    if created:
        audit_record(
            actor=actor,
            action="role.grant",
            organization=organization,
            target=user,
            after={"role": role.value},
        )
    forget_grants(user)
    return assignment


@transaction.atomic
def role_revoke(*, user: User, organization: Partner | Customer, role: Role, actor: Actor) -> None:
    if isinstance(organization, Partner):
        deleted, _ = PartnerRoleAssignment.objects.filter(
            user=user, partner=organization, role=role
        ).delete()
    else:
        deleted, _ = CustomerRoleAssignment.objects.filter(
            user=user, customer=organization, role=role
        ).delete()
    if deleted:
        audit_record(
            actor=actor,
            action="role.revoke",
            organization=organization,
            target=user,
            before={"role": role.value},
        )
    forget_grants(user)


@transaction.atomic
def customer_assign_partner_admin(*, customer: Customer, user: User, actor: Actor) -> None:
    """Let a partner admin limited to assigned customers administer `customer`."""
    if not PartnerRoleAssignment.objects.filter(user=user, partner=customer.owner).exists():
        raise ApplicationError(f"{user.email} is not an administrator of {customer.owner.name}.")
    assign_perm(f"portal.{ASSIGNED_CUSTOMER_PERMISSION}", user, customer)
    audit_record(
        actor=actor, action="customer.assign_partner_admin", organization=customer, target=user
    )
    forget_grants(user)


@transaction.atomic
def customer_unassign_partner_admin(*, customer: Customer, user: User, actor: Actor) -> None:
    remove_perm(f"portal.{ASSIGNED_CUSTOMER_PERMISSION}", user, customer)
    audit_record(
        actor=actor, action="customer.unassign_partner_admin", organization=customer, target=user
    )
    forget_grants(user)


@transaction.atomic
def api_token_issue(
    *,
    user: User,
    partner: Partner,
    scopes: list[str],
    actor: Actor,
    name: str = "",
    raw: str | None = None,
) -> tuple[ApiToken, str]:
    """Issue a bearer token for `user` acting in `partner`; returns it with its secret, which
    is shown once and stored only as a hash. `raw` fixes the secret (demo tokens)."""
    from portal.api import scopes as known_scopes
    from portal.models.tokens import hash_token

    unknown = set(scopes) - known_scopes.ALL
    if unknown:
        raise ApplicationError(f"Unknown scopes: {', '.join(sorted(unknown))}.")
    if not PartnerRoleAssignment.objects.filter(user=user, partner=partner).exists():
        raise ApplicationError(f"{user.email} is not an administrator of {partner.name}.")
    raw = raw or ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        partner=partner,
        name=name,
        token_hash=hash_token(raw),
        prefix=raw[:8],
        scopes=sorted(scopes),
    )
    audit_record(
        actor=actor,
        action="api_token.issue",
        organization=partner,
        target=user,
        after={"name": name, "scopes": sorted(scopes), "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Actor) -> None:
    from django.utils import timezone

    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="api_token.revoke",
            organization=token.partner,
            target=token.user,
            before={"prefix": token.prefix},
        )
