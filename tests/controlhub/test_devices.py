"""Devices (CH-10): Cisco-managed by MAC or activation code, customer- and partner-managed
generic SIP devices, assigned to a user or a workspace; pages, errors, tenancy, query counts."""

import base64
import re
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import check_password
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from controlhub.demo import USER_DEVICE_ADMIN
from controlhub.models import Device, DeviceStatus, Subscriber, Workspace
from controlhub.services import devices as ds
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import AuditEvent, Customer
from tests import demo
from tests.factories import DeviceFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db
ACTOR = Actor.system()


@pytest.fixture
def fabrikam():
    return Customer.objects.get(pk=demo.FABRIKAM)


@pytest.fixture
def lobby():
    return Workspace.objects.get(pk=demo.FABRIKAM_LOBBY)


@pytest.mark.parametrize(
    "typed", ["00:1a:2b:3c:4d:5e", "00-1A-2B-3C-4D-5E", "001A.2B3C.4D5E", " 001A2B3C4D5E "]
)
def test_mac_addresses_are_normalized(typed):
    assert ds.normalize_mac(typed) == "001A2B3C4D5E"


@pytest.mark.parametrize(
    "typed", ["", "00:1A:2B:3C:4D", "00:1A:2B:3C:4D:5G", "001A2B3C4D5E6F", "FF:FF:FF:FF:FF:FF"]
)
def test_malformed_macs_are_refused(typed):
    with pytest.raises(ApplicationError) as exc:
        ds.normalize_mac(typed)
    assert exc.value.field == "mac"


def test_a_cisco_device_by_mac_is_activating_until_it_reports(fabrikam, lobby):
    device = ds.device_add_by_mac(
        customer=fabrikam, actor=ACTOR, model="cisco_8851", mac="00:1a:2b:3c:4d:5e", workspace=lobby
    )
    assert (device.mac, device.status, device.workspace) == ("001A2B3C4D5E", "activating", lobby)
    assert AuditEvent.objects.filter(action="device.create", target_id=str(device.pk)).exists()
    ds.device_report_status(device=device, status="online")
    device.refresh_from_db()
    assert device.status == DeviceStatus.ONLINE and device.last_seen_at is not None
    with pytest.raises(ApplicationError):
        ds.device_report_status(device=device, status="exploded")


def test_a_duplicate_mac_is_refused_across_the_platform_and_nothing_changes(fabrikam, lobby):
    reception = Workspace.objects.get(pk=demo.CONTOSO_RECEPTION)
    existing = Device.objects.get(pk=demo.CONTOSO_RECEPTION_PHONE)  # Contoso's, MAC 0C1167A1B201
    count = Device.objects.count()
    with pytest.raises(ApplicationError, match="already registered"):
        ds.device_add_by_mac(
            customer=fabrikam,
            actor=ACTOR,
            model="cisco_8851",
            mac="0c:11:67:a1:b2:01",
            workspace=lobby,
        )
    assert Device.objects.count() == count
    assert Device.objects.get(mac=existing.mac).workspace == reception


def test_the_database_refuses_a_duplicate_or_malformed_mac(lobby):
    DeviceFactory(workspace=lobby, mac="001A2B3C4D5E")
    with pytest.raises(IntegrityError), transaction.atomic():
        DeviceFactory(workspace=lobby, mac="001A2B3C4D5E")
    with pytest.raises(IntegrityError), transaction.atomic():
        DeviceFactory(workspace=lobby, mac="001a2b3c4d5f")


def test_a_device_belongs_to_one_user_or_one_workspace(fabrikam, lobby):
    user = Subscriber.objects.for_org(fabrikam).current().first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Device.objects.create(customer=fabrikam, management="cisco", model="cisco_8851")
    with pytest.raises(IntegrityError), transaction.atomic():
        DeviceFactory(workspace=lobby, subscriber=user)
    with pytest.raises(ApplicationError, match="one user or one workspace"):
        ds.device_add_by_mac(customer=fabrikam, actor=ACTOR, model="cisco_8851", mac="001A2B3C4D60")
    contoso_place = Workspace.objects.get(pk=demo.CONTOSO_RECEPTION)
    with pytest.raises(ApplicationError) as exc:
        ds.device_add_by_mac(
            customer=fabrikam,
            actor=ACTOR,
            model="cisco_8851",
            mac="001A2B3C4D60",
            workspace=contoso_place,
        )
    assert exc.value.status == 404


