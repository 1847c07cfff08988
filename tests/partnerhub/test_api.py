"""API-5 behaviour (/v1/partner/tags…, /v1/partner/organizations…); access is in the API matrix."""

import pytest

from partnerhub.models import CustomerTag
from portal.api import ids
from portal.api import scopes as s
from portal.audit import Actor
from portal.models import Partner, User
from portal.services import api_token_issue
from tests import demo

pytestmark = pytest.mark.django_db
CONTOSO = ids.encode(ids.ORGANIZATION, demo.CONTOSO)
FABRIKAM = ids.encode(ids.ORGANIZATION, demo.FABRIKAM)


def _headers(email=demo.ACME_ADMIN, partner=demo.ACME, scopes=s.ALL):
    user = User.objects.get(email=email)
    token = api_token_issue(
        user=user,
        partner=Partner.objects.get(pk=partner),
        scopes=sorted(scopes),
        actor=Actor.system(),
    )[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_assign_get_and_search_customer_tags(client):
    h = _headers()
    body = {"tags": [{"name": "Dental"}, {"name": "priority"}]}
    assigned = client.post(
        f"/v1/partner/tags/organizations/{CONTOSO}/assignTags",
        body,
        content_type="application/json",
        **h,
    )
    assert assigned.status_code == 200
    assert [t["name"] for t in assigned.json()] == ["Dental", "Priority"]  # existing tag reused
    got = client.get(f"/v1/partner/tags/organizations/{CONTOSO}", **h).json()
    assert got == {"orgName": "Contoso Dental", "orgId": CONTOSO, "tags": ["Dental", "Priority"]}
    found = client.get("/v1/partner/tags/organizations", {"tags": "dental,Nothing"}, **h).json()
    assert [o["orgName"] for o in found] == ["Contoso Dental"]
    limited = client.get(
        "/v1/partner/tags/organizations", {"tags": "Priority", "max": 1}, **h
    ).json()
    assert len(limited) == 1
    assert (
        client.get("/v1/partner/tags/organizations", {"tags": "x", "max": 101}, **h).status_code
        == 200  # clamped to 100, as Webex does
    )
    assert (
        client.get("/v1/partner/tags/organizations", {"tags": "x", "max": 0}, **h).status_code
        == 400
    )
    names = [t["name"] for t in client.get("/v1/partner/tags", **h).json()]
    assert "Dental" in names and "Onboarding" in names


def test_tag_limits(client):
    h = _headers()
    long = client.post(
        f"/v1/partner/tags/organizations/{CONTOSO}/assignTags",
        {"tags": [{"name": "x" * 26}]},
        content_type="application/json",
        **h,
    )
    assert long.status_code == 400 and set(long.json()) == {"message", "errors", "trackingId"}
    six = {"tags": [{"name": f"t{i}"} for i in range(6)]}
    assert (
        client.post(
            f"/v1/partner/tags/organizations/{CONTOSO}/assignTags",
            six,
            content_type="application/json",
            **h,
        ).status_code
        == 400
    )
    cleared = client.post(
        f"/v1/partner/tags/organizations/{CONTOSO}/assignTags",
        {"tags": []},
        content_type="application/json",
        **h,
    )
    assert (
        cleared.status_code == 200
        and not CustomerTag.objects.filter(customer_id=demo.CONTOSO).exists()
    )


def test_subscription_tags(client):
    h = _headers()
    path = f"/v1/partner/tags/organizations/{CONTOSO}/subscriptions/Sub-ACME-0001"
    assert (
        client.post(
            f"{path}/assignTags", {"tags": [{"name": "Q3"}]}, content_type="application/json", **h
        ).status_code
        == 200
    )
    assert client.get(path, **h).json()["tags"] == ["Q3"]
    listed = client.get("/v1/partner/tags/subscriptions", {"tags": "q3"}, **h).json()
    assert listed == [
        {
            "orgName": "Contoso Dental",
            "orgId": CONTOSO,
            "tags": ["Q3"],
            "subscriptionId": "Sub-ACME-0001",
            "trial": "false",
        }
    ]
    assert (
        client.get(f"/v1/partner/tags/organizations/{CONTOSO}/subscriptions/Nope", **h).status_code
        == 404
    )


def test_partner_admins_of_a_customer_assign_and_unassign(client):
    h = _headers()
    pat = User.objects.get(email="pat@acme-telecom.example")
    from portal.api import ids as i

    pat_id = i.encode(i.PEOPLE, str(pat.pk))
    before = client.get(f"/v1/partner/organizations/{FABRIKAM}/partnerAdmins", **h).json()["items"]
    assert before == []
    assert (
        client.post(
            f"/v1/partner/organizations/{FABRIKAM}/partnerAdmin/{pat_id}/assign", **h
        ).status_code
        == 200
    )
    items = client.get(f"/v1/partner/organizations/{FABRIKAM}/partnerAdmins", **h).json()["items"]
    assert [a["emails"] for a in items] == [["pat@acme-telecom.example"]] and items[0][
        "id"
    ] == pat_id
    managed = client.get("/v1/partner/organizations", {"managedBy": pat_id}, **h).json()["items"]
    assert FABRIKAM in [o["orgId"] for o in managed]
    full = client.get("/v1/partner/organizations", {"managedBy": demo.ACME_ADMIN}, **h)
    assert (
        full.status_code == 400 and "already has access to all customers" in full.json()["message"]
    )
    assert (
        client.delete(
            f"/v1/partner/organizations/{FABRIKAM}/partnerAdmin/{pat_id}/unassign", **h
        ).status_code
        == 200
    )
    assert (
        client.get(f"/v1/partner/organizations/{FABRIKAM}/partnerAdmins", **h).json()["items"] == []
    )
    # Only partner administrators (limited to assigned customers) can be assigned.
    refused = client.post(
        f"/v1/partner/organizations/{FABRIKAM}/partnerAdmin/{demo.ACME_READONLY}/assign", **h
    )
    assert refused.status_code == 400


def test_revoke_all_partner_roles(client):
    h = _headers()
    assert (
        client.delete(
            "/v1/partner/organizations/partnerAdmin/pat@acme-telecom.example", **h
        ).status_code
        == 204
    )
    assert not User.objects.get(email="pat@acme-telecom.example").partner_roles.exists()
    assert (
        client.delete(
            "/v1/partner/organizations/partnerAdmin/pat@acme-telecom.example", **h
        ).status_code
        == 404
    )


def test_other_partners_customers_are_not_found(client):
    h = _headers(demo.GLOBEX_ADMIN, demo.GLOBEX)
    assert client.get(f"/v1/partner/tags/organizations/{CONTOSO}", **h).status_code == 404
    assert client.get("/v1/partner/tags/organizations", {"tags": "Legal"}, **h).json() == []


def test_customers_by_tag_query_count_does_not_grow(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partnerhub.models import Tag
    from tests.factories import CustomerFactory

    h = _headers()
    legal = Tag.objects.get(partner_id=demo.ACME, name="Legal")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get("/v1/partner/tags/organizations", {"tags": "Legal"}, **h).status_code
                == 200
            )
        return len(queries)

    count()  # the token's first use records last_used_at
    before = count()
    for n in range(6):
        CustomerTag.objects.create(
            customer=CustomerFactory(owner_id=demo.ACME, name=f"api {n}"), tag=legal
        )
    assert count() == before
