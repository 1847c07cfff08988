"""Every example request of Webex's contracts succeeds (API-8): the request-body examples and the
query-parameter examples of ../shared/specs/webex-wholesale.json and webex-partner.json, replayed
against /v1 with the documented status and a body that validates against the documented response
schema.

The examples name Webex's own objects, so ids are replaced by ids of the demo data (ids are
opaque), and the billing report's 2020 period by the same span last month (reports cover the
last five years only); every other value is sent as the contract writes it, including its quoted
strings.
`onBehalfOfSubPartnerOrgId` is left out: it switches the acting partner to a sub-partner, whose
objects the other example ids would then not name (the sub-partner API tests cover it).

One deliberate difference: the precheck's `info` is a list (the contract's prose and examples),
where its schema says object (docs/decisions.md); the validation here takes the list.
"""

import copy
import json
from datetime import date, timedelta
from pathlib import Path

import jsonschema_rs
import pytest

from controlhub.models import Subscriber
from partnerhub.api import _subscription_ids
from partnerhub.services.tags import customer_tags_set
from portal.api import ids
from portal.audit import Actor
from portal.models import Customer, CustomerOffer, Partner, User
from tests import demo
from tests.api.helpers import auth, token
from tests.factories import CustomerFactory, assign_customer

SPECS = Path(__file__).resolve().parents[3] / "shared" / "specs"
if not (SPECS / "webex-wholesale.json").exists():  # a worktree beside /work/shared
    SPECS = Path("/work/shared/specs")
WHOLESALE = json.loads((SPECS / "webex-wholesale.json").read_text())
PARTNER = json.loads((SPECS / "webex-partner.json").read_text())
SKIPPED_PARAMETERS = {"onBehalfOfSubPartnerOrgId"}
METHODS = ("get", "post", "put", "delete")
# Creates before reads and updates, deletes last (a delete would take what the others use).
ORDER = {"post": 0, "get": 1, "put": 2, "delete": 3}


def operations(spec: dict):
    found = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                found.append((path, method, item[method]))
    # Deletes of narrower things first: unassigning an admin from one org before revoking them.
    return sorted(found, key=lambda op: (ORDER[op[1]], -op[0].count("{"), op[0]))


def _openapi_to_jsonschema(node):
    """OpenAPI 3.0's `nullable` as JSON Schema."""
    if isinstance(node, dict):
        node = {k: _openapi_to_jsonschema(v) for k, v in node.items()}
        if node.pop("nullable", False) and "type" in node:
            node["type"] = [node["type"], "null"]
        return node
    if isinstance(node, list):
        return [_openapi_to_jsonschema(v) for v in node]
    return node


def validate(spec: dict, schema: dict, body) -> None:
    schema = copy.deepcopy(schema)
    if schema.get("$ref", "").endswith("PrecheckResponse"):  # the recorded choice: a list
        name = schema["$ref"].rsplit("/", 1)[-1]
        info = spec["components"]["schemas"][name]["properties"]["info"]
        schema = {
            "type": "object",
            "properties": {
                "message": {"type": "string"},
                "info": {"type": "array", "items": info},
            },
        }
    document = _openapi_to_jsonschema({**schema, "components": spec["components"]})
    jsonschema_rs.Draft7Validator(document).validate(body)


