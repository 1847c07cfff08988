"""/v1/wholesale/subPartners (API-3) and `onBehalfOfSubPartnerOrgId` on every wholesale
customers and subscribers operation, both ways (PH-8)."""

import json

import pytest

from controlhub.models import Subscriber
from portal.api import ids, scopes
from portal.demo import demo_id
from portal.models import Customer, Partner, PartnerState
from tests import demo
from tests.api.helpers import auth, customer_body, customer_id, token

pytestmark = pytest.mark.django_db
URL = "/v1/wholesale/subPartners"
CUSTOMERS = "/v1/wholesale/customers"
SUBSCRIBERS = "/v1/wholesale/subscribers"
LITWARE = demo_id("partner", "Litware Networks")
PROSEWARE = demo_id("partner", "Proseware Telecom")
NORTHWIND_ID = ids.encode(ids.ORGANIZATION, demo.NORTHWIND)


@pytest.fixture
def acme():
    return auth(token())


@pytest.fixture
def northwind():
    return auth(token(demo.NORTHWIND_ADMIN, demo.NORTHWIND))


def body_of(response):
    return response.json()


def post(client, url, body, headers, **query):
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    return client.post(
        f"{url}?{qs}" if qs else url,
        data=json.dumps(body),
        content_type="application/json",
        **headers,
    )


# --- GET /wholesale/subPartners ---------------------------------------------------------------


def test_lists_the_callers_sub_partners_as_in_the_contract(client, acme):
    response = client.get(URL, **acme)
    assert response.status_code == 200
    items = body_of(response)["items"]
    org_ids = {ids.decode(ids.ORGANIZATION, item["orgId"]) for item in items}
    assert org_ids == {demo.NORTHWIND, LITWARE, PROSEWARE}
    northwind = next(i for i in items if i["orgId"] == NORTHWIND_ID)
    assert set(northwind) == {
        "orgId",
        "subscriptionId",
        "provisioningState",
        "created",
        "billingStartDate",
    }
    assert northwind["subscriptionId"] == "Sub-ACME-0001"
    assert northwind["provisioningState"] == "active"
    assert northwind["billingStartDate"].startswith("2024-06-01T00:00:00")
    assert northwind["created"].endswith("Z")


def test_filters_on_provisioning_state_and_paginates(client, acme):
    suspended = body_of(client.get(URL, {"provisioningState": "suspended"}, **acme))["items"]
    assert [ids.decode(ids.ORGANIZATION, i["orgId"]) for i in suspended] == [LITWARE]
    first = body_of(client.get(URL, {"offset": 0, "max": 2}, **acme))["items"]
    rest = body_of(client.get(URL, {"offset": 2, "max": 2}, **acme))["items"]
    assert len(first) == 2 and len(rest) == 1
    assert {i["orgId"] for i in first}.isdisjoint({i["orgId"] for i in rest})


@pytest.mark.parametrize(
    "query",
    [{"provisioningState": "gone"}, {"max": 0}, {"offset": -1}, {"max": "ten"}],
)
def test_bad_input_is_a_400_with_the_error_body(client, acme, query):
    response = client.get(URL, query, **acme)
    assert response.status_code == 400
    assert set(body_of(response)) == {"message", "errors", "trackingId"}


def test_no_100_entry_cap(client, acme, django_assert_max_num_queries):
    acme_partner = Partner.objects.get(pk=demo.ACME)
    Partner.objects.bulk_create(
        Partner(name=f"Reseller {n:03}", parent=acme_partner) for n in range(120)
    )
    with django_assert_max_num_queries(8):
        items = body_of(client.get(URL, {"max": 1000}, **acme))["items"]
    assert len(items) == 123


def test_a_sub_partners_admin_and_other_partners_cannot_list(client, northwind):
    assert client.get(URL, **northwind).status_code == 403
    globex = auth(token(demo.GLOBEX_ADMIN, demo.GLOBEX))
    assert client.get(URL, **globex).status_code == 403
    read_only = auth(token(demo.ACME_READONLY, demo.ACME, scopes.READ))
    assert client.get(URL, **read_only).status_code == 403
    customers_only = auth(token(granted=[scopes.WHOLESALE_CUSTOMERS_READ]))
    assert client.get(URL, **customers_only).status_code == 403


# --- The parent's default list and onBehalfOfSubPartnerOrgId ----------------------------------


def test_the_parents_list_has_its_own_customers_only(client, acme):
    items = body_of(client.get(CUSTOMERS, {"max": 1000}, **acme))["items"]
    owners = set(
        Customer.objects.filter(
            pk__in=[ids.decode((ids.CUSTOMER, ids.ORGANIZATION), i["orgId"]) for i in items]
        ).values_list("owner_id", flat=True)
    )
    assert owners == {demo.ACME}
    on_behalf = body_of(client.get(CUSTOMERS, {"onBehalfOfSubPartnerOrgId": NORTHWIND_ID}, **acme))[
        "items"
    ]
    assert sorted(c["externalId"] for c in on_behalf) == ["NW-0001", "NW-0002"]


