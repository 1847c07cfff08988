"""Permission-matrix rows for Partner Hub URLs.

URL_KWARGS: values for URL parameters beyond partner_id/org_id (merged by the matrix test).
"""

from portal.demo import demo_id
from tests import demo
from tests.matrix import ACME_PARTNER_PAGE, ACME_PARTNER_POST_REFUSED, everyone

URL_KWARGS = {
    # The operator console's Setup Assist request (PH-11): the demo's requested one.
    "request_id": demo_id("setup_assist", "Contoso Dental/Riverside Clinic"),
    "template_id": demo_id("template", "acme-smb-calling"),
    "kind": "logo_light",
    "sub_partner_id": demo_id("partner", "Litware Networks"),
    # The set-password link (portal): an invalid one, which shows "no longer valid" to anyone.
    "uidb64": "MQ",
    "token": "not-a-token",
}


def _acme(**changes) -> dict[str, int]:
    return {**ACME_PARTNER_PAGE, **changes}


# Pages that change things need more than seeing the partner: a read-only admin gets 403.
CREATORS = _acme(partner_readonly=403)  # full admins and partner admins create customers
TEMPLATE_MANAGERS = _acme(partner_readonly=403, partner_assigned=403)
POST_ONLY = _acme(partner_readonly=405, partner_full=405, partner_assigned=405)
# Indirect providers: partner full admin + wholesale admin of a top-level partner only (PH-8).
INDIRECT_PROVIDER_ADMINS = _acme(partner_readonly=403, partner_assigned=403)
INDIRECT_PROVIDER_POST_ONLY = {**INDIRECT_PROVIDER_ADMINS, "partner_full": 405}
# No logo is uploaded in the demo data: whoever may look finds nothing (404), like outsiders.
NO_LOGO = _acme(partner_readonly=404, partner_full=404, partner_assigned=404)

ROWS = {
    "partnerhub:overview": ACME_PARTNER_PAGE,
    "partnerhub:audit_log": ACME_PARTNER_PAGE,
    # Usage activity import (PH-9): who sees analytics; full and wholesale admins import.
    "partnerhub:activity_import": _acme(partner_assigned=403),
    "partnerhub:overview_charts": ACME_PARTNER_PAGE,
    "partnerhub:customers": ACME_PARTNER_PAGE,
    "partnerhub:customers_export": ACME_PARTNER_PAGE,  # CSV of the filtered list (issue 16)
    "partnerhub:customers_bulk": POST_ONLY,  # bulk actions on the selected rows (issue 16)
    "partnerhub:customer_create": CREATORS,
    "partnerhub:customer_precheck": CREATORS,
    "partnerhub:customer_detail": ACME_PARTNER_PAGE,
    "partnerhub:customer_status": ACME_PARTNER_PAGE,
    "partnerhub:customer_panel": ACME_PARTNER_PAGE,  # the Customers list's side panel (issue 16)
    "partnerhub:customer_launch": POST_ONLY,
    # POST (retry a failed customer) is tested in tests/wholesale/test_tasks_final_state.py.
    "partnerhub:customer_retry": POST_ONLY,
    "partnerhub:customer_subscriptions": ACME_PARTNER_PAGE,
    "partnerhub:customer_partner_admins": ACME_PARTNER_PAGE,
    "partnerhub:customer_settings": ACME_PARTNER_PAGE,
    "partnerhub:customer_branding_logo": NO_LOGO,
    "partnerhub:customer_tags": ACME_PARTNER_PAGE,
    "partnerhub:customer_setup_assist": ACME_PARTNER_PAGE,  # requests and progress (PH-11)
    "partnerhub:customer_setup": CREATORS,
    "partnerhub:templates": ACME_PARTNER_PAGE,
    "partnerhub:template_create": TEMPLATE_MANAGERS,
    "partnerhub:template_detail": ACME_PARTNER_PAGE,
    "partnerhub:template_edit": TEMPLATE_MANAGERS,
    "partnerhub:template_delete": POST_ONLY,
    "partnerhub:tags": ACME_PARTNER_PAGE,
    "partnerhub:admins": ACME_PARTNER_PAGE,
    "partnerhub:branding": ACME_PARTNER_PAGE,
    "partnerhub:branding_logo": NO_LOGO,
    "partnerhub:sso": ACME_PARTNER_PAGE,
    "partnerhub:sub_partners": INDIRECT_PROVIDER_ADMINS,
    "partnerhub:sub_partner_create": INDIRECT_PROVIDER_ADMINS,
    "partnerhub:sub_partner_state": INDIRECT_PROVIDER_POST_ONLY,
    "partnerhub:sub_partner_launch": INDIRECT_PROVIDER_POST_ONLY,
}


# --- POST with an empty body ----------------------------------------------------------------
def _acme_post(**changes) -> dict[str, int]:
    """Refused (403) to Acme's admins unless `changes` says otherwise; 404/302 for the rest."""
    return {**ACME_PARTNER_POST_REFUSED, **changes}


REFUSED = _acme_post()
# A form re-rendered with its errors (400) for those who may submit it.
FORM_FOR_CREATORS = _acme_post(partner_full=400, partner_assigned=400)
FORM_FOR_FULL_ADMINS = _acme_post(partner_full=400)
# Actions whose target is in the URL: they run (or refuse with a message) and redirect.
REDIRECT_FOR_FULL_ADMINS = _acme_post(partner_full=302)

