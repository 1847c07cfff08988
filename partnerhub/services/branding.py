"""Advanced branding (FEATURES PH-6): partner branding and a customer's override.

Logo files follow the transaction (portal.files): new files are written under new names first,
the ones they replace are removed only after commit, so a refused save keeps the current logos.

Logos are checked by content, not by the name or the browser's content type: PNG, JPEG, GIF or
WebP (SVG is refused because it can carry script), at most MAX_LOGO_BYTES.
"""

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from controlhub.models import Domain, DomainStatus
from partnerhub.colours import HEX, on_colour, theme_css
from partnerhub.models import Branding
from portal.audit import Actor, audit_record, snapshot
from portal.errors import ApplicationError
from portal.files import remove_on_commit, written_files
from portal.models import Customer, Partner

MAX_LOGO_BYTES = 512 * 1024
BRANDING_FIELDS = [
    "light_primary_color",
    "light_accent_color",
    "dark_primary_color",
    "dark_accent_color",
    "support_url",
    "help_url",
]
LOGO_FIELDS = ("logo_light", "logo_dark")
_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
    b"GIF87a": ("image/gif", "gif"),
    b"GIF89a": ("image/gif", "gif"),
}


def logo_kind(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of an accepted image from its first bytes, else None."""
    for signature, kind in _SIGNATURES.items():
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ("image/webp", "webp")
    return None


def validate_logo(upload) -> str:
    """The file extension to store an uploaded logo under; ApplicationError when refused."""
    if upload.size > MAX_LOGO_BYTES:
        raise ApplicationError(
            f"{upload.name} is {upload.size // 1024} KB; a logo may be at most "
            f"{MAX_LOGO_BYTES // 1024} KB."
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = logo_kind(head)
    if kind is None:
        raise ApplicationError(
            f"{upload.name} is not a PNG, JPEG, GIF or WebP image (SVG is not accepted)."
        )
    return kind[1]


def _snapshot(branding: Branding) -> dict:
    return {
        **snapshot(branding, BRANDING_FIELDS),
        **{name: getattr(branding, name).name or "" for name in LOGO_FIELDS},
    }


def branding_for(organization: Partner | Customer) -> Branding | None:
    return Branding.objects.for_org(organization).first()


def branding_of(org_id) -> Branding | None:
    """The branding row of the partner or customer with this id (its own, not inherited)."""
    return Branding.objects.filter(Q(partner_id=org_id) | Q(customer_id=org_id)).first()


def effective_branding(customer: Customer) -> Branding | None:
    """What the customer's users see: its own override, else its partner's branding."""
    return branding_for(customer) or branding_for(customer.owner)


@transaction.atomic
def branding_update(
    *,
    organization: Partner | Customer,
    actor: Actor,
    logos: dict | None = None,
    clear_logos: tuple = (),
    **fields,
) -> Branding:
    unknown = set(fields) - set(BRANDING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown branding fields: {', '.join(sorted(unknown))}")
    key = "partner" if isinstance(organization, Partner) else "customer"
    branding = Branding.objects.select_for_update().filter(**{key: organization}).first()
    if branding is None:
        branding = Branding(**{key: organization})
    before = _snapshot(branding) if branding.pk else None
    # Every logo is checked before any file is touched: one refused logo changes nothing.
    uploads = {
        name: (upload, validate_logo(upload))
        for name, upload in (logos or {}).items()
        if name in LOGO_FIELDS and upload is not None
    }
    for name, value in fields.items():
        setattr(branding, name, value)
    replaced = []
    for name in clear_logos:
        if name in LOGO_FIELDS and getattr(branding, name):
            replaced.append(getattr(branding, name).name)
            setattr(branding, name, "")
    storage = Branding._meta.get_field("logo_light").storage
    with written_files(storage) as written:
        for name, (upload, extension) in uploads.items():
            if getattr(branding, name):
                replaced.append(getattr(branding, name).name)
            # A new name (the storage never overwrites), so the current file stays in place
            # until the new row is committed.
            getattr(branding, name).save(f"{name}.{extension}", upload, save=False)
            written.append(getattr(branding, name).name)
        branding.full_clean()
        branding.save()
    remove_on_commit(storage, [old for old in replaced if old not in written])
    audit_record(
        actor=actor,
        action="branding.update",
        organization=organization,
        target=branding,
        before=before,
        after=_snapshot(branding),
    )
    return branding


@transaction.atomic
def customer_branding_reset(*, customer: Customer, actor: Actor) -> None:
    """Drop a customer's override: its users see the partner's branding again."""
    branding = branding_for(customer)
    if branding is None:
        return
    storage = Branding._meta.get_field("logo_light").storage
    remove_on_commit(storage, [getattr(branding, name).name for name in LOGO_FIELDS])
    audit_record(
        actor=actor,
        action="branding.override_removed",
        organization=customer,
        before=snapshot(branding, BRANDING_FIELDS),
    )
    branding.delete()


# --- Cobranding outside Control Hub: the sign-in page and the emails (issue 16, PH-6) ---------


@dataclass(frozen=True)
class BrandLook:
    """What a customer's people see of their partner's branding outside Control Hub."""

    name: str  # the partner's name: who the page or the email speaks for
    source: str  # "customer" (its own override) or "partner"
    light: str  # the accent colours ("" when not set)
    dark: str
    css: str  # the accent as CSS variables for light and dark (partnerhub.colours.theme_css)
    logo_light_url: str  # public logo paths ("" when none)
    logo_dark_url: str

    @property
    def accent(self) -> str:
        return self.light if HEX.match(self.light or "") else "#0353a4"

    @property
    def accent_text(self) -> str:
        return on_colour(self.accent)


def _look(branding: Branding | None, partner: Partner) -> BrandLook | None:
    if branding is None:
        return None
    org_id = branding.customer_id or branding.partner_id

    def logo(kind: str) -> str:
        if not getattr(branding, kind):
            return ""
        return reverse("sso_brand_logo", kwargs={"org_id": org_id, "kind": kind})

    return BrandLook(
        name=partner.name,
        source="customer" if branding.customer_id else "partner",
        light=branding.light_primary_color,
        dark=branding.dark_primary_color,
        css=theme_css(branding.light_primary_color, branding.dark_primary_color),
        logo_light_url=logo("logo_light"),
        logo_dark_url=logo("logo_dark"),
    )


def brand_look(organization) -> BrandLook | None:
    """A customer's effective branding (its override wins), or a partner's own."""
    if isinstance(organization, Customer):
        return _look(effective_branding(organization), organization.owner)
    if isinstance(organization, Partner):
        return _look(branding_for(organization), organization)
    return None


def sign_in_look(*, brand: str = "", email: str = "") -> BrandLook | None:
    """The sign-in page's branding (settings.SIGN_IN_BRANDING): the partner's or customer's
    link (``/login/?brand=<partner or customer id>``), else the organization that claimed or
    verified the email's domain. None: the portal's own look."""
    organization = None
    try:
        brand_id = uuid.UUID(str(brand)) if brand else None
    except ValueError:
        brand_id = None
    if brand_id is not None:
        organization = (
            Customer.objects.select_related("owner").filter(pk=brand_id).first()
            or Partner.objects.filter(pk=brand_id).first()
        )
    if organization is None and "@" in (email or ""):
        domain = (
            Domain.objects.filter(
                name__iexact=email.rpartition("@")[2].strip(),
                status__in=[DomainStatus.CLAIMED, DomainStatus.VERIFIED],
            )
            .select_related("customer__owner")
            .order_by("status", "created_at")
            .first()
        )
        organization = domain.customer if domain is not None else None
    return brand_look(organization) if organization is not None else None
