"""API-matrix rows for Wholesale Setup Assist (/v1/wholesale/setupAssist/requests, PH-11).

The matrix posts `{}`: a caller allowed to create gets 400 (fields missing). `{requestId}` is the
demo's requested Express request of Contoso Dental (wholesale/demo.py), Acme's: other partners
get 404; cancelling it is allowed to Acme's full admin (rolled back with the test)."""

from portal.api import ids
from wholesale.demo import request_id

UNAUTHENTICATED = {"no_token": 401, "invalid_token": 401}


def _rows(acme_admin, readonly, others, globex=None):
    """Writes need the wholesale role too, which Globex's admin lacks (403)."""
    return {
        **UNAUTHENTICATED,
        "acme_admin": acme_admin,
        "acme_readonly": readonly,
        "acme_no_scopes": 403,
        "northwind_admin": others,
        "globex_admin": others if globex is None else globex,
    }


ROWS: dict[tuple[str, str], dict[str, int]] = {
    ("GET", "/wholesale/setupAssist/requests"): _rows(200, 200, 200),
    ("POST", "/wholesale/setupAssist/requests"): _rows(400, 403, 400, globex=403),
    ("GET", "/wholesale/setupAssist/requests/{requestId}"): _rows(200, 200, 404),
    ("POST", "/wholesale/setupAssist/requests/{requestId}/cancel"): _rows(
        200, 403, 404, globex=403
    ),
}
PATH_VALUES: dict[str, str] = {
    "requestId": ids.encode(ids.SETUP_ASSIST, request_id("Contoso Dental", "Riverside Clinic"))
}
