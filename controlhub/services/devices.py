"""Devices (FEATURES CH-10; seed 001 "Device Onboarding and Management"): the one home of their
rules. The Control Hub pages and `/v1/devices` call these.

- Cisco-managed: by MAC address (validated; unique across the platform, by the database) and a
  model of the Cisco MPP / RoomOS catalogue, or by a one-time 16-digit activation code that
  expires; status activating → online / offline as the device reports.
- Customer-managed: a generic SIP device; the portal generates SIP credentials (line/port,
  registrar domain, username, a strong password) and shows the password once; regenerating
  gives a new one. Only its hash is stored.
- Partner-managed: a generic SIP device the partner's device-management system provisions; its
  credentials are stored so that the partner lists them through the API.

Every device is assigned to exactly one user or one workspace of the organization.
"""

import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from controlhub.models import Device, DeviceManagement, DeviceStatus, Subscriber, Workspace
from portal.audit import Actor, audit_record, snapshot
from portal.catalogues import devices as catalogue
from portal.errors import ApplicationError, Problem
from portal.integrity import refusing_duplicates
from portal.models import Customer

DEVICE_FIELDS = [
    "management",
    "model",
    "mac",
    "status",
    "subscriber_id",
    "workspace_id",
    "sip_username",
]
#: Webex's activation codes are valid for a week.
ACTIVATION_CODE_LIFETIME = timedelta(days=7)
MAC_IN_USE = Problem(None, "This MAC address is already registered to a device.", 409)
_MAC = re.compile(r"^[0-9A-F]{12}$")
_SEPARATORS = re.compile(r"[\s:.\-]")


def sip_domain(customer: Customer) -> str:
    """The org's registrar domain: its own subdomain of the platform's SIP domain."""
    base = getattr(settings, "SIP_REGISTRAR_DOMAIN", "sip.wholesale.example")
    return f"{customer.pk.hex[:12]}.{base}"


def normalize_mac(value: str) -> str:
    """12 hexadecimal digits, upper case, with or without ':', '-', '.' or spaces between."""
    text = _SEPARATORS.sub("", (value or "").strip()).upper()
    if not _MAC.match(text):
        raise ApplicationError(
            f"“{(value or '').strip()}” is not a MAC address: 12 hexadecimal digits, "
            "e.g. 00:1A:2B:3C:4D:5E.",
            field="mac",
        )
    if text in ("000000000000", "FFFFFFFFFFFF") or int(text[:2], 16) & 1:
        raise ApplicationError(
            f"{text} is not a device's MAC address (broadcast, multicast or zero).", field="mac"
        )
    return text


def _owner(customer: Customer, subscriber: Subscriber | None, workspace: Workspace | None):
    if (subscriber is None) == (workspace is None):
        raise ApplicationError("Assign the device to one user or one workspace.", field="owner")
    owner = subscriber or workspace
    if owner.customer_id != customer.pk:
        raise ApplicationError(
            "That user or workspace belongs to another organization.", status=404
        )
    if owner.removed_at is not None:
        raise ApplicationError(f"{owner} has been removed.", status=409, field="owner")
    return owner


def _check_customer(customer: Customer) -> None:
    refusal = customer.owner.provisioning_refusal
    if refusal:
        raise ApplicationError(refusal, status=403, code=4300)


def _save(device: Device) -> None:
    with refusing_duplicates(
        {
            "unique_device_mac": MAC_IN_USE,
            "unique_device_activation_code": Problem(None, "Try again.", 409),
            "unique_device_sip_username": Problem(None, "Try again.", 409),
        },
        field="mac",
    ):
        device.full_clean()
        device.save()


def _audit(device: Device, actor: Actor, action: str, before=None) -> None:
    audit_record(
        actor=actor,
        action=action,
        organization=device.customer,
        target=device,
        before=before,
        after=snapshot(device, DEVICE_FIELDS),
    )


