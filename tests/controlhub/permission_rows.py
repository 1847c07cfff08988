"""Permission-matrix rows for Control Hub URLs (Contoso Dental: Restricted-by-Partner mode on)."""

from tests import demo
from tests.matrix import CONTOSO_ORG_PAGE

# Object ids the matrix puts into Control Hub URLs.
URL_KWARGS = {"subscriber_id": demo.CONTOSO_ADMIN_SUBSCRIBER, "location_id": demo.CONTOSO_HQ}


def _contoso(page=200, *, readonly=403, customer_full=403, partner_readonly=None):
    """A Contoso page only some admins may open; everyone else outside Contoso gets 404."""
    return {
        **CONTOSO_ORG_PAGE,
        "partner_readonly": readonly if partner_readonly is None else partner_readonly,
        "partner_full": page,
        "partner_assigned": page,
        "customer_full": customer_full,
        "customer_readonly": readonly,
    }


def _redirect(row):
    """GET on a form's POST-only URL sends those who may see the page back to it."""
    return {role: 302 if status == 200 else status for role, status in row.items()}


# Restricted by Partner Mode: Contoso's own full admin is refused, partner admins are not.
RESTRICTED = _contoso()
# Changes Contoso's full admin may make with the mode on; read-only admins may not.
CUSTOMER_WRITE = _contoso(customer_full=200)
# Partner admins only, whatever the mode (seed 001; test_always_on_restrictions.py).
PARTNER_ONLY = _contoso()

ROWS = {
    "controlhub:overview": CONTOSO_ORG_PAGE,
    "controlhub:audit_log": CONTOSO_ORG_PAGE,
    "controlhub:users": CONTOSO_ORG_PAGE,
    "controlhub:users_add": RESTRICTED,
    "controlhub:users_csv": RESTRICTED,
    "controlhub:users_csv_apply": _redirect(RESTRICTED),
    "controlhub:users_csv_template": RESTRICTED,
    "controlhub:users_export": CONTOSO_ORG_PAGE,
    "controlhub:user": CONTOSO_ORG_PAGE,
    "controlhub:user_package": RESTRICTED,
    "controlhub:user_number": _redirect(CONTOSO_ORG_PAGE),
    "controlhub:user_services": _redirect(CONTOSO_ORG_PAGE),
    "controlhub:user_role_assign": _redirect(CONTOSO_ORG_PAGE),
    "controlhub:user_role_remove": _redirect(CONTOSO_ORG_PAGE),
    "controlhub:administrators": CONTOSO_ORG_PAGE,
    "controlhub:locations": CONTOSO_ORG_PAGE,
    "controlhub:location_add": CUSTOMER_WRITE,
    "controlhub:location": CONTOSO_ORG_PAGE,
    "controlhub:numbers": CONTOSO_ORG_PAGE,
    "controlhub:numbers_add": PARTNER_ONLY,
    "controlhub:account": CONTOSO_ORG_PAGE,
    "controlhub:settings": CONTOSO_ORG_PAGE,
    "controlhub:domain_add": _redirect(CONTOSO_ORG_PAGE),
    "controlhub:domain_action": _redirect(CONTOSO_ORG_PAGE),
    "controlhub:settings_email": _redirect(CONTOSO_ORG_PAGE),
    "controlhub:settings_authentication": _redirect(CONTOSO_ORG_PAGE),
    "controlhub:calling": CONTOSO_ORG_PAGE,
    "controlhub:call_priority": _redirect(CONTOSO_ORG_PAGE),
    "controlhub:calling_behavior": _redirect(CONTOSO_ORG_PAGE),
    "controlhub:services": CONTOSO_ORG_PAGE,
}
