"""Every /v1 list pages the way Webex documents (API-8, specs/webex-pagination.md).

A generic client, like wxc_sdk's follow_pagination, knows nothing of the lists: it requests the
first URL and follows `Link: <…>; rel="next"` until there is none. Paging with max=1 must give the
same rows, each exactly once, as paging with the largest page; also while rows are added between
pages.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from controlhub.services.subscribers import subscriber_provision
from partnerhub.api import _subscription_ids
from partnerhub.services.tags import customer_tags_set, subscription_tags_set
from portal.api import ids
from portal.audit import Actor
from portal.models import Customer, User
from tests import demo
from tests.api.helpers import auth, token
from tests.factories import assign_customer

LINK = re.compile(r'<([^>]+)>;\s*rel="([^"]+)"')


def links(response) -> dict[str, str]:
    return {rel: url for url, rel in LINK.findall(response.get("Link", ""))}


def rows_of(body):
    return body if isinstance(body, list) else body["items"]


def key(row: dict) -> str:
    if "id" in row:
        return row["id"]
    return f"{row.get('orgId')}/{row.get('subscriptionId', '')}/{row.get('role', '')}"


def follow(client, headers, url: str, between=None) -> list[str]:
    """Every row's key, following only rel="next" links; `between(page)` runs between pages."""
    seen, page = [], 0
    while url:
        response = client.get(url.removeprefix("http://testserver"), **headers)
        assert response.status_code == 200, response.content
        seen += [key(row) for row in rows_of(response.json())]
        next_url = links(response).get("next")
        if next_url:
            assert next_url.startswith("http://testserver/v1/")  # absolute, as Webex's
        url, page = next_url, page + 1
        if url and between:
            between(page)
    return seen


@pytest.fixture
def headers(db):
    return auth(token())


@pytest.fixture
def tagged(db):
    """Partner tags on several of Acme's customers and subscriptions, and a sales admin
    assigned to several customers, so that every partner API list has more than one row."""
    actor = Actor.system()
    customers = list(Customer.objects.filter(owner_id=demo.ACME).order_by("name")[:6])
    for customer in customers:
        customer_tags_set(customer=customer, names=["Paged"], actor=actor)
        for subscription in sorted(_subscription_ids(customer)):
            subscription_tags_set(
                customer=customer, subscription_id=subscription, names=["Paged"], actor=actor
            )
        assign_customer(User.objects.get(email=demo.ACME_SALES), customer)
    return customers


LISTS = [
    "/v1/wholesale/customers",
    "/v1/wholesale/customers?status=provisioned",
    "/v1/wholesale/subscribers",
    "/v1/wholesale/subscribers?sortBy=email&sortOrder=DESC",
    "/v1/wholesale/subscribers?sortBy=lastStatusChange&status=provisioned",
    "/v1/wholesale/subPartners",
    "/v1/wholesale/billing/reports",
    "/v1/wholesale/billing/reports?sortBy=status",
    "/v1/partner/tags/organizations?tags=Paged",
    "/v1/partner/tags/subscriptions?tags=Paged",
    "/v1/partner/organizations?managedBy={sales}",
    "/v1/partner/organizations/{contoso}/partnerAdmins",
    "/v1/locations?orgId={contoso}",
]


def _url(template: str) -> str:
    sales = User.objects.get(email=demo.ACME_SALES)
    return template.format(
        sales=ids.encode(ids.PEOPLE, str(sales.pk)),
        contoso=ids.encode(ids.ORGANIZATION, demo.CONTOSO),
    )


@pytest.mark.parametrize("template", LISTS)
def test_max_1_following_links_gives_the_rows_of_the_largest_page(
    client, headers, tagged, template
):
    url = _url(template)
    everything = follow(client, headers, f"{url}{'&' if '?' in url else '?'}max=1000")
    one_by_one = follow(client, headers, f"{url}{'&' if '?' in url else '?'}max=1")
    assert len(everything) >= 1
    assert one_by_one == everything
    assert len(set(one_by_one)) == len(one_by_one)  # each row once


