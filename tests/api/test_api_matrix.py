"""Every /v1 operation × every kind of caller, with the status each must get.

An operation missing from API_MATRIX fails `test_every_operation_has_a_row`. Tokens are
issued per test: Acme's full admin with every scope, Acme's read-only admin with read
scopes, Acme's full admin with no scopes, other partners' admins, and no/invalid token.
"""

import pytest

from portal.api import scopes
from portal.api.root import api
from portal.audit import Actor
from portal.models import Partner, User
from portal.services import api_token_issue
from tests import demo
from tests.api import (
    billing_rows,
    devices_rows,
    locations_rows,
    partner_rows,
    setup_assist_rows,
    wholesale_rows,
    workspaces_rows,
)
from tests.api.callers import CALLERS  # noqa: E402

#: (method, path template) -> {caller: status}; each API area keeps its rows (and the values
#: of its path parameters) in its own module so parallel work does not collide.
API_MATRIX = {
    **billing_rows.ROWS,
    **partner_rows.ROWS,
    **wholesale_rows.ROWS,
    **locations_rows.ROWS,
    **workspaces_rows.ROWS,
    **devices_rows.ROWS,
    **setup_assist_rows.ROWS,
}
PATH_VALUES = {
    **billing_rows.PATH_VALUES,
    **partner_rows.PATH_VALUES,
    **wholesale_rows.PATH_VALUES,
    **locations_rows.PATH_VALUES,
    **workspaces_rows.PATH_VALUES,
    **devices_rows.PATH_VALUES,
    **setup_assist_rows.PATH_VALUES,
}


def operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    found = set()
    for path, methods in schema["paths"].items():
        for method in methods:
            found.add((method.upper(), path.removeprefix("/v1")))
    return found


def test_every_operation_has_a_row():
    ops = operations()
    assert ops - API_MATRIX.keys() == set(), "add these operations to API_MATRIX"
    assert API_MATRIX.keys() - ops == set(), "these rows name operations that no longer exist"
    for op, row in API_MATRIX.items():
        assert set(row) == set(CALLERS), f"{op} needs a status for every caller"


@pytest.fixture
def tokens(db):
    def issue(email, partner_id, granted):
        user = User.objects.get(email=email)
        partner = Partner.objects.get(pk=partner_id)
        return api_token_issue(user=user, partner=partner, scopes=granted, actor=Actor.system())[1]

    return {
        "no_token": None,
        "invalid_token": "not-a-token",
        "acme_admin": issue(demo.ACME_ADMIN, demo.ACME, sorted(scopes.ALL)),
        "acme_readonly": issue(demo.ACME_READONLY, demo.ACME, sorted(scopes.READ)),
        "acme_no_scopes": issue(demo.ACME_ADMIN, demo.ACME, []),
        "northwind_admin": issue(demo.NORTHWIND_ADMIN, demo.NORTHWIND, sorted(scopes.ALL)),
        "globex_admin": issue(demo.GLOBEX_ADMIN, demo.GLOBEX, sorted(scopes.ALL)),
    }


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("operation", sorted(API_MATRIX))
def test_api_matrix(client, tokens, operation, caller):
    method, path = operation
    headers = {}
    if tokens[caller]:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {tokens[caller]}"
    url = "/v1" + path.format(**PATH_VALUES)
    response = client.generic(method, url, data=b"{}", content_type="application/json", **headers)
    assert response.status_code == API_MATRIX[operation][caller], (operation, caller)
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"message", "errors", "trackingId"}


def test_openapi_document_and_docs_are_served(client):
    schema = client.get("/v1/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "Wholesale Portal API"
    assert client.get("/v1/docs").status_code == 200


def test_unknown_api_paths_answer_with_the_error_body(client):
    response = client.get("/v1/wholesale/nothing-here")
    assert response.status_code == 404
    assert set(response.json()) == {"message", "errors", "trackingId"}
