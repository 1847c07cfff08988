"""API-matrix rows for /v1/locations (API-7).

The location's path value carries Contoso's `orgId` (the matrix sends no other query string), so
other partners' tokens find no such organization (404). Without an `orgId` the list is the
partner's own organization's, which has no locations: 200 with no items; a create without one
is a 400. Contoso's headquarters has users and numbers: deleting it is refused (409).
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


PATH_VALUES = {
    "locationId": (
        f"{ids.encode(ids.LOCATION, demo.CONTOSO_HQ)}"
        f"?orgId={ids.encode(ids.ORGANIZATION, demo.CONTOSO)}"
    ),
}
ROWS: dict[tuple[str, str], dict[str, int]] = {
    ("GET", "/locations"): _row(200, 200, 403, 200, 200),
    ("POST", "/locations"): _row(400, 403, 403, 400, 400),
    ("GET", "/locations/{locationId}"): _row(200, 200, 403, 404, 404),
    ("PUT", "/locations/{locationId}"): _row(204, 403, 403, 404, 404),
    ("DELETE", "/locations/{locationId}"): _row(409, 403, 403, 404, 404),
}