def test_a_model_outside_the_cisco_catalogue_is_refused(fabrikam, lobby):
    with pytest.raises(ApplicationError, match="Cisco MPP or RoomOS"):
        ds.device_add_by_mac(
            customer=fabrikam, actor=ACTOR, model="generic_sip", mac="001A2B3C4D61", workspace=lobby
        )


def test_an_activation_code_is_16_digits_used_once_and_expires(fabrikam, lobby):
    device = ds.device_add_by_activation_code(
        customer=fabrikam, actor=ACTOR, model="cisco_room_bar", workspace=lobby
    )
    assert re.fullmatch(r"\d{16}", device.activation_code)
    assert device.activation_expires_at > timezone.now() + timedelta(days=6)
    code = device.activation_code
    activated = ds.device_activate(
        code=f"{code[:4]}-{code[4:8]}-{code[8:12]}-{code[12:]}", mac="00:1A:2B:3C:4D:62"
    )
    assert (activated.status, activated.activation_code, activated.mac) == (
        "online",
        "",
        "001A2B3C4D62",
    )
    with pytest.raises(ApplicationError) as exc:
        ds.device_activate(code=code, mac="001A2B3C4D63")
    assert exc.value.status == 404
    late = ds.device_add_by_activation_code(
        customer=fabrikam, actor=ACTOR, model="cisco_8851", workspace=lobby
    )
    Device.objects.filter(pk=late.pk).update(activation_expires_at=timezone.now() - timedelta(1))
    with pytest.raises(ApplicationError, match="expired") as exc:
        ds.device_activate(code=late.activation_code, mac="001A2B3C4D64")
    assert exc.value.status == 410


def test_generic_sip_credentials_are_strong_hashed_and_regenerated(fabrikam, lobby):
    device, password = ds.device_add_generic_sip(customer=fabrikam, actor=ACTOR, workspace=lobby)
    assert len(password) == 24 and password not in device.sip_password_hash
    assert device.sip_password == "" and check_password(password, device.sip_password_hash)
    assert device.sip_line_port == f"{device.sip_username}@{device.sip_registrar}"
    config = ds.config_file(device, password)
    assert f"password = {password}" in config and f"username = {device.sip_username}" in config
    again = ds.device_regenerate_credentials(device=device, actor=ACTOR)
    device.refresh_from_db()
    assert again != password and check_password(again, device.sip_password_hash)
    assert not check_password(password, device.sip_password_hash)


def test_a_partner_managed_device_keeps_its_password_for_the_partner(fabrikam, lobby):
    device, password = ds.device_add_generic_sip(
        customer=fabrikam, actor=ACTOR, workspace=lobby, management="partner"
    )
    assert device.sip_password == password and device.sip_password_hash == ""


# --- Pages ----------------------------------------------------------------------------------


def url(name, org=demo.FABRIKAM, **kwargs):
    return reverse(f"controlhub:{name}", kwargs={"org_id": org, **kwargs})


@pytest.fixture
def admin(client_for):
    return client_for(demo.FABRIKAM_ADMIN)


def test_adding_a_cisco_phone_by_mac_to_a_workspace(admin):
    owner = f"workspace:{demo.FABRIKAM_LOBBY}"
    response = admin.post(
        url("device_add"),
        {"method": "mac", "model": "cisco_8851", "mac": "00:1a:2b:3c:4d:70", "owner": owner},
    )
    assert response.status_code == 302, response.content.decode()[:800]
    device = Device.objects.get(mac="001A2B3C4D70")
    assert response["Location"] == url("device", device_id=device.pk)
    workspace_page = admin.get(url("workspace", workspace_id=demo.FABRIKAM_LOBBY)).content.decode()
    assert "00:1A:2B:3C:4D:70" in workspace_page


