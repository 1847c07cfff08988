"""Bad input is a 400 (or a form error), never a 500 (issue 15; API-1..API-6, PH-2, PH-4, CH-2).

Each test is a finding of the adversarial run: it answered 500 before the fix.
"""

import json

import pytest
from django.urls import reverse

from partnerhub.models import Tag
from portal.filtersets import MAX_OFFSET
from portal.middleware import REFUSED_TEXT
from tests import demo
from tests.api.helpers import auth, token

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    headers = auth(token())

    def call(method, path, body=None, **params):
        if method == "get":
            return client.get(path, params, **headers)
        return getattr(client, method)(
            path, json.dumps(body), content_type="application/json", **headers
        )

    return call


def webex_error(response, status=400) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"message", "errors", "trackingId"}
    return body


# --- Huge offset/start -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, name",
    [
        ("/v1/wholesale/customers", "offset"),
        ("/v1/wholesale/subscribers", "offset"),
        ("/v1/wholesale/subPartners", "offset"),
        ("/v1/wholesale/billing/reports", "start"),
    ],
)
def test_a_huge_offset_is_an_empty_page_not_a_500(api, path, name):
    # portal.api.pagination clamps an offset past any table to an empty last page, as Webex
    # clamps max (docs/decisions.md); it used to overflow SQLite's integer (500).
    for value in (str(10**30), str(MAX_OFFSET)):
        response = api("get", path, **{name: value})
        assert response.status_code == 200, response.content[:200]
        assert response.json()["items"] == []


def test_a_huge_max_is_a_400(api):
    webex_error(api("get", "/v1/partner/tags/organizations", max=str(10**30)))


# --- Impossible dates in filters --------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-10:00", "2025-02-30", "10000-01-01"],
)
def test_an_impossible_moment_in_a_filter_is_a_400(api, value):
    for name in ("after", "lastStatusChange"):
        body = webex_error(api("get", "/v1/wholesale/subscribers", **{name: value}))
        assert name in body["message"]


@pytest.mark.parametrize("value", ["0000-01-01", "2025-13-01", "9999-99-99"])
def test_an_impossible_report_date_is_a_400(api, value):
    webex_error(api("get", "/v1/wholesale/billing/reports", billingStartDate=value))
    body = {"billingStartDate": value, "billingEndDate": "2026-10-01"}
    webex_error(api("post", "/v1/wholesale/billing/reports", body))


def test_an_impossible_date_on_a_page_is_ignored_not_a_500(client_for):
    client = client_for(demo.FABRIKAM_ADMIN)
    url = reverse("controlhub:users", kwargs={"org_id": demo.FABRIKAM})
    assert client.get(url, {"after": "0001-01-01T00:00:00+01:00"}).status_code == 200
    audit = reverse("partnerhub:audit_log", kwargs={"partner_id": demo.ACME})
    assert client_for(demo.ACME_ADMIN).get(audit, {"since": "0000-01-01"}).status_code == 200


# --- NUL and lone surrogates: refused in one place (portal.middleware.RequestTextMiddleware) --


@pytest.mark.parametrize("name", ["\ud800", "tag\udfff", "nul\x00tag"])
def test_a_tag_name_with_a_lone_surrogate_or_nul_is_refused_by_the_api(api, name):
    customer = f"/v1/partner/tags/organizations/{demo.CONTOSO}/assignTags"
    before = Tag.objects.count()
    body = webex_error(api("post", customer, {"tags": [{"name": name}]}))
    assert body["message"] == REFUSED_TEXT
    assert Tag.objects.count() == before


def test_a_nul_in_a_customer_name_is_refused_by_the_api(api):
    from tests.api.helpers import customer_body

    body = customer_body()
    body["customerInfo"]["name"] = "Juniper\x00Bakery"
    webex_error(api("post", "/v1/wholesale/customers", body))


def test_a_nul_in_a_form_field_is_a_400_page(client_for):
    client = client_for(demo.ACME_ADMIN)
    url = reverse("partnerhub:tags", kwargs={"partner_id": demo.ACME})
    response = client.post(url, {"action": "create", "name": "VIP\x00"})
    assert response.status_code == 400
    assert REFUSED_TEXT in response.content.decode()
    response = client.get(url, {"q": "\x00"})
    assert response.status_code == 400


# --- Non-numeric ids in Partner Hub forms -----------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "1e5", "99999999999999999999999", "-1", "١"])
def test_a_non_numeric_id_in_a_partner_hub_form_is_a_form_error(client_for, value):
    client = client_for(demo.ACME_ADMIN)
    tags = reverse("partnerhub:tags", kwargs={"partner_id": demo.ACME})
    assert client.post(tags, {"action": "delete", "tag": value}).status_code == 400
    admins = reverse("partnerhub:admins", kwargs={"partner_id": demo.ACME})
    response = client.post(admins, {"action": "remove", "user": value}, follow=True)
    assert "That person is not an administrator here." in response.content.decode()
    assigned = reverse(
        "partnerhub:customer_partner_admins",
        kwargs={"partner_id": demo.ACME, "org_id": demo.CONTOSO},
    )
    response = client.post(assigned, {"action": "add", "user": value}, follow=True)
    assert "Choose a partner administrator from the list." in response.content.decode()


# --- Management form tampering ----------------------------------------------------------------


@pytest.mark.parametrize("total", ["abc", "", "-1", "10000000000000000000000"])
def test_a_tampered_total_forms_is_a_form_error(client_for, total):
    client = client_for(demo.ACME_ADMIN)
    url = reverse(
        "partnerhub:customer_setup", kwargs={"partner_id": demo.ACME, "org_id": demo.CONTOSO}
    )
    for action in ("add_location", "add_user", "next"):
        data = {
            "_step": "0",
            "_action": action,
            "loc-TOTAL_FORMS": total,
            "loc-INITIAL_FORMS": "0",
            "usr-TOTAL_FORMS": total,
            "usr-INITIAL_FORMS": "0",
        }
        response = client.post(url, data)
        assert response.status_code in (200, 400), (action, response.status_code)
