"""Why a Control Hub control is unavailable, in words for its tooltip (FEATURES CH-8).

Whether it is available is always `user.has_perm(codename, customer)`; this module only
explains a "no", so the greyed control and the 403 behind it tell the same story.
"""

from portal.access import roles as r
from portal.access.entitlements import acting_on_behalf_of, grants_for

RESTRICTED = (
    "Restricted by Partner Mode: your partner manages this setting. "
    "Ask your partner administrator to change it."
)
PARTNER_ONLY = "Only your partner's administrators can change this setting."
PROVISIONING_ADMIN = (
    "Your partner is this organization's provisioning administrator: it provisions wholesale "
    "users and packages; the organization's own administrators manage the rest."
)
ROLE = "Your administrator role does not allow this."


def is_restricted_by_partner(user, perm: str, customer) -> bool:
    """True when the user's own roles would allow `perm` but Restricted-by-Partner mode does not."""
    if not customer.restricted_by_partner or perm not in r.RESTRICTED_BY_PARTNER:
        return False
    roles = grants_for(user).customer_roles.get(customer.pk, ())
    return any(perm in r.CUSTOMER_ROLE_PERMISSIONS.get(role, ()) for role in roles)


def is_capped_by_provisioning_admin_access(user, perm: str, customer) -> bool:
    """True when a partner admin is refused `perm` because an attach made the partner only the
    org's provisioning admin (PV-8, CH-7)."""
    return (
        customer.partner_access == r.PROVISIONING_ADMIN_ACCESS
        and perm not in r.PROVISIONING_ADMIN_PERMISSIONS
        and acting_on_behalf_of(user, customer) is not None
    )


def denial_reason(user, perm: str, customer) -> str:
    """'' when allowed, else why not."""
    if user.has_perm(perm, customer):
        return ""
    if is_restricted_by_partner(user, perm, customer):
        return RESTRICTED
    if is_capped_by_provisioning_admin_access(user, perm, customer):
        return PROVISIONING_ADMIN
    if perm in r.PARTNER_ONLY_CUSTOMER_PERMISSIONS:
        return PARTNER_ONLY
    return ROLE