def test_the_links_keep_every_filter_and_offer_prev_and_first(client, headers):
    response = client.get(
        "/v1/wholesale/subscribers",
        {"status": "provisioned", "sortBy": "email", "max": 2},
        **headers,
    )
    found = links(response)
    assert set(found) == {"next", "first"}
    query = parse_qs(urlsplit(found["next"]).query)
    assert query["status"] == ["provisioned"] and query["sortBy"] == ["email"]
    assert query["max"] == ["2"] and "cursor" in query
    second = client.get(found["next"].removeprefix("http://testserver"), **headers)
    back = links(second)
    assert set(back) >= {"prev", "first", "next"}
    prev = client.get(back["prev"].removeprefix("http://testserver"), **headers)
    assert [r["id"] for r in prev.json()["items"]] == [r["id"] for r in response.json()["items"]]
    assert "prev" not in links(prev)  # the first page again
    first = client.get(back["first"].removeprefix("http://testserver"), **headers)
    assert first.json() == response.json()


def test_an_offset_is_still_taken_and_links_back(client, headers):
    whole = client.get("/v1/wholesale/customers", {"max": 1000}, **headers).json()["items"]
    page = client.get("/v1/wholesale/customers", {"offset": 3, "max": 2}, **headers)
    assert [r["id"] for r in page.json()["items"]] == [r["id"] for r in whole[3:5]]
    assert parse_qs(urlsplit(links(page)["prev"]).query)["offset"] == ["1"]


@pytest.mark.parametrize(
    ("url", "cap"),
    [
        ("/v1/wholesale/subscribers", 100),
        ("/v1/wholesale/billing/reports", 100),
        ("/v1/wholesale/customers", 1000),
    ],
)
def test_max_above_the_cap_is_clamped_not_refused(client, headers, url, cap):
    response = client.get(url, {"max": cap * 10}, **headers)
    assert response.status_code == 200
    assert len(response.json()["items"]) <= cap


@pytest.mark.parametrize(
    "query", [{"max": 0}, {"max": "ten"}, {"max": "1.5"}, {"offset": -1}, {"cursor": "nonsense"}]
)
def test_bad_paging_values_are_a_400_with_the_webex_error_body(client, headers, query):
    response = client.get("/v1/wholesale/subscribers", query, **headers)
    assert response.status_code == 400
    assert {"message", "errors", "trackingId"} <= set(response.json())


def test_the_default_page_sizes_are_the_contracts(client, headers):
    subscribers = client.get("/v1/wholesale/subscribers", **headers)
    assert len(subscribers.json()["items"]) == 50  # the demo partner has more than 50
    assert "next" in links(subscribers)


def _new_subscriber(index: int) -> None:
    customer = Customer.objects.get(pk=demo.CONTOSO)
    subscriber_provision(
        customer=customer,
        actor=Actor.system(),
        email=f"paged-{index}@contoso-dental.example",
        package="webex_meetings",
    )


@pytest.mark.parametrize(
    "query",
    ["", "?sortBy=email", "?sortBy=email&sortOrder=DESC", "?sortOrder=DESC"],
)
def test_rows_added_between_pages_neither_repeat_nor_hide_a_row(client, headers, query):
    url = f"/v1/wholesale/subscribers{query}"
    before = follow(client, headers, f"{url}{'&' if '?' in url else '?'}max=100")
    walked = follow(
        client,
        headers,
        f"{url}{'&' if '?' in url else '?'}max=7",
        between=lambda page: _new_subscriber(page) if page <= 5 else None,
    )
    assert len(set(walked)) == len(walked)  # no row twice
    assert set(before) <= set(walked)  # no row that was there all along is skipped


def _cursor(payload) -> str:
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "query",
    [
        {"offset": str(10**30)},
        {"max": str(10**30)},
        {"max": "1e400"},
        {"max": "nan"},
        {"cursor": _cursor({"d": "n", "k": [10**30, "x"]})},
        {"cursor": _cursor({"d": "n", "k": ["not a date", "not a uuid"]})},
        {"cursor": _cursor({"d": "p", "k": [{"t": "dt", "v": "2026-02-30"}, "x"]})},
        {"cursor": _cursor({"d": "n", "k": [[1], {"a": 1}]})},
        {"cursor": _cursor(["not", "an", "object"])},
    ],
)
@pytest.mark.parametrize(
    "url", ["/v1/wholesale/subscribers", "/v1/wholesale/customers", "/v1/wholesale/subPartners"]
)
def test_hostile_paging_values_never_get_a_500(client, headers, url, query):
    response = client.get(url, query, **headers)
    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert {"message", "errors", "trackingId"} <= set(response.json())