POST_ROWS = {
    "partnerhub:overview": REFUSED,
    "partnerhub:audit_log": REFUSED,
    "partnerhub:activity_import": FORM_FOR_FULL_ADMINS,
    "partnerhub:overview_charts": REFUSED,
    "partnerhub:customers": REFUSED,
    "partnerhub:customers_export": REFUSED,
    # Bulk actions: nothing selected is said on the list (302); read-only admins are refused.
    "partnerhub:customers_bulk": _acme_post(partner_full=302, partner_assigned=302),
    "partnerhub:customer_create": FORM_FOR_CREATORS,  # the wizard's first step, blocked
    "partnerhub:customer_precheck": REFUSED,  # GET only (htmx while typing)
    "partnerhub:customer_detail": REFUSED,
    "partnerhub:customer_status": REFUSED,
    "partnerhub:customer_panel": REFUSED,  # GET only: a POST is refused (403 / 404 outsiders)
    # Launching is a read: every Acme admin who sees Contoso lands in its Control Hub.
    "partnerhub:customer_launch": _acme_post(
        partner_readonly=302, partner_full=302, partner_assigned=302
    ),
    # Retry (PV-1): Contoso is provisioned, so nothing to retry: the error page says so (409).
    "partnerhub:customer_retry": _acme_post(partner_full=409, partner_assigned=409),
    # Lifecycle actions (OP-1): no action named is "Unknown action" (400) for those who may act.
    "partnerhub:customer_subscriptions": _acme_post(partner_full=400, partner_assigned=400),
    "partnerhub:customer_partner_admins": _acme_post(partner_full=302, partner_assigned=302),
    # Each action checks its own permission; no action at all is "Unknown action" (400), even
    # for a read-only admin, who is refused once an action is named.
    "partnerhub:customer_settings": _acme_post(
        partner_readonly=400, partner_full=400, partner_assigned=400
    ),
    "partnerhub:customer_branding_logo": REFUSED,
    "partnerhub:customer_tags": _acme_post(partner_full=200, partner_assigned=200),
    # No action named: "Unknown action" (400) for those who may request Setup Assist (PH-11).
    "partnerhub:customer_setup_assist": _acme_post(partner_full=400, partner_assigned=400),
    "partnerhub:customer_setup": FORM_FOR_CREATORS,
    "partnerhub:templates": REFUSED,
    "partnerhub:template_create": FORM_FOR_FULL_ADMINS,
    "partnerhub:template_detail": REFUSED,
    "partnerhub:template_edit": FORM_FOR_FULL_ADMINS,
    # The template is in the URL: an empty body deletes it (rolled back with the test).
    "partnerhub:template_delete": REDIRECT_FOR_FULL_ADMINS,
    "partnerhub:tags": FORM_FOR_CREATORS,
    "partnerhub:admins": FORM_FOR_FULL_ADMINS,
    "partnerhub:branding": FORM_FOR_FULL_ADMINS,
    "partnerhub:branding_logo": REFUSED,
    "partnerhub:sso": FORM_FOR_FULL_ADMINS,
    "partnerhub:sub_partners": REFUSED,
    "partnerhub:sub_partner_create": FORM_FOR_FULL_ADMINS,
    # No state given: refused with a message, back to the list.
    "partnerhub:sub_partner_state": REDIRECT_FOR_FULL_ADMINS,
    "partnerhub:sub_partner_launch": REDIRECT_FOR_FULL_ADMINS,
}

# --- The cross-launched context (PH-8) ---------------------------------------------------------
# The same Partner Hub (and billing) URLs evaluated in Northwind Reseller, Acme's sub-partner:
# its own admin gets in like a full admin; Acme's full + wholesale admin gets in cross-launched,
# except the screens unavailable there (Reports, Invoices: 403) and the Indirect providers tab
# (one level only: 403 for both); everyone else, Acme's other admins included, gets a 404.
CROSS_LAUNCH_URL_KWARGS = {
    "partner_id": demo.NORTHWIND,
    "org_id": demo.TAILSPIN,
    "template_id": demo_id("template", "northwind-standard"),
    "kind": "logo_light",
    "sub_partner_id": demo.NORTHWIND,
    "uidb64": "MQ",
    "token": "not-a-token",
}
UNAVAILABLE_CROSS_LAUNCHED = {
    "billing:reports",
    "billing:report_create",
    "billing:report_delete",
    "billing:invoices",
    "billing:invoice_csv",
    "billing:invoice_print",
    # Analytics are unavailable cross-launched (seed 001); the parent imports at its own level.
    "partnerhub:activity_import",
}
INDIRECT_PROVIDER_URLS = {name for name in ROWS if "sub_partner" in name}


def cross_launch_row(name: str, acme_row: dict[str, int]) -> dict[str, int]:
    """Northwind's row, derived from the URL's row in Acme (what a full admin gets there)."""
    if len(set(acme_row.values())) == 1:  # the same for all (e.g. a download needing a token)
        return dict(acme_row)
    full = acme_row["partner_full"]
    row = {**everyone(404), "anonymous": acme_row["anonymous"], "sub_partner": full}
    row["partner_full"] = 403 if name in UNAVAILABLE_CROSS_LAUNCHED else full
    if name in INDIRECT_PROVIDER_URLS:
        row["partner_full"] = row["sub_partner"] = 403
    return row
