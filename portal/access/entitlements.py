"""What one user may do in one organization, computed in Python from the role tables.

The user's grants are loaded once per request (three small queries) and cached on the user
object; every later `has_perm` on that request is a set lookup.
"""

from dataclasses import dataclass

from portal.access import roles as r
from portal.access.roles import Role


@dataclass(frozen=True)
class Grants:
    partner_roles: dict  # partner id -> frozenset[Role]
    customer_roles: dict  # customer id -> frozenset[Role]
    platform_roles: frozenset
    assigned_customers: frozenset  # customer ids (django-guardian per-customer grants)

    def in_partner(self, partner_id) -> frozenset:
        return self.partner_roles.get(partner_id, frozenset())

    def is_indirect_provider_admin(self, partner_id) -> bool:
        return self.in_partner(partner_id) >= r.INDIRECT_PROVIDER_ROLES


_CACHE_ATTR = "_portal_grants"
EMPTY = Grants({}, {}, frozenset(), frozenset())


def grants_for(user) -> Grants:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = _load_grants(user)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user) -> None:
    """Call after changing a user's roles within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _load_grants(user) -> Grants:
    from portal.models import (
        AssignedCustomerPermission,
        CustomerRoleAssignment,
        PartnerRoleAssignment,
        PlatformRoleAssignment,
    )

    partner_roles: dict = {}
    for partner_id, role in PartnerRoleAssignment.objects.filter(user=user).values_list(
        "partner_id", "role"
    ):
        partner_roles.setdefault(partner_id, set()).add(Role(role))
    customer_roles: dict = {}
    for customer_id, role in CustomerRoleAssignment.objects.filter(user=user).values_list(
        "customer_id", "role"
    ):
        customer_roles.setdefault(customer_id, set()).add(Role(role))
    platform = PlatformRoleAssignment.objects.filter(user=user).values_list("role", flat=True)
    assigned = AssignedCustomerPermission.objects.filter(
        user=user, permission__codename=r.ASSIGNED_CUSTOMER_PERMISSION
    ).values_list("content_object_id", flat=True)
    return Grants(
        partner_roles={k: frozenset(v) for k, v in partner_roles.items()},
        customer_roles={k: frozenset(v) for k, v in customer_roles.items()},
        platform_roles=frozenset(Role(role) for role in platform),
        assigned_customers=frozenset(assigned),
    )


def _union(table: dict, roles) -> set:
    perms: set = set()
    for role in roles:
        perms |= table.get(role, frozenset())
    return perms


def partner_entitlements(user, partner) -> frozenset:
    grants = grants_for(user)
    roles = grants.in_partner(partner.pk)
    perms = _union(r.PARTNER_ROLE_PERMISSIONS, roles)
    if partner.parent_id is None and roles >= r.INDIRECT_PROVIDER_ROLES:
        perms |= r.INDIRECT_PROVIDER_PERMISSIONS
    if partner.parent_id and grants.is_indirect_provider_admin(partner.parent_id):
        perms |= r.CROSS_LAUNCH_PERMISSIONS
    return frozenset(perms)


def customer_entitlements(user, customer) -> frozenset:
    grants = grants_for(user)
    perms = _union(r.CUSTOMER_ROLE_PERMISSIONS, grants.customer_roles.get(customer.pk, ()))
    if customer.restricted_by_partner:
        perms -= r.RESTRICTED_BY_PARTNER
    from_partner: set = set()
    for role in grants.in_partner(customer.owner_id):
        if role in r.ROLES_NEEDING_CUSTOMER_ASSIGNMENT and (
            customer.pk not in grants.assigned_customers
        ):
            continue
        from_partner |= r.PARTNER_ROLE_CUSTOMER_PERMISSIONS.get(role, frozenset())
    parent_id = customer.owner.parent_id
    if parent_id and grants.is_indirect_provider_admin(parent_id):
        from_partner |= r.PARTNER_CUSTOMER_FULL
    if customer.partner_access == r.PROVISIONING_ADMIN_ACCESS:
        from_partner &= r.PROVISIONING_ADMIN_PERMISSIONS
    return frozenset(perms | from_partner)


def platform_entitlements(user) -> frozenset:
    return frozenset(_union(r.PLATFORM_ROLE_PERMISSIONS, grants_for(user).platform_roles))


def entitlements(user, obj=None) -> frozenset:
    from portal.models import Customer, Partner

    if obj is None:
        return platform_entitlements(user)
    if isinstance(obj, Partner):
        return partner_entitlements(user, obj)
    if isinstance(obj, Customer):
        return customer_entitlements(user, obj)
    return frozenset()


def acting_on_behalf_of(user, obj):
    """The partner a user acts for when not a member of `obj` itself, else None.

    A partner admin inside a customer's Control Hub acts on behalf of their partner; a parent
    admin cross-launched into a sub-partner's Partner Hub acts on behalf of the parent.
    """
    from portal.models import Customer, Partner

    grants = grants_for(user)
    if isinstance(obj, Customer):
        if obj.pk in grants.customer_roles:
            return None
        if grants.in_partner(obj.owner_id):
            return obj.owner
        return obj.owner.parent if obj.owner.parent_id else None
    if isinstance(obj, Partner):
        if grants.in_partner(obj.pk):
            return None
        return obj.parent
    return None
