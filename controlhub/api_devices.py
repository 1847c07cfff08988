"""/v1/devices (FEATURES CH-10): Webex's Devices API for the customer organizations a partner
manages, in Webex's public shape (`displayName`, `personId`, `workspaceId`, `product`, `type`,
`mac`, `connectionStatus`, `managedBy`), plus `POST /v1/devices/activationCode`.

Generic SIP devices (`model` "generic_sip", `managedBy` CUSTOMER or PARTNER) carry
`sipCredentials` (line/port, registrar domain, username, password): a customer-managed device's
password only in the answer that created it, a partner-managed device's on every read, for the
partner's own device-management system. Thin: the org from `orgId`, the Control Hub page's
services (controlhub.services.devices) and FilterSet.
"""

from django.db import transaction
from django.http import HttpResponse
from ninja import Router, Schema, Status

from controlhub import selectors
from controlhub.filtersets import DeviceFilterSet
from controlhub.models import Device, DeviceManagement, DeviceStatus, Subscriber, Workspace
from controlhub.services import devices as device_services
from portal.access import permissions as p
from portal.api import ids, scopes
from portal.api.acting import Text, managed_organization
from portal.api.auth import ScopedBearer
from portal.api.pagination import PageSize, paginate
from portal.api.schemas import ERRORS
from portal.audit import Actor
from portal.catalogues import devices as catalogue
from portal.errors import ApplicationError
from portal.models import AuditEvent

router = Router(tags=["Devices"])
READ = ScopedBearer(scopes.DEVICES_READ)
WRITE = ScopedBearer(scopes.DEVICES_WRITE)
PAGE = PageSize(default=100, cap=1000)

#: Webex's connectionStatus for each status.
CONNECTION = {
    DeviceStatus.ACTIVATING: "activating",
    DeviceStatus.ONLINE: "connected",
    DeviceStatus.OFFLINE: "disconnected",
}
STATUS_OF = {value: key for key, value in CONNECTION.items()}


class DeviceIn(Schema):
    mac: Text | None = None
    model: Text | None = None
    personId: Text | None = None
    workspaceId: Text | None = None
    displayName: Text | None = None
    managedBy: Text | None = None


class DeviceUpdateIn(Schema):
    displayName: Text | None = None
    connectionStatus: Text | None = None


class ActivationCodeIn(Schema):
    model: Text | None = None
    personId: Text | None = None
    workspaceId: Text | None = None


class SipCredentialsOut(Schema):
    lineAndPort: str
    registrarDomain: str
    userName: str
    password: str | None = None


class DeviceOut(Schema):
    id: str
    displayName: str
    orgId: str
    personId: str | None = None
    workspaceId: str | None = None
    product: str
    model: str
    type: str
    mac: str
    connectionStatus: str
    managedBy: str
    created: str
    lastSeen: str | None = None
    activationCode: str | None = None
    activationCodeExpiryTime: str | None = None
    sipCredentials: SipCredentialsOut | None = None


class DeviceListOut(Schema):
    items: list[DeviceOut]


class ActivationCodeOut(Schema):
    code: str
    expiryTime: str


def _iso(moment) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def device_json(device: Device, *, password: str | None = None) -> dict:
    model = catalogue.BY_VALUE.get(device.model)
    body = {
        "id": ids.encode(ids.DEVICE, device.pk),
        "displayName": str(device),
        "orgId": ids.encode(ids.ORGANIZATION, device.customer_id),
        "personId": ids.encode(ids.PEOPLE, device.subscriber_id) if device.subscriber_id else None,
        "workspaceId": (
            ids.encode(ids.WORKSPACE, device.workspace_id) if device.workspace_id else None
        ),
        "product": device.model_label,
        "model": device.model,
        "type": "roomdesk" if model and model.family == catalogue.ROOMOS else "phone",
        "mac": device.mac_display,
        "connectionStatus": CONNECTION[DeviceStatus(device.status)],
        "managedBy": device.management.upper(),
        "created": _iso(device.created_at),
        "lastSeen": _iso(device.last_seen_at),
        "activationCode": device.activation_code or None,
        "activationCodeExpiryTime": _iso(device.activation_expires_at),
        "sipCredentials": None,
    }
    if device.sip_username:
        if device.management == DeviceManagement.PARTNER:
            password = device.sip_password
        body["sipCredentials"] = {
            "lineAndPort": device.sip_line_port,
            "registrarDomain": device.sip_registrar,
            "userName": device.sip_username,
            "password": password,
        }
    return body


