"""Shared vocabulary of the permission matrices (tests/test_permission_matrix.py).

Each app keeps its own rows in tests/<app>/permission_rows.py, so parallel work does not
collide; the matrix test merges them and fails when a URL has no row. Every module has two
dicts: ROWS (what GET answers) and POST_ROWS (what a POST with an empty body answers).
"""

from tests import demo

ROLES = {
    "anonymous": None,
    "other_partner": demo.GLOBEX_ADMIN,
    "sub_partner": demo.NORTHWIND_ADMIN,
    "partner_readonly": demo.ACME_READONLY,
    "partner_full": demo.ACME_ADMIN,
    "partner_assigned": demo.ACME_SALES,
    "customer_full": demo.CONTOSO_ADMIN,
    "customer_readonly": demo.CONTOSO_READONLY,
    "compliance": demo.COMPLIANCE,
    "operator": demo.OPERATOR,
}

ANON = 302  # sent to the sign-in page


def row(anonymous=ANON, **statuses) -> dict[str, int]:
    return {"anonymous": anonymous, **statuses}


# Who may open a page of Acme's Partner Hub: its own admins only.
ACME_PARTNER_PAGE = row(
    other_partner=404,
    sub_partner=404,
    partner_readonly=200,
    partner_full=200,
    partner_assigned=200,
    customer_full=404,
    customer_readonly=404,
    compliance=404,
    operator=404,
)
# Who may open a page of Contoso's Control Hub: its admins and its partner's.
CONTOSO_ORG_PAGE = row(
    other_partner=404,
    sub_partner=404,
    partner_readonly=200,
    partner_full=200,
    partner_assigned=200,
    customer_full=200,
    customer_readonly=200,
    compliance=404,
    operator=404,
)
# POST to a page with nothing to change: whoever gets past "may see this organization" gets 403,
# because the hubs refuse every unsafe method unless the view names a write permission (denied
# by default). Views that do take a POST start from these and say what each role gets.
ACME_PARTNER_POST_REFUSED = {
    **ACME_PARTNER_PAGE,
    "partner_readonly": 403,
    "partner_full": 403,
    "partner_assigned": 403,
}
CONTOSO_ORG_POST_REFUSED = {
    **CONTOSO_ORG_PAGE,
    "partner_readonly": 403,
    "partner_full": 403,
    "partner_assigned": 403,
    "customer_full": 403,
    "customer_readonly": 403,
}
EVERYONE = dict.fromkeys(ROLES)


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)
