"""Who is signing in from where (AC-3): the client address and the account name that
django-axes and the API's bearer-token throttle count failures against."""

import ipaddress

from django.conf import settings


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or the header a trusted proxy sets when PORTAL_CLIENT_IP_HEADER names it
    (for X-Forwarded-For, the address the proxy itself appended: the last one)."""
    header = settings.PORTAL_CLIENT_IP_HEADER
    if header:
        key = "HTTP_" + header.upper().replace("-", "_")
        value = request.META.get(key, "")
        addresses = [a.strip() for a in value.split(",") if a.strip()]
        if addresses and _valid(addresses[-1]):
            return _valid(addresses[-1])
    return _valid(request.META.get("REMOTE_ADDR", ""))


def axes_username(request, credentials) -> str:
    """Emails are compared case-insensitively, so are the failures counted against them."""
    value = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if value is None and request is not None:
        value = request.POST.get(settings.AXES_USERNAME_FORM_FIELD, "")
    return (value or "").strip().lower()