def _actor(request) -> Actor:
    return Actor(user=request.user, source=AuditEvent.Source.API)


def _org(request, org_id, *, write: bool, required: bool = True):
    customer = managed_organization(request, org_id, p.ORG_VIEW_DEVICES)
    if customer is None:
        if required:
            raise ApplicationError(
                "The requested device could not be found; give the customer's orgId.", status=404
            )
        return None
    if write and not request.user.has_perm(p.ORG_MANAGE_DEVICES, customer):
        raise ApplicationError("Your administrator role does not allow this operation.", status=403)
    return customer


def _device_or_404(customer, device_id: str) -> Device:
    pk = ids.decode(ids.DEVICE, device_id)
    device = selectors.device_list(customer).filter(pk=pk).first() if pk else None
    if device is None:
        raise ApplicationError("The requested device could not be found.", status=404)
    return device


def _owner(customer, body) -> dict:
    """{"subscriber": …} or {"workspace": …} from personId / workspaceId, inside the org."""
    if bool(body.personId) == bool(body.workspaceId):
        raise ApplicationError("Give one of personId and workspaceId.", field="personId")
    if body.personId:
        pk = ids.decode((ids.PEOPLE, ids.SUBSCRIBER), body.personId)
        person = (
            Subscriber.objects.for_org(customer).current().filter(pk=pk).first() if pk else None
        )
        if person is None:
            raise ApplicationError("personId does not name a user of this organization.")
        return {"subscriber": person}
    pk = ids.decode(ids.WORKSPACE, body.workspaceId)
    place = Workspace.objects.for_org(customer).current().filter(pk=pk).first() if pk else None
    if place is None:
        raise ApplicationError("workspaceId does not name a workspace of this organization.")
    return {"workspace": place}


@router.get(
    "",
    response={200: DeviceListOut, **ERRORS},
    auth=READ,
    summary="List Devices",
    operation_id="listDevices",
)
def list_devices(
    request,
    response: HttpResponse,
    orgId: Text | None = None,
    personId: Text | None = None,
    workspaceId: Text | None = None,
    displayName: Text | None = None,
    mac: Text | None = None,
    connectionStatus: Text | None = None,
    max: int | None = None,
):
    customer = _org(request, orgId, write=False, required=False)
    if customer is None:
        return {"items": []}  # the partner's own organization has no devices here
    if connectionStatus and connectionStatus not in STATUS_OF:
        raise ApplicationError(
            f"connectionStatus is one of {', '.join(STATUS_OF)}.", field="connectionStatus"
        )
    filterset = DeviceFilterSet(
        {
            "personId": personId,
            "workspaceId": workspaceId,
            "displayName": displayName,
            "mac": mac,
            "status": STATUS_OF.get(connectionStatus or ""),
        },
        queryset=selectors.device_list(customer),
    )
    page = paginate(request, response, filterset.validated_qs(), PAGE)
    return {"items": [device_json(d) for d in page]}