def test_the_parent_acts_for_its_sub_partner_on_every_operation(
    client, acme, django_capture_on_commit_callbacks
):
    q = {"onBehalfOfSubPartnerOrgId": NORTHWIND_ID}
    tailspin = customer_id(demo.TAILSPIN)
    wingtip = customer_id(demo_id("customer", "Wingtip Toys"))
    assert client.get(f"{CUSTOMERS}/{tailspin}", q, **acme).status_code == 200
    # Without it, Tailspin is not one of Acme's own customers.
    assert client.get(f"{CUSTOMERS}/{tailspin}", **acme).status_code == 404
    body = customer_body(
        provisioningId="northwind-standard",
        externalId="NW-0100",
        customerInfo={"name": "Adatum Corp", "primaryEmail": "owner@adatum.example"},
    )
    assert post(client, f"{CUSTOMERS}/validate", body, acme, **q).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, CUSTOMERS, body, acme, **q)
    assert response.status_code == 202, response.content
    created = Customer.objects.get(external_id="NW-0100")
    assert created.owner_id == demo.NORTHWIND
    # Managed by both: the sub-partner's admin reaches it too.
    nw = auth(token(demo.NORTHWIND_ADMIN, demo.NORTHWIND))
    assert client.get(f"{CUSTOMERS}/{customer_id(created.pk)}", **nw).status_code == 200
    # Subscribers of the sub-partner's customers, on its behalf.
    listed = body_of(client.get(SUBSCRIBERS, {**q, "max": 100}, **acme))["items"]
    assert tailspin in {s["customerId"] for s in listed}
    assert {s["customerId"] for s in listed} <= {tailspin, customer_id(created.pk), wingtip}
    assert body_of(client.get(SUBSCRIBERS, {"customerId": tailspin}, **acme))["items"] == []
    one = listed[0]["id"]
    assert client.get(f"{SUBSCRIBERS}/{one}", q, **acme).status_code == 200
    assert client.get(f"{SUBSCRIBERS}/{one}", **acme).status_code == 404


@pytest.mark.parametrize(
    "other",
    [
        ids.encode(ids.ORGANIZATION, demo.GLOBEX),  # another partner
        ids.encode(ids.ORGANIZATION, demo.ACME),  # not a sub-partner
        "not-an-id",
    ],
)
def test_anything_but_an_own_sub_partner_is_a_404_with_the_error_body(client, acme, other):
    q = {"onBehalfOfSubPartnerOrgId": other}
    for url in (CUSTOMERS, SUBSCRIBERS, f"{CUSTOMERS}/{customer_id(demo.CONTOSO)}"):
        response = client.get(url, q, **acme)
        assert response.status_code == 404, url
        assert set(body_of(response)) == {"message", "errors", "trackingId"}
    response = post(client, CUSTOMERS, customer_body(), acme, onBehalfOfSubPartnerOrgId=other)
    assert response.status_code == 404


def test_the_other_way_a_sub_partner_cannot_act_for_its_parent_or_siblings(client, northwind):
    for other in (demo.ACME, LITWARE, PROSEWARE, demo.NORTHWIND):
        q = {"onBehalfOfSubPartnerOrgId": ids.encode(ids.ORGANIZATION, other)}
        assert client.get(CUSTOMERS, q, **northwind).status_code == 404
        assert client.get(SUBSCRIBERS, q, **northwind).status_code == 404
    # Acme's customers and subscribers are unknown ids to Northwind.
    assert client.get(f"{CUSTOMERS}/{customer_id(demo.CONTOSO)}", **northwind).status_code == 404
    contoso_admin = ids.encode(ids.SUBSCRIBER, demo.CONTOSO_ADMIN_SUBSCRIBER)
    assert client.get(f"{SUBSCRIBERS}/{contoso_admin}", **northwind).status_code == 404
    assert client.delete(f"{SUBSCRIBERS}/{contoso_admin}", **northwind).status_code == 404
    assert client.delete(f"{CUSTOMERS}/{customer_id(demo.CONTOSO)}", **northwind).status_code == 404
    own = body_of(client.get(CUSTOMERS, **northwind))["items"]
    assert sorted(c["externalId"] for c in own) == ["NW-0001", "NW-0002"]


def test_a_read_only_parent_admin_cannot_act_on_behalf(client):
    read_only = auth(token(demo.ACME_READONLY, demo.ACME, scopes.READ))
    response = client.get(CUSTOMERS, {"onBehalfOfSubPartnerOrgId": NORTHWIND_ID}, **read_only)
    assert response.status_code == 403
    assert set(body_of(response)) == {"message", "errors", "trackingId"}


