"""API-matrix rows for billing reports (/v1/wholesale/billing/reports...).

ROWS: (method, path template as in /v1/openapi.json without /v1) -> {caller: status}
PATH_VALUES: values for the path parameters those templates use.

The matrix posts `{}`: a caller allowed to create gets 400 (dates missing). `{id}` is the demo's
completed report of Acme (billing/demo.py), invisible to other partners (404).
"""

from billing.demo import demo_report_id
from portal.api import ids

UNAUTHENTICATED = {"no_token": 401, "invalid_token": 401}

ROWS: dict[tuple[str, str], dict[str, int]] = {
    ("GET", "/wholesale/billing/reports"): {
        **UNAUTHENTICATED,
        "acme_admin": 200,
        "acme_readonly": 200,
        "acme_no_scopes": 403,
        "northwind_admin": 200,
        "globex_admin": 200,
    },
    ("POST", "/wholesale/billing/reports"): {
        **UNAUTHENTICATED,
        "acme_admin": 400,
        "acme_readonly": 403,
        "acme_no_scopes": 403,
        "northwind_admin": 400,
        "globex_admin": 400,
    },
    ("GET", "/wholesale/billing/reports/{id}"): {
        **UNAUTHENTICATED,
        "acme_admin": 200,
        "acme_readonly": 200,
        "acme_no_scopes": 403,
        "northwind_admin": 404,
        "globex_admin": 404,
    },
    ("DELETE", "/wholesale/billing/reports/{id}"): {
        **UNAUTHENTICATED,
        "acme_admin": 204,
        "acme_readonly": 403,
        "acme_no_scopes": 403,
        "northwind_admin": 404,
        "globex_admin": 404,
    },
}
PATH_VALUES: dict[str, str] = {"id": ids.encode(ids.REPORT, demo_report_id())}
