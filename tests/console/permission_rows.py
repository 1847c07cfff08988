"""Permission-matrix rows for the operator's console at /operator/ (OP-1): the operator only;
everyone else signed in gets 403 (a platform area, like compliance review). The partner named by
the matrix's partner_id is Acme Telecom, a top-level partner."""

from tests.matrix import ANON, everyone

OPERATOR_ONLY = {**everyone(403), "anonymous": ANON, "operator": 200}


def operator(status: int) -> dict[str, int]:
    return {**OPERATOR_ONLY, "operator": status}


ROWS = {
    "console:partners": OPERATOR_ONLY,
    "console:partner_create": OPERATOR_ONLY,
    "console:partner_detail": OPERATOR_ONLY,
    "console:partner_state": operator(405),  # POST only
    "console:partner_delete": operator(405),  # POST only
    "console:subscription_create": operator(302),  # the forms live on the partner's page
    "console:sku_set": operator(302),
    "console:price_change": operator(302),
    "console:setup_assist_enable": operator(405),  # POST only
    "console:compliance": OPERATOR_ONLY,
    "console:dpl_upload": operator(302),  # the form is on the compliance page
    "console:dpl_confirm": operator(302),
    "console:audit_log": OPERATOR_ONLY,
    # The Setup Assist team's queue (PH-11): the operator holds the team's permission too.
    "console:setup_assist_queue": OPERATOR_ONLY,
    "console:setup_assist_detail": OPERATOR_ONLY,
}
POST_ROWS = {
    "console:partners": operator(405),
    "console:partner_create": operator(400),  # the form again with its errors
    "console:partner_detail": operator(405),
    "console:partner_state": operator(302),  # "Unknown state" message, back to the partner
    "console:partner_delete": operator(302),  # Acme has customers: refused, says why
    "console:subscription_create": operator(400),  # Acme has one: the page with the reason
    "console:sku_set": operator(400),
    "console:price_change": operator(400),
    "console:setup_assist_enable": operator(302),  # disabled (no enabled=1), back to the partner
    "console:compliance": operator(400),  # no action named
    "console:dpl_upload": operator(400),  # no file
    "console:dpl_confirm": operator(400),  # no staged upload
    "console:audit_log": operator(405),
    "console:setup_assist_queue": operator(405),
    "console:setup_assist_detail": operator(400),  # no day given: the form with its error
}