class Ids:
    """The demo objects that stand in for the examples' ids."""

    def __init__(self):
        actor = Actor.system()
        self.contoso = Customer.objects.get(pk=demo.CONTOSO)
        self.sub_partner = Partner.objects.filter(parent_id=demo.ACME).order_by("name").first()
        # A not-yet-wholesale organization of Acme's: what POST /customers' `orgId` provisions.
        self.unattached = CustomerFactory(owner_id=demo.ACME, offer=CustomerOffer.STANDARD)
        self.fabrikam = Customer.objects.get(pk=demo.FABRIKAM)
        self.sales = User.objects.get(email=demo.ACME_SALES)
        assign_customer(self.sales, self.contoso)
        customer_tags_set(customer=self.contoso, names=["Tag1"], actor=actor)
        self.subscription = sorted(_subscription_ids(self.contoso))[0]
        self.report = None
        self.subscriber = None
        self.provisioned = None
        # The example's 2020-05-21 to 2020-05-30, a year later than five years ago allows.
        first = (date.today().replace(day=1) - timedelta(days=1)).replace(day=21)
        self.period = (first - timedelta(days=10), first - timedelta(days=1))

    def person(self, user) -> str:
        return ids.encode(ids.PEOPLE, str(user.pk))

    def value(self, name: str, path: str, method: str):
        """The demo id for a parameter or body field called `name`, or None to keep the
        example's value."""
        org = ids.encode(ids.ORGANIZATION, self.contoso.pk)
        if name == "customerId":
            if path.startswith("/wholesale/customers/") and method == "delete":
                return ids.encode(ids.CUSTOMER, self.fabrikam.pk)
            if path.startswith("/wholesale/customers/") and method == "put":
                # The example drops every package but one: the customer the POST example
                # provisioned, which has no users yet (Contoso's users hold its packages).
                return self.provisioned
            return ids.encode(ids.CUSTOMER, self.contoso.pk)
        if name == "orgId":
            if path == "/wholesale/customers" and method == "post":
                return ids.encode(ids.ORGANIZATION, self.unattached.pk)
            return org
        if name == "subscriberId":
            return self.subscriber
        if name == "personId":
            if path.startswith("/partner/"):
                return self.person(self.sales)
            return self.subscriber
        if name == "managedBy":
            return self.person(self.sales)
        if name == "locationId":
            return ids.encode(ids.LOCATION, demo.CONTOSO_HQ)
        if name == "provisioningId":
            return "acme-smb-calling"
        if name == "subPartnerOrgId":
            return ids.encode(ids.ORGANIZATION, self.sub_partner.pk)
        if name == "id" and path.startswith("/wholesale/billing/reports/"):
            return self.report
        if name == "subscriptionId":
            return self.subscription
        if path == "/wholesale/billing/reports" and method == "post":
            if name == "billingStartDate":
                return self.period[0].isoformat()
            if name == "billingEndDate":
                return self.period[1].isoformat()
        return None


def _substitute(body, ids_, path, method):
    if isinstance(body, dict):
        out = {}
        for key, value in body.items():
            replacement = ids_.value(key, path, method) if isinstance(value, str) else None
            out[key] = replacement or _substitute(value, ids_, path, method)
        return out
    if isinstance(body, list):
        return [_substitute(v, ids_, path, method) for v in body]
    return body


def _request(spec, path, method, op, ids_):
    url, query = path, {}
    for parameter in op.get("parameters", []):
        name = parameter["name"]
        if name in SKIPPED_PARAMETERS:
            continue
        value = ids_.value(name, path, method) or parameter.get("example")
        if value is None:
            continue
        if parameter["in"] == "path":
            url = url.replace(f"{{{name}}}", str(value))
        elif parameter["in"] == "query":
            query[name] = value
    body = None
    content = op.get("requestBody", {}).get("content", {}).get("application/json")
    if content is not None:
        example = content.get("example")
        if example is None:
            schema = content["schema"]
            if "$ref" in schema:
                schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
            example = schema.get("example")
        body = _substitute(example or {}, ids_, path, method)
    return url, query, body


def _success(op) -> tuple[str, dict | None]:
    status = min(code for code in op["responses"] if code.startswith("2"))
    content = op["responses"][status].get("content", {}).get("application/json")
    return status, (content or {}).get("schema")


def _send(client, headers, method, url, query, body):
    from urllib.parse import urlencode

    target = f"/v1{url}" + (f"?{urlencode(query)}" if query else "")
    if body is None:
        return getattr(client, method)(target, **headers)
    return getattr(client, method)(
        target, data=json.dumps(body), content_type="application/json", **headers
    )