@transaction.atomic
def device_add_by_mac(
    *,
    customer: Customer,
    actor: Actor,
    model: str,
    mac: str,
    subscriber: Subscriber | None = None,
    workspace: Workspace | None = None,
    display_name: str = "",
) -> Device:
    """A Cisco-managed device by MAC: it shows `activating` until it reports in."""
    _check_customer(customer)
    mac = normalize_mac(mac)
    if not catalogue.is_cisco(model):
        raise ApplicationError(
            "Choose a Cisco MPP or RoomOS model; other devices are generic SIP devices.",
            field="model",
        )
    _owner(customer, subscriber, workspace)
    if Device.objects.filter(mac=mac).exists():
        raise ApplicationError.from_problems([MAC_IN_USE], field="mac")
    device = Device(
        customer=customer,
        management=DeviceManagement.CISCO,
        model=model,
        mac=mac,
        subscriber=subscriber,
        workspace=workspace,
        display_name=display_name.strip(),
    )
    _save(device)
    _audit(device, actor, "device.create")
    return device


def _new_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(16))


@transaction.atomic
def device_add_by_activation_code(
    *,
    customer: Customer,
    actor: Actor,
    model: str,
    subscriber: Subscriber | None = None,
    workspace: Workspace | None = None,
    display_name: str = "",
) -> Device:
    """A Cisco-managed device by a one-time 16-digit activation code, valid for a week."""
    _check_customer(customer)
    if not catalogue.is_cisco(model):
        raise ApplicationError(
            "Activation codes are for Cisco MPP and RoomOS models.", field="model"
        )
    _owner(customer, subscriber, workspace)
    device = Device(
        customer=customer,
        management=DeviceManagement.CISCO,
        model=model,
        subscriber=subscriber,
        workspace=workspace,
        display_name=display_name.strip(),
        activation_code=_new_code(),
        activation_expires_at=timezone.now() + ACTIVATION_CODE_LIFETIME,
    )
    _save(device)
    _audit(device, actor, "device.create")
    return device


@transaction.atomic
def device_activate(*, code: str, mac: str) -> Device:
    """A device types in its activation code: the code is used up, the device takes its MAC
    and comes online. An unknown, used or expired code is refused."""
    code = re.sub(r"\D", "", code or "")
    device = Device.objects.select_for_update().filter(activation_code=code).first()
    if device is None or len(code) != 16:
        raise ApplicationError("This activation code is not valid.", status=404)
    if device.activation_expires_at and device.activation_expires_at < timezone.now():
        raise ApplicationError("This activation code has expired; ask for a new one.", status=410)
    before = snapshot(device, DEVICE_FIELDS)
    mac = normalize_mac(mac)
    if Device.objects.filter(mac=mac).exclude(pk=device.pk).exists():
        raise ApplicationError.from_problems([MAC_IN_USE], field="mac")
    device.mac = mac
    device.activation_code = ""
    device.activation_expires_at = None
    device.status = DeviceStatus.ONLINE
    device.last_seen_at = timezone.now()
    _save(device)
    _audit(device, Actor.system(), "device.activate", before)
    return device


@transaction.atomic
def device_report_status(*, device: Device, status: str) -> Device:
    """The device (or the partner's device-management system) reports online or offline."""
    if status not in (DeviceStatus.ONLINE, DeviceStatus.OFFLINE):
        raise ApplicationError("A device reports online or offline.", field="status")
    device = Device.objects.select_for_update().get(pk=device.pk)
    if device.activation_code:
        raise ApplicationError("The device has not used its activation code yet.", status=409)
    device.status = status
    device.last_seen_at = timezone.now()
    device.save(update_fields=["status", "last_seen_at"])
    return device


