"""Permission-matrix rows for Partner Hub URLs.

URL_KWARGS: values for URL parameters beyond partner_id/org_id (merged by the matrix test).
"""

from portal.demo import demo_id
from tests.matrix import ACME_PARTNER_PAGE

URL_KWARGS = {
    "template_id": demo_id("template", "acme-smb-calling"),
    "kind": "logo_light",
}


def _acme(**changes) -> dict[str, int]:
    return {**ACME_PARTNER_PAGE, **changes}


# Pages that change things need more than seeing the partner: a read-only admin gets 403.
CREATORS = _acme(partner_readonly=403)  # full admins and partner admins create customers
TEMPLATE_MANAGERS = _acme(partner_readonly=403, partner_assigned=403)
POST_ONLY = _acme(partner_readonly=405, partner_full=405, partner_assigned=405)
# No logo is uploaded in the demo data: whoever may look finds nothing (404), like outsiders.
NO_LOGO = _acme(partner_readonly=404, partner_full=404, partner_assigned=404)

ROWS = {
    "partnerhub:overview": ACME_PARTNER_PAGE,
    "partnerhub:audit_log": ACME_PARTNER_PAGE,
    "partnerhub:customers": ACME_PARTNER_PAGE,
    "partnerhub:customer_create": CREATORS,
    "partnerhub:customer_precheck": CREATORS,
    "partnerhub:customer_detail": ACME_PARTNER_PAGE,
    "partnerhub:customer_status": ACME_PARTNER_PAGE,
    "partnerhub:customer_launch": POST_ONLY,
    "partnerhub:customer_subscriptions": ACME_PARTNER_PAGE,
    "partnerhub:customer_partner_admins": ACME_PARTNER_PAGE,
    "partnerhub:customer_settings": ACME_PARTNER_PAGE,
    "partnerhub:customer_branding_logo": NO_LOGO,
    "partnerhub:customer_tags": ACME_PARTNER_PAGE,
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
}