def replay(client, spec, run_tasks):
    headers = auth(token())
    ids_ = Ids()
    results = []
    for path, method, op in operations(spec):
        url, query, body = _request(spec, path, method, op, ids_)
        with run_tasks(execute=True):  # the customer tasks, as the worker would
            response = _send(client, headers, method, url, query, body)
        status, schema = _success(op)
        expected = {status}
        if path == "/wholesale/subscribers" and method == "post":
            expected = {"200"}  # 202 only with pending_user_migration (PV-6)
        results.append((method.upper(), path, response))
        assert str(response.status_code) in expected, (method, path, body, response.content)
        if schema is not None and response.content:
            validate(spec, schema, response.json())
        # What later operations name.
        if path == "/wholesale/subscribers" and method == "post":
            ids_.subscriber = response.json()["id"]
        if path == "/wholesale/billing/reports" and method == "post":
            ids_.report = response.json()["id"]
        if path == "/wholesale/customers" and method == "post":
            ids_.provisioned = response["Location"].rsplit("/", 1)[-1]
    return results


def test_every_wholesale_example_request_succeeds(client, db, django_capture_on_commit_callbacks):
    results = replay(client, WHOLESALE, django_capture_on_commit_callbacks)
    assert len(results) == 17
    created = next(r for m, p, r in results if (m, p) == ("POST", "/wholesale/subscribers"))
    assert created.json()["status"] == "provisioned"
    subscriber = Subscriber.objects.get(email="john.anderson@acme.com")
    assert subscriber.status == "removed"  # the DELETE example, last
    assert subscriber.package_assignments.get().ended_at is not None  # billed, then stopped


def test_every_partner_example_request_succeeds(client, db, django_capture_on_commit_callbacks):
    results = replay(client, PARTNER, django_capture_on_commit_callbacks)
    assert len(results) == 12


@pytest.mark.parametrize(
    "limits",
    [
        {"webex_calling": 50, "common_area_calling": 50, "webex_meetings": 50, "webex_suite": 50},
    ],
)
def test_limits_for_packages_not_requested_are_stored_for_when_they_are(client, db, limits):
    from portal.models import CustomerPackage
    from tests.api.helpers import customer_body

    headers = auth(token())
    body = customer_body(packages=["webex_meetings"], externalId="BO-LIMITS")
    body["provisioningParameters"]["packages"] = {"limits": limits}
    response = client.post(
        "/v1/wholesale/customers", json.dumps(body), content_type="application/json", **headers
    )
    assert response.status_code == 202, response.content
    customer = Customer.objects.get(external_id="BO-LIMITS", owner_id=demo.ACME)
    assert CustomerPackage.objects.get(customer=customer, package="webex_meetings").limit == 50
    assert customer.provisioning_parameters["packages"]["limits"]["webex_calling"] == 50


@pytest.mark.parametrize(
    "path",
    [
        "/wholesale/customers",
        "/wholesale/subscribers",
        "/wholesale/subPartners",
        "/wholesale/billing/reports",
    ],
)
def test_full_lists_validate_against_the_contracts_schema(client, db, path):
    """The examples' filters find nothing in the demo data: the unfiltered lists (every demo
    customer, subscriber, sub-partner and report) validate against the contract too, and so
    does each of their rows fetched on its own."""
    headers = auth(token())
    response = client.get(f"/v1{path}", {"max": 1000}, **headers)
    assert response.status_code == 200
    items = response.json()["items"]
    assert items
    _, schema = _success(WHOLESALE["paths"][path]["get"])
    validate(WHOLESALE, schema, response.json())
    one = f"{path}/{{id}}" if path.endswith("reports") else None
    one = one or {"/wholesale/customers": "/wholesale/customers/{customerId}"}.get(path)
    one = one or {"/wholesale/subscribers": "/wholesale/subscribers/{subscriberId}"}.get(path)
    if one is None:
        return
    _, row_schema = _success(WHOLESALE["paths"][one]["get"])
    for item in items[:20]:
        got = client.get(f"/v1{path}/{item['id']}", **headers)
        assert got.status_code == 200
        validate(WHOLESALE, row_schema, got.json())
