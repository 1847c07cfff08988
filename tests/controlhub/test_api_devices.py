"""/v1/devices (CH-10): Webex's Devices shape on the Control Hub page's services; partner-managed
devices listed with their SIP credentials. Access per caller: tests/api/devices_rows.py."""

import json

import pytest
from django.contrib.auth.hashers import check_password

from controlhub.demo import DEMO_SIP_PASSWORD
from controlhub.models import Device
from portal.api import ids, scopes
from tests import demo
from tests.api.helpers import auth, token

pytestmark = pytest.mark.django_db
URL = "/v1/devices"
FABRIKAM = ids.encode(ids.ORGANIZATION, demo.FABRIKAM)
CONTOSO = ids.encode(ids.ORGANIZATION, demo.CONTOSO)
LOBBY = ids.encode(ids.WORKSPACE, demo.FABRIKAM_LOBBY)


@pytest.fixture
def h(db):
    return auth(token())


def _send(client, h, method, url, data):
    return client.generic(method, url, json.dumps(data), content_type="application/json", **h)


def test_a_cisco_phone_by_mac(client, h):
    response = _send(
        client,
        h,
        "POST",
        f"{URL}?orgId={FABRIKAM}",
        {"mac": "00-1a-2b-3c-4d-90", "model": "cisco_8851", "workspaceId": LOBBY},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["mac"], body["workspaceId"], body["personId"]) == (
        "00:1A:2B:3C:4D:90",
        LOBBY,
        None,
    )
    assert (body["connectionStatus"], body["managedBy"], body["type"]) == (
        "activating",
        "CISCO",
        "phone",
    )
    assert body["product"] == "Cisco 8851" and body["sipCredentials"] is None
    one = f"{URL}/{body['id']}?orgId={FABRIKAM}"
    assert client.get(one, **h).json() == body
    renamed = _send(client, h, "PUT", one, {"displayName": "Lobby desk"})
    assert renamed.json()["displayName"] == "Lobby desk"
    refused = _send(client, h, "PUT", one, {"connectionStatus": "connected"})
    assert refused.status_code == 409  # Cisco reports Cisco devices
    assert client.delete(one, **h).status_code == 204
    assert not Device.objects.filter(mac="001A2B3C4D90").exists()


@pytest.mark.parametrize(
    ("mac", "status", "words"),
    [("0C:11:67:A1:B2:01", 409, "already registered"), ("0C:11:67", 400, "not a MAC address")],
)
def test_a_duplicate_or_malformed_mac(client, h, mac, status, words):
    count = Device.objects.count()
    response = _send(
        client,
        h,
        "POST",
        f"{URL}?orgId={FABRIKAM}",
        {"mac": mac, "model": "cisco_8851", "workspaceId": LOBBY},
    )
    assert response.status_code == status
    assert words in response.json()["message"]
    assert Device.objects.count() == count


def test_an_activation_code(client, h):
    response = _send(
        client,
        h,
        "POST",
        f"{URL}/activationCode?orgId={FABRIKAM}",
        {"model": "cisco_desk_pro", "workspaceId": LOBBY},
    )
    assert response.status_code == 200
    code = response.json()["code"]
    assert len(code) == 16 and code.isdigit() and response.json()["expiryTime"].endswith("Z")
    device = Device.objects.get(activation_code=code)
    assert device.workspace_id == demo.FABRIKAM_LOBBY


def test_a_customer_managed_device_shows_its_password_only_when_created(client, h):
    person = ids.encode(
        ids.PEOPLE, Device.objects.get(display_name="Fiona's SIP phone").subscriber_id
    )
    response = _send(
        client,
        h,
        "POST",
        f"{URL}?orgId={FABRIKAM}",
        {"model": "generic_sip", "managedBy": "CUSTOMER", "personId": person},
    )
    assert response.status_code == 200, response.json()
    credentials = response.json()["sipCredentials"]
    device = Device.objects.get(pk=ids.decode(ids.DEVICE, response.json()["id"]))
    assert check_password(credentials["password"], device.sip_password_hash)
    again = client.get(f"{URL}/{response.json()['id']}?orgId={FABRIKAM}", **h).json()
    assert again["sipCredentials"]["password"] is None
    assert again["sipCredentials"]["userName"] == credentials["userName"]


def test_the_partner_lists_its_managed_devices_with_their_credentials(client, h):
    response = client.get(f"{URL}?orgId={CONTOSO}&max=100", **h)
    assert response.status_code == 200
    by_name = {d["displayName"]: d for d in response.json()["items"]}
    paging = by_name["Paging gateway"]
    assert paging["managedBy"] == "PARTNER"
    assert paging["sipCredentials"]["password"] == DEMO_SIP_PASSWORD
    assert by_name["Door intercom"]["sipCredentials"]["password"] is None
    one = f"{URL}/{paging['id']}?orgId={CONTOSO}"
    reported = _send(client, h, "PUT", one, {"connectionStatus": "disconnected"})
    assert reported.json()["connectionStatus"] == "disconnected"


def test_the_list_pages_and_filters(client, h):
    first = client.get(f"{URL}?orgId={FABRIKAM}&max=1", **h)
    assert len(first.json()["items"]) == 1 and 'rel="next"' in first["Link"]
    lobby = client.get(f"{URL}?orgId={FABRIKAM}&workspaceId={LOBBY}", **h).json()["items"]
    assert [d["displayName"] for d in lobby] == ["Lobby phone"]
    by_mac = client.get(f"{URL}?orgId={FABRIKAM}&mac=0c:11:67:a1:c3:01", **h).json()["items"]
    assert [d["displayName"] for d in by_mac] == ["Lobby phone"]
    activating = client.get(f"{URL}?orgId={FABRIKAM}&connectionStatus=activating", **h).json()
    assert [d["displayName"] for d in activating["items"]] == ["Conference room bar"]
    for bad in ("connectionStatus=sleeping", "workspaceId=nonsense", "personId=nonsense"):
        assert client.get(f"{URL}?orgId={FABRIKAM}&{bad}", **h).status_code == 400


def test_bad_bodies_are_400_never_500(client, h):
    for data in (
        {"mac": "001A2B3C4D91", "model": "cisco_8851"},  # no owner
        {"mac": "001A2B3C4D91", "model": "cisco_8851", "workspaceId": "x", "personId": "y"},
        {"mac": "001A2B3C4D91", "model": "no_such_model", "workspaceId": LOBBY},
        {"mac": "001A2B3C4D91", "managedBy": "SOMEONE", "workspaceId": LOBBY},
        {"model": "cisco_8851", "workspaceId": ids.encode(ids.WORKSPACE, demo.CONTOSO_RECEPTION)},
    ):
        response = _send(client, h, "POST", f"{URL}?orgId={FABRIKAM}", data)
        assert response.status_code == 400, (data, response.content)


def test_another_organizations_device_is_not_found(client, h):
    door = ids.encode(ids.DEVICE, demo.CONTOSO_DOOR_INTERCOM)
    assert client.get(f"{URL}/{door}?orgId={FABRIKAM}", **h).status_code == 404
    assert client.delete(f"{URL}/{door}?orgId={FABRIKAM}", **h).status_code == 404


def test_the_read_scope_does_not_write(client, db):
    h = auth(token(granted={scopes.DEVICES_READ}))
    assert client.get(f"{URL}?orgId={CONTOSO}", **h).status_code == 200
    data = {"mac": "001A2B3C4D92", "model": "cisco_8851", "workspaceId": LOBBY}
    assert _send(client, h, "POST", f"{URL}?orgId={FABRIKAM}", data).status_code == 403
