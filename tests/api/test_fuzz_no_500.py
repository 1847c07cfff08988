"""No generated input gets a 5xx (issue 15): schemathesis drives every operation of OUR
/v1/openapi.json and of Webex's wholesale contract (tests/api/webex-wholesale.json), in positive
and negative mode, through the WSGI app with the demo admin token. Only "no server error" is
checked here; conformance to the contract is test_conformance.py's.

Bounded and derandomized so it stays fast and repeatable; the hand-written inputs the
adversarial run found are regression tests in tests/test_bad_input.py.
"""

from collections import Counter
from contextlib import suppress
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from portal.api.root import api

pytestmark = pytest.mark.django_db

SPEC = Path(__file__).with_name("webex-wholesale.json")
OURS = schemathesis.openapi.from_dict(api.get_openapi_schema())
WEBEX = schemathesis.openapi.from_path(SPEC)
HEADERS = {"Authorization": "Bearer demo-token-acme-admin"}
MAX_EXAMPLES = 4


def _labels(schema) -> list[str]:
    return sorted(result.ok().label for result in schema.get_all_operations())


def _served(label: str) -> bool:
    """Webex operations under the paths this portal mounts (portal.settings.API_ROUTERS)."""
    path = label.split(" ", 1)[1]
    return path.startswith(("/wholesale/", "/partner/"))


def _fuzz(operation, base_url: str, app, mode: GenerationMode, seen: Counter) -> None:
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        response = case.call(base_url=base_url, headers=HEADERS, app=app)
        seen[response.status_code] += 1
        assert response.status_code < 500, (
            operation.label,
            case.path_parameters,
            case.query,
            case.body,
            response.text[:500],
        )

    # Unsatisfiable: nothing invalid can be generated for this operation (negative mode).
    with suppress(Unsatisfiable):
        run()


def _reached_the_handlers(seen: Counter, mode: GenerationMode) -> None:
    """The token worked: answers came from the handlers, not only from authentication (negative
    mode also sends broken credentials, so 401s are expected there)."""
    if mode == GenerationMode.POSITIVE:
        assert seen[401] < sum(seen.values()) / 4, seen
        assert any(200 <= status < 300 for status in seen), seen
    else:
        assert seen[400] + seen[404] + seen[422] > 0, seen


@pytest.fixture
def wsgi():
    """The WSGI app, called in the test's own transaction. Like Django's test client, keep
    request_started/finished from closing the connection: on PostgreSQL the next request would
    find it closed inside the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_our_schema_never_answers_a_server_error(wsgi, mode):
    labels, seen = _labels(OURS), Counter()
    assert len(labels) > 20
    for label in labels:
        _fuzz(OURS.find_operation_by_label(label), "http://testserver", wsgi, mode, seen)
    _reached_the_handlers(seen, mode)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_webexs_contract_never_gets_a_server_error(wsgi, mode):
    labels, seen = [label for label in _labels(WEBEX) if _served(label)], Counter()
    assert len(labels) >= 12
    for label in labels:
        _fuzz(WEBEX.find_operation_by_label(label), "http://testserver/v1", wsgi, mode, seen)
    _reached_the_handlers(seen, mode)
