"""Which organizations a user holds a permission in, as one SQL filter.

The SQL twin of portal.access.entitlements: same role tables, applied to many organizations
at once so lists paginate in the database. tests/portal/test_access.py checks that both
give the same answer for every demo user, organization and codename.
"""

from django.db.models import Q

from portal.access import permissions as p
from portal.access import roles as r


def organizations_with_perm(model, user, perm=None, queryset=None):
    from portal.models import Customer, Partner

    qs = queryset if queryset is not None else model._default_manager.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    if model is Partner:
        return qs.filter(_partner_filter(user, perm or p.PARTNER_VIEW))
    if model is Customer:
        return qs.filter(_customer_filter(user, perm or p.ORG_VIEW))
    raise TypeError(f"{model.__name__} is not an organization")


def _nothing() -> Q:
    return Q(pk__in=[])


def indirect_provider_partners(user):
    """Top-level partners where the user holds every role the Indirect providers tab needs."""
    from portal.models import Partner, PartnerRoleAssignment

    partners = Partner.objects.filter(parent__isnull=True)
    for role in r.INDIRECT_PROVIDER_ROLES:
        partners = partners.filter(
            pk__in=PartnerRoleAssignment.objects.filter(user=user, role=role).values("partner")
        )
    return partners.values("pk")


def _partner_filter(user, perm: str) -> Q:
    from portal.models import PartnerRoleAssignment

    q = _nothing()
    roles = r.roles_granting(perm, r.PARTNER_ROLE_PERMISSIONS)
    if roles:
        q |= Q(
            pk__in=PartnerRoleAssignment.objects.filter(user=user, role__in=roles).values("partner")
        )
    if perm in r.INDIRECT_PROVIDER_PERMISSIONS:
        q |= Q(parent__isnull=True, pk__in=indirect_provider_partners(user))
    if perm in r.CROSS_LAUNCH_PERMISSIONS:
        q |= Q(parent__in=indirect_provider_partners(user))
    return q


def _customer_filter(user, perm: str) -> Q:
    from portal.models import (
        AssignedCustomerPermission,
        CustomerRoleAssignment,
        PartnerRoleAssignment,
    )

    q = _nothing()
    direct_roles = r.roles_granting(perm, r.CUSTOMER_ROLE_PERMISSIONS)
    if direct_roles:
        direct = Q(
            pk__in=CustomerRoleAssignment.objects.filter(user=user, role__in=direct_roles).values(
                "customer"
            )
        )
        if perm in r.RESTRICTED_BY_PARTNER:
            direct &= Q(restricted_by_partner=False)
        q |= direct
    # What partner roles give: the same three sources as entitlements.customer_entitlements,
    # capped in orgs where an attach made the partner provisioning admin only.
    from_partner = _nothing()
    partner_roles = r.roles_granting(perm, r.PARTNER_ROLE_CUSTOMER_PERMISSIONS)
    unconditional = [
        role for role in partner_roles if role not in r.ROLES_NEEDING_CUSTOMER_ASSIGNMENT
    ]
    if unconditional:
        from_partner |= Q(
            owner__in=PartnerRoleAssignment.objects.filter(
                user=user, role__in=unconditional
            ).values("partner")
        )
    assigned = [role for role in partner_roles if role in r.ROLES_NEEDING_CUSTOMER_ASSIGNMENT]
    if assigned:
        from_partner |= Q(
            owner__in=PartnerRoleAssignment.objects.filter(user=user, role__in=assigned).values(
                "partner"
            ),
            pk__in=AssignedCustomerPermission.objects.filter(
                user=user, permission__codename=r.ASSIGNED_CUSTOMER_PERMISSION
            ).values("content_object"),
        )
    if perm in r.PARTNER_CUSTOMER_FULL:
        from_partner |= Q(owner__parent__in=indirect_provider_partners(user))
    if perm not in r.PROVISIONING_ADMIN_PERMISSIONS:
        from_partner &= ~Q(partner_access=r.PROVISIONING_ADMIN_ACCESS)
    return q | from_partner
