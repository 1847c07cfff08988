"""Two-step verification (AC-3): an authenticator app (TOTP) with single-use recovery codes,
enrolled by the person in their profile; required by a partner of its own admins or of its
customers' admins, or by the operator of everyone (TWO_FACTOR_REQUIRED)."""

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.access.entitlements import grants_for
from portal.errors import ApplicationError
from portal.models import Customer, Partner, User

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


# --- Selectors ----------------------------------------------------------------------------------


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_required_by(user: User) -> str | None:
    """Who requires this person to use two-step verification, in words; None when nobody."""
    if settings.TWO_FACTOR_REQUIRED:
        return "The platform"
    grants = grants_for(user)
    partner = (
        Partner.objects.filter(pk__in=list(grants.partner_roles), require_two_factor=True)
        .order_by("name")
        .first()
    )
    if partner is not None:
        return partner.name
    customer = (
        Customer.objects.filter(pk__in=list(grants.customer_roles))
        .filter(
            Q(owner__require_two_factor_for_customers=True)
            | Q(owner__parent__require_two_factor_for_customers=True)
        )
        .select_related("owner__parent")
        .first()
    )
    if customer is not None:
        owner = customer.owner
        return owner.name if owner.require_two_factor_for_customers else owner.parent.name
    return None


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL of the device as an inline SVG QR code."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=4)


def secret_base32(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")


# --- Services -----------------------------------------------------------------------------------


@transaction.atomic
def two_factor_enrolment_start(*, user: User) -> TOTPDevice:
    """The person's unconfirmed authenticator device (a new secret unless one is pending)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def two_factor_enrolment_confirm(*, request, user: User, token: str) -> list[str]:
    """Check the first code from the app, switch the device on, and return new recovery
    codes (shown once). This session counts as verified. A wrong code counts towards
    django-otp's throttle (growing delays), so it is checked outside a rolled-back block."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        raise ApplicationError("Start again: open Two-step verification in your profile.")
    if not device.verify_token((token or "").strip().replace(" ", "")):
        raise ApplicationError(
            "That code is not right. Enter the 6-digit code the app shows now.", field="token"
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
    otp_login(request, device)
    return codes


@transaction.atomic
def two_factor_recovery_codes_renew(*, user: User) -> list[str]:
    if not has_two_factor(user):
        raise ApplicationError("Set up an authenticator app first.")
    return _new_recovery_codes(user)


@transaction.atomic
def two_factor_disable(*, user: User) -> None:
    required_by = two_factor_required_by(user)
    if required_by:
        raise ApplicationError(
            f"{required_by} requires two-step verification, so it cannot be switched off.",
            status=409,
        )
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def two_factor_verify(*, request, user: User, token: str) -> bool:
    """A code from the app, or an unused recovery code (used up by this)."""
    token = (token or "").strip().replace(" ", "")
    if not token:
        return False
    with transaction.atomic():
        for model in (TOTPDevice, StaticDevice):
            for device in model.objects.select_for_update().filter(user=user, confirmed=True):
                if device.verify_token(token):
                    otp_login(request, device)
                    return True
    return False


# --- Enforcement --------------------------------------------------------------------------------

_EXEMPT_NAMES = (
    "login",
    "logout",
    "two_factor_verify",
    "two_factor",
    "healthz",
    "password_reset",
    "password_reset_sent",
)


class TwoFactorMiddleware:
    """Signed in with a password only: someone with an authenticator app is asked for a code
    (…/login/verify/); someone required to use one and without it is sent to set it up."""

    #: Paths under these prefixes never ask for a code: static files, the bearer-token API,
    #: and the one-time links that set a password.
    EXEMPT_PREFIXES = ("/static/", "/v1/", "/reset/", "/set-password/")

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt_paths: frozenset[str] | None = None

    def exempt(self, path: str) -> bool:
        if self._exempt_paths is None:
            self._exempt_paths = frozenset(reverse(name) for name in _EXEMPT_NAMES)
        return path in self._exempt_paths or path.startswith(self.EXEMPT_PREFIXES)

    def __call__(self, request):
        user = request.user
        if (
            getattr(user, "is_authenticated", False)
            and not user.is_verified()
            # Signed in through a partner's identity provider (PH-10): the IdP authenticated
            # the person, with its own second factor where it has one.
            and not request.session.get("sso_signed_in")
            and not self.exempt(request.path)
        ):
            query = urlencode({"next": request.get_full_path()})
            if has_two_factor(user):
                return redirect(f"{reverse('two_factor_verify')}?{query}")
            if two_factor_required_by(user):
                return redirect(f"{reverse('two_factor')}?{query}")
        return self.get_response(request)
