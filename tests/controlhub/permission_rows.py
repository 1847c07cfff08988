"""Permission-matrix rows for Control Hub URLs (Contoso Dental: Restricted-by-Partner mode on)."""

from tests import demo
from tests.matrix import CONTOSO_ORG_PAGE, CONTOSO_ORG_POST_REFUSED

# Object ids the matrix puts into Control Hub URLs.
URL_KWARGS = {
    "subscriber_id": demo.CONTOSO_ADMIN_SUBSCRIBER,
    "location_id": demo.CONTOSO_HQ,
    "workspace_id": demo.CONTOSO_RECEPTION,
    "device_id": demo.CONTOSO_DOOR_INTERCOM,
    "admin_id": 1,  # POST-only: GET is refused after the access checks, whoever it names
}


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
    # Resend invitation (AC-1): POST only.
    "controlhub:administrator_resend_invitation": {
        role: 405 if status == 200 else status for role, status in CONTOSO_ORG_PAGE.items()
    },
    "controlhub:locations": CONTOSO_ORG_PAGE,
    "controlhub:location_add": CUSTOMER_WRITE,
    "controlhub:location": CONTOSO_ORG_PAGE,
    "controlhub:numbers": CONTOSO_ORG_PAGE,
    "controlhub:numbers_add": PARTNER_ONLY,
    # Workspaces (CH-12): not among Restricted-by-Partner's controls, so Contoso's full admin
    # manages them too; read-only admins only look.
    "controlhub:workspaces": CONTOSO_ORG_PAGE,
    "controlhub:workspace_add": CUSTOMER_WRITE,
    "controlhub:workspace": CONTOSO_ORG_PAGE,
    "controlhub:workspace_package": _redirect(CONTOSO_ORG_PAGE),
    "controlhub:workspace_remove": _redirect(CUSTOMER_WRITE),
    # Devices (CH-10): like workspaces.
    "controlhub:devices": CONTOSO_ORG_PAGE,
    "controlhub:device_add": CUSTOMER_WRITE,
    "controlhub:device": CONTOSO_ORG_PAGE,
    "controlhub:device_regenerate": _redirect(CUSTOMER_WRITE),
    "controlhub:device_remove": _redirect(CUSTOMER_WRITE),
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
    "controlhub:webex_assistant": _redirect(CONTOSO_ORG_PAGE),
}


# --- POST with an empty body ----------------------------------------------------------------
def _contoso_post(status, *, customer_full=403):
    """Partner full and assigned admins get `status`; Contoso's full admin `customer_full`
    (403 where Restricted-by-Partner mode refuses it); read-only admins 403; outsiders 404."""
    return {
        **CONTOSO_ORG_POST_REFUSED,
        "partner_full": status,
        "partner_assigned": status,
        "customer_full": customer_full,
    }


REFUSED_POST = CONTOSO_ORG_POST_REFUSED  # a page with nothing to change
PARTNER_FORM = _contoso_post(400)  # restricted mode: partner admins only, form errors (400)
ANY_WRITER_FORM = _contoso_post(400, customer_full=400)  # allowed to Contoso's full admin too

POST_ROWS = {
    "controlhub:overview": REFUSED_POST,
    "controlhub:audit_log": REFUSED_POST,
    "controlhub:users": REFUSED_POST,
    "controlhub:users_add": PARTNER_FORM,
    "controlhub:users_csv": PARTNER_FORM,  # no file
    "controlhub:users_csv_apply": _contoso_post(302),  # nothing staged: back to the upload
    "controlhub:users_csv_template": REFUSED_POST,
    "controlhub:users_export": REFUSED_POST,
    "controlhub:user": ANY_WRITER_FORM,
    "controlhub:user_package": PARTNER_FORM,
    "controlhub:user_number": PARTNER_FORM,
    "controlhub:user_services": _contoso_post(302),  # the checkboxes: none ticked, saved
    "controlhub:user_role_assign": ANY_WRITER_FORM,
    "controlhub:user_role_remove": ANY_WRITER_FORM,
    "controlhub:administrators": REFUSED_POST,
    # Resend invitation (AC-1): the body names no administrator, so 404 once access passed.
    "controlhub:administrator_resend_invitation": _contoso_post(404, customer_full=404),
    "controlhub:locations": REFUSED_POST,
    "controlhub:location_add": ANY_WRITER_FORM,
    "controlhub:location": ANY_WRITER_FORM,
    "controlhub:numbers": REFUSED_POST,
    "controlhub:numbers_add": PARTNER_FORM,  # number management: partner admins only (CH-14)
    "controlhub:workspaces": REFUSED_POST,
    "controlhub:workspace_add": ANY_WRITER_FORM,
    "controlhub:workspace": ANY_WRITER_FORM,
    "controlhub:workspace_package": ANY_WRITER_FORM,  # no package chosen
    "controlhub:workspace_remove": _contoso_post(302, customer_full=302),  # removed, to the list
    "controlhub:devices": REFUSED_POST,
    "controlhub:device_add": ANY_WRITER_FORM,
    "controlhub:device": REFUSED_POST,
    "controlhub:device_regenerate": _contoso_post(302, customer_full=302),  # new password
    "controlhub:device_remove": _contoso_post(302, customer_full=302),
    "controlhub:account": PARTNER_FORM,
    "controlhub:settings": REFUSED_POST,
    "controlhub:domain_add": PARTNER_FORM,
    "controlhub:domain_action": _contoso_post(404),  # no domain named
    "controlhub:settings_email": PARTNER_FORM,
    "controlhub:settings_authentication": PARTNER_FORM,
    "controlhub:calling": REFUSED_POST,
    "controlhub:call_priority": PARTNER_FORM,
    "controlhub:calling_behavior": PARTNER_FORM,
    "controlhub:services": REFUSED_POST,
    # Webex Assistant (CH-13): partner and customer full admins, restricted mode or not.
    "controlhub:webex_assistant": _contoso_post(302, customer_full=302),
}
