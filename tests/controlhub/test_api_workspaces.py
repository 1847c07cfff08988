"""/v1/workspaces (CH-12): Webex's Workspaces shape on the Control Hub page's services. Access
per caller is in the API matrix (tests/api/workspaces_rows.py)."""

import json

import pytest

from controlhub.models import PackageAssignment, PhoneNumber, Workspace
from portal.api import ids, scopes
from tests import demo
from tests.api.helpers import auth, token

pytestmark = pytest.mark.django_db
URL = "/v1/workspaces"
FABRIKAM = ids.encode(ids.ORGANIZATION, demo.FABRIKAM)
CONTOSO = ids.encode(ids.ORGANIZATION, demo.CONTOSO)
HQ = ids.encode(ids.LOCATION, demo.FABRIKAM_HQ)


def body(**calling):
    return {
        "displayName": "Front door",
        "locationId": HQ,
        "calling": {
            "type": "webexCalling",
            "webexCalling": {
                "phoneNumber": "+14155550177",
                "licenses": ["common_area_calling"],
                **calling,
            },
        },
    }


@pytest.fixture
def h(db):
    return auth(token())


def _send(client, h, method, url, data):
    return client.generic(method, url, json.dumps(data), content_type="application/json", **h)


def test_create_get_update_and_delete(client, h):
    response = _send(client, h, "POST", f"{URL}?orgId={FABRIKAM}", body())
    assert response.status_code == 200, response.json()
    created = response.json()
    assert created["displayName"] == "Front door"
    assert created["orgId"] == FABRIKAM and created["locationId"] == HQ
    assert created["calling"]["webexCalling"]["licenses"] == ["common_area_calling"]
    assert created["calling"]["webexCalling"]["phoneNumber"] == "+14155550177"
    assert response["Location"].endswith(f"{URL}/{created['id']}")
    one = f"{URL}/{created['id']}?orgId={FABRIKAM}"
    assert client.get(one, **h).json() == created

    changed = _send(
        client, h, "PUT", one, {"calling": {"webexCalling": {"licenses": ["webex_calling"]}}}
    )
    assert changed.status_code == 200
    assert changed.json()["calling"]["webexCalling"]["licenses"] == ["webex_calling"]
    workspace = Workspace.objects.get(pk=ids.decode(ids.WORKSPACE, created["id"]))
    assert PackageAssignment.objects.filter(workspace=workspace).count() == 2

    assert client.delete(one, **h).status_code == 204
    assert client.get(one, **h).status_code == 404
    assert not PackageAssignment.objects.filter(workspace=workspace, ended_at=None).exists()


def test_two_licenses_are_a_400_and_nothing_is_created(client, h):
    response = _send(
        client,
        h,
        "POST",
        f"{URL}?orgId={FABRIKAM}",
        body(licenses=["common_area_calling", "webex_calling"]),
    )
    assert response.status_code == 400
    assert "exactly one package" in response.json()["message"]
    assert set(response.json()) == {"message", "errors", "trackingId"}
    assert not Workspace.objects.filter(name="Front door").exists()
    assert not PhoneNumber.objects.filter(number="+14155550177").exists()


def test_a_second_license_on_an_update_changes_nothing(client, h):
    one = f"{URL}/{ids.encode(ids.WORKSPACE, demo.FABRIKAM_LOBBY)}?orgId={FABRIKAM}"
    response = _send(
        client,
        h,
        "PUT",
        one,
        {
            "displayName": "Renamed",
            "calling": {"webexCalling": {"licenses": ["common_area_calling", "webex_calling"]}},
        },
    )
    assert response.status_code == 400
    lobby = Workspace.objects.get(pk=demo.FABRIKAM_LOBBY)
    assert (lobby.name, lobby.package) == ("Lobby phone", "common_area_calling")


def test_a_bad_value_is_a_400_never_a_500(client, h):
    for data in (
        body(licenses=["no_such_package"]),
        body(phoneNumber="not a number"),
        body(extension="1"),
        {**body(), "locationId": "nonsense"},
        {**body(), "displayName": ""},
        {**body(), "calling": {"type": "freeSeating"}},
    ):
        response = _send(client, h, "POST", f"{URL}?orgId={FABRIKAM}", data)
        assert response.status_code == 400, (data, response.content)


def test_the_list_pages_with_link_and_filters(client, h):
    first = client.get(f"{URL}?orgId={FABRIKAM}&max=1", **h)
    assert first.status_code == 200
    assert len(first.json()["items"]) == 1
    assert 'rel="next"' in first["Link"]
    next_url = first["Link"].split(";")[0].strip("<>")
    second = client.get(next_url, **h)
    names = {w["displayName"] for w in first.json()["items"] + second.json()["items"]}
    assert names == {"Conference room", "Lobby phone"}
    named = client.get(f"{URL}?orgId={FABRIKAM}&displayName=lobby", **h).json()["items"]
    assert [w["displayName"] for w in named] == ["Lobby phone"]
    bad = client.get(f"{URL}?orgId={FABRIKAM}&locationId=nonsense", **h)
    assert bad.status_code == 400


def test_another_organizations_workspace_is_not_found(client, h):
    reception = ids.encode(ids.WORKSPACE, demo.CONTOSO_RECEPTION)
    assert client.get(f"{URL}/{reception}?orgId={FABRIKAM}", **h).status_code == 404
    assert client.delete(f"{URL}/{reception}?orgId={FABRIKAM}", **h).status_code == 404
    assert Workspace.objects.get(pk=demo.CONTOSO_RECEPTION).removed_at is None


def test_the_read_scope_does_not_write(client, db):
    h = auth(token(granted={scopes.WORKSPACES_READ}))
    assert client.get(f"{URL}?orgId={CONTOSO}", **h).status_code == 200
    assert _send(client, h, "POST", f"{URL}?orgId={FABRIKAM}", body()).status_code == 403
