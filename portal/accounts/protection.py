"""Who is signing in from where (AC-3): the client address and the account name that
django-axes and the API's bearer-token throttle count failures against."""

import ipaddress

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.errors import ApplicationError, Problem


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


# --- API bearer tokens ---------------------------------------------------------------------------


def api_token_refusal(request) -> None:
    """429 (Webex's error body, Retry-After) while the caller's address is locked out for
    presenting too many invalid tokens."""
    from portal.models import ApiAuthFailure

    address = client_ip(request)
    if address is None:
        return
    locked_until = (
        ApiAuthFailure.objects.filter(address=address, locked_until__gt=timezone.now())
        .values_list("locked_until", flat=True)
        .first()
    )
    if locked_until is None:
        return
    wait = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
    raise ApplicationError(
        "Too many requests with an invalid access token from this address.",
        status=429,
        problems=[
            Problem(
                None,
                f"Too many requests with an invalid access token; retry after {wait} seconds.",
                429,
            )
        ],
        headers={"Retry-After": str(wait)},
    )


@transaction.atomic
def api_token_failure(request) -> None:
    """Count one invalid token from the caller's address; lock it at the limit."""
    from portal.models import ApiAuthFailure

    address = client_ip(request)
    if address is None:
        return
    now = timezone.now()
    cool_off = settings.AXES_COOLOFF_TIME
    row, _ = ApiAuthFailure.objects.select_for_update().get_or_create(
        address=address, defaults={"window_started_at": now}
    )
    if now - row.window_started_at > cool_off:
        row.failures, row.window_started_at, row.locked_until = 0, now, None
    row.failures += 1
    if row.failures >= settings.API_AUTH_FAILURE_LIMIT:
        row.locked_until = now + cool_off
    row.save()