def test_a_suspended_sub_partner_cannot_provision_or_update_but_can_delete(client, acme):
    Partner.objects.filter(pk=demo.NORTHWIND).update(state=PartnerState.SUSPENDED)
    q = {"onBehalfOfSubPartnerOrgId": NORTHWIND_ID}
    body = customer_body(provisioningId="northwind-standard", externalId="NW-0200")
    response = post(client, CUSTOMERS, body, acme, **q)
    assert response.status_code == 403
    assert "suspended" in body_of(response)["message"]
    tailspin = customer_id(demo.TAILSPIN)
    update = {"packages": ["webex_calling"]}
    response = client.put(
        f"{CUSTOMERS}/{tailspin}?onBehalfOfSubPartnerOrgId={NORTHWIND_ID}",
        data=json.dumps(update),
        content_type="application/json",
        **acme,
    )
    assert response.status_code == 403
    new_user = {
        "customerId": tailspin,
        "email": "new.person@tailspin-traders.example",
        "packages": ["webex_calling"],
        "provisioningParameters": {"firstName": "New", "lastName": "Person", "extension": "4455"},
    }
    assert post(client, SUBSCRIBERS, new_user, acme, **q).status_code == 403
    nw = auth(token(demo.NORTHWIND_ADMIN, demo.NORTHWIND))
    assert post(client, SUBSCRIBERS, new_user, nw).status_code == 403
    # Deleting is still allowed.
    subscriber = Subscriber.objects.filter(customer_id=demo.TAILSPIN).current().first()
    person = ids.encode(ids.SUBSCRIBER, subscriber.pk)
    assert client.delete(f"{SUBSCRIBERS}/{person}", **nw).status_code == 204


OPERATIONS = [
    ("get", CUSTOMERS),
    ("post", CUSTOMERS),
    ("post", f"{CUSTOMERS}/validate"),
    ("get", f"{CUSTOMERS}/{{customer}}"),
    ("put", f"{CUSTOMERS}/{{customer}}"),
    ("delete", f"{CUSTOMERS}/{{customer}}"),
    ("get", SUBSCRIBERS),
    ("post", SUBSCRIBERS),
    ("post", f"{SUBSCRIBERS}/validate"),
    ("get", f"{SUBSCRIBERS}/{{subscriber}}"),
    ("put", f"{SUBSCRIBERS}/{{subscriber}}"),
    ("delete", f"{SUBSCRIBERS}/{{subscriber}}"),
]


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_operation_refuses_a_sub_partner_that_is_not_the_callers(client, method, path):
    """Both ways: Acme for Globex's org, and Northwind for its parent or a sibling."""
    subscriber = Subscriber.objects.filter(customer_id=demo.TAILSPIN).current().first()
    url = path.format(
        customer=customer_id(demo.TAILSPIN), subscriber=ids.encode(ids.SUBSCRIBER, subscriber.pk)
    )
    callers = [
        (auth(token()), demo.GLOBEX),
        (auth(token(demo.NORTHWIND_ADMIN, demo.NORTHWIND)), demo.ACME),
        (auth(token(demo.NORTHWIND_ADMIN, demo.NORTHWIND)), LITWARE),
    ]
    for headers, other in callers:
        query = f"onBehalfOfSubPartnerOrgId={ids.encode(ids.ORGANIZATION, other)}"
        response = client.generic(
            method.upper(), f"{url}?{query}", data=b"{}", content_type="application/json", **headers
        )
        assert response.status_code == 404, (method, url, other)
        assert set(response.json()) == {"message", "errors", "trackingId"}
    assert Subscriber.objects.filter(pk=subscriber.pk).current().exists()
    assert Customer.objects.filter(pk=demo.TAILSPIN, status="provisioned").exists()


def test_the_parent_updates_and_deletes_on_behalf(client, acme):
    q = f"onBehalfOfSubPartnerOrgId={NORTHWIND_ID}"
    subscriber = Subscriber.objects.filter(customer_id=demo.TAILSPIN).current().first()
    person = ids.encode(ids.SUBSCRIBER, subscriber.pk)
    assert client.delete(f"{SUBSCRIBERS}/{person}?{q}", **acme).status_code == 204
    assert not Subscriber.objects.filter(pk=subscriber.pk).current().exists()
    response = client.put(
        f"{CUSTOMERS}/{customer_id(demo.TAILSPIN)}?{q}",
        data=json.dumps({"packages": ["webex_calling", "webex_suite"]}),
        content_type="application/json",
        **acme,
    )
    assert response.status_code == 202, response.content