def _strong_password() -> str:
    """24 characters of letters, digits and symbols, each class present."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
    symbols = "!#%+-=?@^_~"
    while True:
        password = "".join(secrets.choice(alphabet + symbols) for _ in range(24))
        if (
            any(c.isupper() for c in password)
            and any(c.islower() for c in password)
            and any(c.isdigit() for c in password)
            and any(c in symbols for c in password)
        ):
            return password


def _set_credentials(device: Device) -> str:
    """New SIP credentials on `device` (not saved); returns the password."""
    password = _strong_password()
    if not device.sip_username:
        device.sip_username = f"d{secrets.token_hex(7)}"
    device.sip_registrar = sip_domain(device.customer)
    device.sip_line_port = f"{device.sip_username}@{device.sip_registrar}"
    if device.management == DeviceManagement.PARTNER:
        device.sip_password = password
        device.sip_password_hash = ""
    else:
        device.sip_password = ""
        device.sip_password_hash = make_password(password)
    return password


@transaction.atomic
def device_add_generic_sip(
    *,
    customer: Customer,
    actor: Actor,
    subscriber: Subscriber | None = None,
    workspace: Workspace | None = None,
    display_name: str = "",
    management: str = DeviceManagement.CUSTOMER,
    mac: str = "",
) -> tuple[Device, str]:
    """A customer- or partner-managed generic SIP device with new SIP credentials; returns the
    device and its password (for a customer-managed device the only time it is known)."""
    _check_customer(customer)
    if management not in (DeviceManagement.CUSTOMER, DeviceManagement.PARTNER):
        raise ApplicationError("A generic SIP device is customer- or partner-managed.")
    _owner(customer, subscriber, workspace)
    device = Device(
        customer=customer,
        management=management,
        model=catalogue.GENERIC_SIP,
        subscriber=subscriber,
        workspace=workspace,
        display_name=display_name.strip(),
        status=DeviceStatus.OFFLINE,
    )
    if mac:
        device.mac = normalize_mac(mac)
        if Device.objects.filter(mac=device.mac).exists():
            raise ApplicationError.from_problems([MAC_IN_USE], field="mac")
    password = _set_credentials(device)
    _save(device)
    _audit(device, actor, "device.create")
    return device, password


@transaction.atomic
def device_regenerate_credentials(*, device: Device, actor: Actor) -> str:
    """New SIP password (and line/port) for a generic SIP device; the old one stops working."""
    device = Device.objects.select_for_update().select_related("customer").get(pk=device.pk)
    if device.management == DeviceManagement.CISCO:
        raise ApplicationError(
            "Cisco-managed devices get their credentials from Cisco.", status=409
        )
    before = snapshot(device, DEVICE_FIELDS)
    password = _set_credentials(device)
    _save(device)
    _audit(device, actor, "device.regenerate_credentials", before)
    return password


@transaction.atomic
def device_remove(*, device: Device, actor: Actor) -> None:
    device = Device.objects.select_for_update().select_related("customer").get(pk=device.pk)
    before = snapshot(device, DEVICE_FIELDS)
    audit_record(
        actor=actor,
        action="device.remove",
        organization=device.customer,
        target=device,
        before=before,
    )
    device.delete()


def config_file(device: Device, password: str) -> str:
    """The generic SIP device's configuration file (plain key = value lines)."""
    lines = [
        "# SIP configuration generated by the Wholesale Portal",
        f"# Device: {device}",
        f"line_port = {device.sip_line_port}",
        f"registrar_domain = {device.sip_registrar}",
        f"outbound_proxy = {device.sip_registrar}:5061",
        "transport = TLS",
        f"username = {device.sip_username}",
        f"password = {password}",
    ]
    return "\n".join(lines) + "\n"


@transaction.atomic
def device_update(*, device: Device, actor: Actor, display_name: str | None = None) -> Device:
    """Rename a device (None keeps the name)."""
    device = Device.objects.select_for_update().select_related("customer").get(pk=device.pk)
    before = snapshot(device, [*DEVICE_FIELDS, "display_name"])
    if display_name is not None:
        device.display_name = display_name.strip()[:128]
    _save(device)
    audit_record(
        actor=actor,
        action="device.update",
        organization=device.customer,
        target=device,
        before=before,
        after=snapshot(device, [*DEVICE_FIELDS, "display_name"]),
    )
    return device
