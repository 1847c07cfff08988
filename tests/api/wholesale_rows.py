"""API-matrix rows for wholesale customers, subscribers and sub-partners
(/v1/wholesale/customers, /v1/wholesale/subscribers, /v1/wholesale/subPartners).

ROWS: (method, path template as in /v1/openapi.json without /v1) -> {caller: status}
PATH_VALUES: values for the path parameters those templates use.

Every request of the matrix sends the body `{}`: writes that get past the access checks answer
400 (the body is not valid) or, where `{}` is a valid body, what the operation does with it.
"""

from portal.api import ids
from portal.demo import demo_id
from tests import demo

ROWS: dict[tuple[str, str], dict[str, int]] = {}
PATH_VALUES: dict[str, str] = {
    "customerId": ids.encode(ids.CUSTOMER, demo.CONTOSO),
    "subscriberId": ids.encode(ids.SUBSCRIBER, demo_id("subscriber", demo.CONTOSO_ADMIN)),
}

NO_TOKEN = {"no_token": 401, "invalid_token": 401}


def _row(acme_admin, acme_readonly, northwind, globex, acme_no_scopes=403):
    return {
        **NO_TOKEN,
        "acme_admin": acme_admin,
        "acme_readonly": acme_readonly,
        "acme_no_scopes": acme_no_scopes,
        "northwind_admin": northwind,
        "globex_admin": globex,
    }


# Reads: any admin of a partner with the read scope; another partner's customer is a 404.
LIST = _row(200, 200, 200, 200)
GET_ONE = _row(200, 200, 404, 404)
# Writes need the write scope (read-only tokens: 403) and the wholesale role (Globex: 403).
WRITE_BODY_REQUIRED = _row(400, 403, 400, 403)

ROWS.update(
    {
        ("GET", "/wholesale/customers"): LIST,
        ("POST", "/wholesale/customers"): WRITE_BODY_REQUIRED,
        ("POST", "/wholesale/customers/validate"): WRITE_BODY_REQUIRED,
        ("GET", "/wholesale/customers/{customerId}"): GET_ONE,
        ("PUT", "/wholesale/customers/{customerId}"): _row(400, 403, 400, 403),
        ("DELETE", "/wholesale/customers/{customerId}"): _row(202, 403, 404, 403),
        ("GET", "/wholesale/subscribers"): LIST,
        ("POST", "/wholesale/subscribers"): WRITE_BODY_REQUIRED,
        ("POST", "/wholesale/subscribers/validate"): WRITE_BODY_REQUIRED,
        ("GET", "/wholesale/subscribers/{subscriberId}"): GET_ONE,
        # `{}` names no package: 400 for Acme; Northwind cannot see Contoso's user: 404 first.
        ("PUT", "/wholesale/subscribers/{subscriberId}"): _row(400, 403, 404, 403),
        ("DELETE", "/wholesale/subscribers/{subscriberId}"): _row(204, 403, 404, 403),
    }
)

# Sub-partners (API-3): only a top-level partner's full + wholesale admin lists them; a
# sub-partner's admin, a read-only admin and another partner's full admin get 403.
ROWS[("GET", "/wholesale/subPartners")] = _row(200, 403, 403, 403)
