"""Conformance: schemathesis drives Webex's own wholesale contract (a copy of
../shared/specs/webex-wholesale.json) at the live server with the demo admin token.

For every customer and subscriber operation: no generated input gets a 5xx, and every response
conforms to OUR /v1/openapi.json (status documented, body matching its schema). Bounded: a few
examples per operation, derandomized, so the suite stays fast and repeatable.
"""

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import response_schema_conformance, status_code_conformance

from portal.api.root import api

SPEC = Path(__file__).with_name("webex-wholesale.json")
WEBEX = schemathesis.openapi.from_path(SPEC)
OURS = schemathesis.openapi.from_dict(api.get_openapi_schema())
LABELS = sorted(
    op.label
    for op in (result.ok() for result in WEBEX.get_all_operations())
    if "/wholesale/customers" in op.path or "/wholesale/subscribers" in op.path
)
MAX_EXAMPLES = 6

pytestmark = pytest.mark.usefixtures("live_demo")


def test_the_contract_lists_every_operation_we_serve():
    assert len(LABELS) == 12


def test_every_operation_conforms(live_server):
    # One test, one demo load: a live-server test flushes and reloads the database each time.
    for label in LABELS:
        _check(live_server, label)


def _check(live_server, label):
    webex_op = WEBEX.find_operation_by_label(label)
    method, path = label.split(" ", 1)
    ours_op = OURS.find_operation_by_label(f"{method} /v1{path}")
    headers = {"Authorization": "Bearer demo-token-acme-admin"}

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=webex_op.as_strategy())
    def run(case):
        response = case.call(base_url=f"{live_server.url}/v1", headers=headers)
        assert response.status_code < 500, (case.path, case.query, case.body, response.text)
        ours = ours_op.Case(
            path_parameters=case.path_parameters,
            query=case.query,
            body=case.body,
            media_type=case.media_type,
        )
        ours.validate_response(
            response, checks=[status_code_conformance, response_schema_conformance]
        )

    run()