@router.post(
    "",
    response={200: DeviceOut, **ERRORS},
    auth=WRITE,
    summary="Create a Device",
    operation_id="createDevice",
)
def create_device(request, response: HttpResponse, body: DeviceIn, orgId: Text | None = None):
    """A Cisco device by `mac` and `model`, or a generic SIP device (`model` generic_sip,
    `managedBy` CUSTOMER or PARTNER), for one `personId` or `workspaceId`."""
    customer = _org(request, orgId, write=True, required=False)
    if customer is None:
        raise ApplicationError("Give the orgId of the customer to add the device to.")
    owner = _owner(customer, body)
    managed = (body.managedBy or "CISCO").upper()
    common = {
        "customer": customer,
        "actor": _actor(request),
        "display_name": body.displayName or "",
        **owner,
    }
    password = None
    if managed == "CISCO":
        if not body.mac or not body.model:
            raise ApplicationError("Required: mac and model.", field="mac")
        device = device_services.device_add_by_mac(model=body.model, mac=body.mac, **common)
    elif managed in ("CUSTOMER", "PARTNER"):
        if body.model not in (None, catalogue.GENERIC_SIP):
            raise ApplicationError("Customer- and partner-managed devices are generic_sip.")
        device, password = device_services.device_add_generic_sip(
            management=managed.lower(), mac=body.mac or "", **common
        )
    else:
        raise ApplicationError("managedBy is CISCO, CUSTOMER or PARTNER.", field="managedBy")
    encoded = ids.encode(ids.DEVICE, device.pk)
    response["Location"] = request.build_absolute_uri(f"/v1/devices/{encoded}")
    return device_json(device, password=password)


@router.post(
    "/activationCode",
    response={200: ActivationCodeOut, **ERRORS},
    auth=WRITE,
    summary="Create a Device Activation Code",
    operation_id="createDeviceActivationCode",
)
def create_activation_code(request, body: ActivationCodeIn, orgId: Text | None = None):
    customer = _org(request, orgId, write=True, required=False)
    if customer is None:
        raise ApplicationError("Give the orgId of the customer to add the device to.")
    owner = _owner(customer, body)
    if not body.model:
        raise ApplicationError("Required: model.", field="model")
    device = device_services.device_add_by_activation_code(
        customer=customer, actor=_actor(request), model=body.model, **owner
    )
    return {"code": device.activation_code, "expiryTime": _iso(device.activation_expires_at)}


@router.get(
    "/{deviceId}",
    response={200: DeviceOut, **ERRORS},
    auth=READ,
    summary="Get Device Details",
    operation_id="getDevice",
)
def get_device(request, deviceId: str, orgId: Text | None = None):
    customer = _org(request, orgId, write=False)
    return device_json(_device_or_404(customer, deviceId))


@router.put(
    "/{deviceId}",
    response={200: DeviceOut, **ERRORS},
    auth=WRITE,
    summary="Update a Device",
    operation_id="updateDevice",
)
def update_device(request, deviceId: str, body: DeviceUpdateIn, orgId: Text | None = None):
    """`displayName`; `connectionStatus` (connected / disconnected) as the partner's
    device-management system reports a partner-managed device."""
    customer = _org(request, orgId, write=True)
    device = _device_or_404(customer, deviceId)
    if body.connectionStatus is not None:
        if device.management != DeviceManagement.PARTNER:
            raise ApplicationError(
                "Only a partner-managed device's status is reported through the API.", status=409
            )
        status = STATUS_OF.get(body.connectionStatus)
        if status not in (DeviceStatus.ONLINE, DeviceStatus.OFFLINE):
            raise ApplicationError("connectionStatus is connected or disconnected.")
    with transaction.atomic():  # the name and the status, or nothing
        device = device_services.device_update(
            device=device, actor=_actor(request), display_name=body.displayName
        )
        if body.connectionStatus is not None:
            device_services.device_report_status(device=device, status=status)
    return device_json(_device_or_404(customer, deviceId))


@router.delete(
    "/{deviceId}",
    response={204: None, **ERRORS},
    auth=WRITE,
    summary="Delete a Device",
    operation_id="deleteDevice",
)
def delete_device(request, deviceId: str, orgId: Text | None = None):
    customer = _org(request, orgId, write=True)
    device_services.device_remove(device=_device_or_404(customer, deviceId), actor=_actor(request))
    return Status(204, None)
