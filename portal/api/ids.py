"""Webex-style opaque ids: base64url of ``ciscospark://us/<KIND>/<uuid>``, unpadded.

A back office that stores Webex ids stores ours the same way. Raw UUIDs are accepted too.
"""

import base64
import binascii
import uuid

CUSTOMER = "ENTERPRISE"
ORGANIZATION = "ORGANIZATION"
SUBSCRIBER = "SUBSCRIBER"
PEOPLE = "PEOPLE"
LOCATION = "LOCATION"
WORKSPACE = "WORKSPACE"
DEVICE = "DEVICE"
REPORT = "BILLING_REPORT"
SETUP_ASSIST = "SETUP_ASSIST_REQUEST"


def encode(kind: str, value: uuid.UUID | str) -> str:
    raw = f"ciscospark://us/{kind}/{value}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(kind: str | tuple[str, ...], value: str) -> uuid.UUID | None:
    """The UUID inside an encoded id of the given kind(s), or None when it is not one."""
    kinds = (kind,) if isinstance(kind, str) else kind
    value = (value or "").strip()
    try:
        return uuid.UUID(value)
    except ValueError:
        pass
    try:
        padded = value + "=" * (-len(value) % 4)
        text = base64.urlsafe_b64decode(padded.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    prefix, _, rest = text.rpartition("/")
    if not any(prefix == f"ciscospark://us/{k}" for k in kinds):
        return None
    try:
        return uuid.UUID(rest)
    except ValueError:
        return None
