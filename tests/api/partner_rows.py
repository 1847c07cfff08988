"""API-matrix rows for partner tags and partner admins (/v1/partner/...).

ROWS: (method, path template as in /v1/openapi.json without /v1) -> {caller: status}
PATH_VALUES: values for the path parameters those templates use.

The matrix sends no query string, so list operations whose query parameter is required
(`tags`, `managedBy`) answer 400 once access is granted: the status still tells "allowed" (400)
from "no scope" (403). Contoso belongs to Acme, so other partners' tokens find no such
organization (404).
"""

from portal.api import ids
from tests import demo

ANON = {"no_token": 401, "invalid_token": 401}


def _row(admin, readonly, no_scopes, northwind, globex):
    return {
        **ANON,
        "acme_admin": admin,
        "acme_readonly": readonly,
        "acme_no_scopes": no_scopes,
        "northwind_admin": northwind,
        "globex_admin": globex,
    }


READ_IN_CONTOSO = _row(200, 200, 403, 404, 404)
WRITE_IN_CONTOSO = _row(200, 403, 403, 404, 404)
LIST_NEEDS_QUERY = _row(400, 400, 403, 400, 400)

ROWS: dict[tuple[str, str], dict[str, int]] = {
    ("GET", "/partner/organizations"): LIST_NEEDS_QUERY,
    ("GET", "/partner/organizations/{orgId}/partnerAdmins"): _row(200, 403, 403, 404, 404),
    ("POST", "/partner/organizations/{orgId}/partnerAdmin/{personId}/assign"): WRITE_IN_CONTOSO,
    ("DELETE", "/partner/organizations/{orgId}/partnerAdmin/{personId}/unassign"): (
        WRITE_IN_CONTOSO
    ),
    ("DELETE", "/partner/organizations/partnerAdmin/{personId}"): _row(204, 403, 403, 404, 404),
    ("GET", "/partner/tags"): _row(200, 200, 403, 200, 200),
    # Usage activity (PH-9): the matrix's empty body lacks `csv` (400 once allowed).
    ("POST", "/partner/activity/import"): _row(400, 403, 403, 400, 400),
    ("POST", "/partner/tags/organizations/{orgId}/assignTags"): WRITE_IN_CONTOSO,
    ("GET", "/partner/tags/organizations/{orgId}"): READ_IN_CONTOSO,
    ("GET", "/partner/tags/organizations"): LIST_NEEDS_QUERY,
    (
        "POST",
        "/partner/tags/organizations/{orgId}/subscriptions/{subscriptionId}/assignTags",
    ): WRITE_IN_CONTOSO,
    ("GET", "/partner/tags/subscriptions"): LIST_NEEDS_QUERY,
    ("GET", "/partner/tags/organizations/{orgId}/subscriptions/{subscriptionId}"): (
        READ_IN_CONTOSO
    ),
}
PATH_VALUES: dict[str, str] = {
    "orgId": ids.encode(ids.ORGANIZATION, demo.CONTOSO),
    # A person ID may be given as the admin's email (see partnerhub.api._person).
    "personId": demo.ACME_SALES,
    "subscriptionId": "Sub-ACME-0001",
}