@pytest.mark.parametrize(
    ("mac", "message"),
    [("0c:11:67:a1:b2:01", "already registered"), ("00:1a:2b:3c:4d", "is not a MAC address")],
)
def test_a_duplicate_or_malformed_mac_is_shown_next_to_the_field(admin, mac, message):
    count = Device.objects.count()
    response = admin.post(
        url("device_add"),
        {
            "method": "mac",
            "model": "cisco_8851",
            "mac": mac,
            "owner": f"workspace:{demo.FABRIKAM_LOBBY}",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and f'value="{mac}"' in html
    assert Device.objects.count() == count


def test_a_generic_sip_device_shows_its_password_once_with_the_config_file(admin):
    user = Subscriber.objects.get(pk=demo_subscriber())
    response = admin.post(
        url("device_add"), {"method": "generic_sip", "owner": f"user:{user.pk}", "model": ""}
    )
    assert response.status_code == 302
    device = Device.objects.get(
        subscriber=user, model="generic_sip", sip_password_hash__gt="", display_name=""
    )
    first = admin.get(response["Location"]).content.decode()
    password = re.search(r'data-testid="sip-password">([^<]+)<', first).group(1)
    assert check_password(password, device.sip_password_hash)
    href = re.search(r'href="data:text/plain;base64,([^"]+)"', first).group(1)
    assert f"password = {password}" in base64.b64decode(href).decode()
    second = admin.get(response["Location"]).content.decode()
    assert password not in second and "sip-password" not in second
    regenerated = admin.post(url("device_regenerate", device_id=device.pk))
    assert regenerated.status_code == 302
    third = admin.get(regenerated["Location"]).content.decode()
    new = re.search(r'data-testid="sip-password">([^<]+)<', third).group(1)
    assert new != password
    user_page = admin.get(url("user", subscriber_id=user.pk)).content.decode()
    assert "owner-devices" in user_page and url("device", device_id=device.pk) in user_page


def demo_subscriber():
    from portal.demo import demo_id

    return demo_id("subscriber", demo.FABRIKAM_ADMIN)


def test_an_activation_code_is_shown_on_the_page(admin):
    response = admin.post(
        url("device_add"),
        {
            "method": "activation_code",
            "model": "cisco_room_bar",
            "owner": f"workspace:{demo.FABRIKAM_LOBBY}",
        },
    )
    assert response.status_code == 302
    page = admin.get(response["Location"]).content.decode()
    assert re.search(r'data-testid="activation-code">\d{4}-\d{4}-\d{4}-\d{4}<', page)


def test_the_list_searches_and_filters(admin):
    html = admin.get(url("devices")).content.decode()
    assert "Lobby phone" in html and "Conference room bar" in html and "Reception phone" not in html
    html = admin.get(url("devices") + "?management=customer").content.decode()
    assert "Fiona&#x27;s SIP phone" in html and "Conference room bar" not in html
    html = admin.get(url("devices") + "?q=0C1167A1C3").content.decode()
    assert "Lobby phone" in html and "Fiona" not in html
    assert admin.get(url("devices") + "?status=bogus").status_code == 200  # dropped


def test_another_organizations_device_is_not_found(admin):
    assert admin.get(url("device", device_id=demo.CONTOSO_DOOR_INTERCOM)).status_code == 404
    assert admin.post(url("device_remove", device_id=demo.CONTOSO_DOOR_INTERCOM)).status_code == 404
    assert Device.objects.filter(pk=demo.CONTOSO_DOOR_INTERCOM).exists()


def test_an_owner_of_another_organization_is_not_a_choice(admin):
    response = admin.post(
        url("device_add"),
        {
            "method": "mac",
            "model": "cisco_8851",
            "mac": "001A2B3C4D71",
            "owner": f"workspace:{demo.CONTOSO_RECEPTION}",
        },
    )
    assert response.status_code == 400
    assert not Device.objects.filter(mac="001A2B3C4D71").exists()


def test_the_user_and_device_administrator_manages_devices(client_for):
    client = client_for(USER_DEVICE_ADMIN)
    response = client.post(
        url("device_add"),
        {
            "method": "mac",
            "model": "cisco_6841",
            "mac": "001A2B3C4D72",
            "owner": f"workspace:{demo.FABRIKAM_LOBBY}",
        },
    )
    assert response.status_code == 302
    assert client.get(url("settings")).status_code == 403


def test_a_read_only_admin_sees_devices_but_cannot_add(client_for):
    client = client_for(demo.CONTOSO_READONLY)
    assert client.get(url("devices", org=demo.CONTOSO)).status_code == 200
    assert client.get(url("device_add", org=demo.CONTOSO)).status_code == 403


def _queries(client, target):
    client.get(target)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(target).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["devices", "workspace"])
def test_device_lists_do_not_grow_in_queries(admin, page):
    kwargs = {"workspace_id": demo.FABRIKAM_LOBBY} if page == "workspace" else {}
    target = url(page, **kwargs)
    few = _queries(admin, target)
    lobby = Workspace.objects.get(pk=demo.FABRIKAM_LOBBY)
    user = Subscriber.objects.get(pk=demo_subscriber())
    for i in range(10):
        DeviceFactory(workspace=lobby, mac=f"001A2B3D{i:04X}")
        DeviceFactory(
            workspace=None, subscriber=user, customer=user.customer, mac=f"001A2B3E{i:04X}"
        )
    WorkspaceFactory(customer=lobby.customer, location=lobby.location)
    assert _queries(admin, target) == few
