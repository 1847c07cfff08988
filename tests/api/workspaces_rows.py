"""API-matrix rows for /v1/workspaces (CH-12).

The workspace's path value carries Contoso's `orgId`, so other partners' tokens find no such
organization (404). Without an `orgId` the list is the partner's own organization's, which has
no workspaces (200, no items); a create without one is a 400. An empty PUT changes nothing.
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
    "workspaceId": (
        f"{ids.encode(ids.WORKSPACE, demo.CONTOSO_RECEPTION)}"
        f"?orgId={ids.encode(ids.ORGANIZATION, demo.CONTOSO)}"
    ),
}
ROWS: dict[tuple[str, str], dict[str, int]] = {
    ("GET", "/workspaces"): _row(200, 200, 403, 200, 200),
    ("POST", "/workspaces"): _row(400, 403, 403, 400, 400),
    ("GET", "/workspaces/{workspaceId}"): _row(200, 200, 403, 404, 404),
    ("PUT", "/workspaces/{workspaceId}"): _row(200, 403, 403, 404, 404),
    ("DELETE", "/workspaces/{workspaceId}"): _row(204, 403, 403, 404, 404),
}
