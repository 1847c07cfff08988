"""Partner SSO (FEATURES PH-10): SAML metadata upload and OpenID Connect IdP attributes.

Both apply to customers created afterwards: templates copy the entity ID or IdP name when
they are saved, and existing customers keep what they were created with.
"""

import codecs
import re
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree as SafeET
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from partnerhub.models import OidcIdentityProvider, SamlIdentityProvider
from portal.audit import Actor, audit_record, snapshot
from portal.errors import ApplicationError
from portal.models import Partner

MAX_METADATA_BYTES = 256 * 1024
MD = "urn:oasis:names:tc:SAML:2.0:metadata"
OIDC_NAME = re.compile(r"^[A-Za-z0-9\-_~.]{1,128}$")
OIDC_FIELDS = [
    "name",
    "client_id",
    "scopes",
    "authorization_endpoint",
    "token_endpoint",
    "discovery_endpoint",
    "userinfo_endpoint",
    "jwks_endpoint",
]


class SsoError(ApplicationError):
    """A validation failure naming the field it belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def parse_saml_metadata(raw: bytes) -> dict:
    """The IdP's entity ID (and SSO URL) from SAML 2.0 metadata; SsoError with a clear reason."""
    if len(raw) > MAX_METADATA_BYTES:
        raise SsoError(f"The metadata file is larger than {MAX_METADATA_BYTES // 1024} KB.")
    try:
        # defusedxml refuses a DTD, entities and external references in whatever encoding the
        # file declares (a byte search for "<!DOCTYPE" missed UTF-16); real IdP metadata never
        # needs one, and entity expansion is the classic XML attack.
        root = SafeET.fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException:
        raise SsoError("The metadata must not contain a DOCTYPE or entity declarations.") from None
    except (ParseError, ValueError, LookupError) as exc:
        raise SsoError(f"The file is not well-formed XML ({exc}).") from None
    descriptor = root
    if root.tag == f"{{{MD}}}EntitiesDescriptor":
        descriptor = root.find(f"{{{MD}}}EntityDescriptor")
    if descriptor is None or descriptor.tag != f"{{{MD}}}EntityDescriptor":
        raise SsoError(
            "The file is XML but not SAML 2.0 metadata: no md:EntityDescriptor element was found."
        )
    entity_id = (descriptor.get("entityID") or "").strip()
    if not entity_id:
        raise SsoError("The EntityDescriptor has no entityID attribute.")
    idp = descriptor.find(f"{{{MD}}}IDPSSODescriptor")
    if idp is None:
        raise SsoError("The metadata describes no identity provider (no IDPSSODescriptor element).")
    sso = idp.find(f"{{{MD}}}SingleSignOnService")
    return {
        "entity_id": entity_id[:255],
        "sso_url": (sso.get("Location") if sso is not None else "") or "",
    }


def metadata_text(raw: bytes) -> str:
    """The metadata as text, in the encoding its byte order mark names (UTF-8 without one)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace")
    return raw.decode("utf-8", errors="replace").replace("\x00", "")


@transaction.atomic
def saml_metadata_upload(*, partner: Partner, actor: Actor, raw: bytes) -> SamlIdentityProvider:
    parsed = parse_saml_metadata(raw)
    idp = SamlIdentityProvider.objects.for_org(partner).first() or SamlIdentityProvider(
        partner=partner
    )
    before = snapshot(idp, ["entity_id", "sso_url"]) if idp.pk else None
    idp.entity_id = parsed["entity_id"]
    idp.sso_url = parsed["sso_url"][:500]
    idp.metadata_xml = metadata_text(raw)
    try:
        idp.full_clean()
    except ValidationError as exc:
        raise SsoError("; ".join(exc.messages)) from None
    idp.save()
    audit_record(
        actor=actor,
        action="sso.saml_metadata_upload",
        organization=partner,
        target=idp,
        before=before,
        after=snapshot(idp, ["entity_id", "sso_url"]),
    )
    return idp


def validate_oidc(fields: dict, *, partner: Partner, has_secret: bool) -> dict:
    """Seed 001's rules for the OIDC IdP attributes; raises SsoError naming the field."""
    cleaned = {k: (fields.get(k) or "").strip() for k in [*OIDC_FIELDS, "client_secret"]}
    if not OIDC_NAME.match(cleaned["name"]):
        raise SsoError(
            "The IdP name is required: up to 128 letters, numbers, hyphens, underscores, "
            "tildes and dots.",
            "name",
        )
    taken = OidcIdentityProvider.objects.filter(name__iexact=cleaned["name"]).exclude(
        partner=partner
    )
    if taken.exists():
        raise SsoError("That IdP name is taken (names are unique, ignoring case).", "name")
    if not cleaned["client_id"]:
        raise SsoError("Enter the OAuth client ID.", "client_id")
    if not cleaned["client_secret"] and not has_secret:
        raise SsoError("Enter the OAuth client secret.", "client_secret")
    scopes = cleaned["scopes"].split()
    missing = [s for s in ("openid", "email") if s not in scopes]
    if missing:
        raise SsoError(
            f"The scopes must include openid and email (missing: {', '.join(missing)}).",
            "scopes",
        )
    cleaned["scopes"] = " ".join(scopes)
    url = URLValidator(schemes=["https"])
    for name in (
        "authorization_endpoint",
        "token_endpoint",
        "discovery_endpoint",
        "userinfo_endpoint",
        "jwks_endpoint",
    ):
        if cleaned[name]:
            try:
                url(cleaned[name])
            except ValidationError:
                raise SsoError("Enter an https:// URL.", name) from None
    if not cleaned["discovery_endpoint"]:
        for name, label in (
            ("authorization_endpoint", "authorization"),
            ("token_endpoint", "token"),
        ):
            if not cleaned[name]:
                raise SsoError(
                    f"Without a discovery endpoint the {label} endpoint is required.", name
                )
    return cleaned


@transaction.atomic
def oidc_configure(*, partner: Partner, actor: Actor, **fields) -> OidcIdentityProvider:
    idp = OidcIdentityProvider.objects.for_org(partner).first() or OidcIdentityProvider(
        partner=partner
    )
    cleaned = validate_oidc(fields, partner=partner, has_secret=bool(idp.client_secret))
    before = snapshot(idp, OIDC_FIELDS) if idp.pk else None
    secret = cleaned.pop("client_secret")
    for name, value in cleaned.items():
        setattr(idp, name, value)
    if secret:
        idp.client_secret = secret
    idp.full_clean()
    idp.save()
    # The secret is never written to the audit log.
    audit_record(
        actor=actor,
        action="sso.oidc_configure",
        organization=partner,
        target=idp,
        before=before,
        after=snapshot(idp, OIDC_FIELDS),
    )
    return idp


#: How a partner's own admins sign in (PH-10): with a password, or only through one of the
#: partner's IdPs.
ADMIN_SIGN_IN_CHOICES = [
    ("password", "With a password (and two-step verification where required)"),
    ("saml", "Only through the partner's SAML IdP"),
    ("oidc", "Only through the partner's OpenID Connect IdP"),
]


@transaction.atomic
def admin_sign_in_set(*, partner: Partner, actor: Actor, admin_sign_in: str) -> None:
    """Require the partner's own admins to sign in through one of its IdPs, or not."""
    saml = SamlIdentityProvider.objects.for_org(partner).select_for_update().first()
    oidc = OidcIdentityProvider.objects.for_org(partner).select_for_update().first()
    if admin_sign_in == "saml" and saml is None:
        raise SsoError("Upload the SAML IdP's metadata first.", "admin_sign_in")
    if admin_sign_in == "oidc" and oidc is None:
        raise SsoError("Configure the OpenID Connect IdP first.", "admin_sign_in")
    before = {
        "saml": bool(saml and saml.required_for_admins),
        "oidc": bool(oidc and oidc.required_for_admins),
    }
    for protocol, idp in (("saml", saml), ("oidc", oidc)):
        if idp is not None and idp.required_for_admins != (admin_sign_in == protocol):
            idp.required_for_admins = admin_sign_in == protocol
            idp.save(update_fields=["required_for_admins"])
    after = {"saml": admin_sign_in == "saml", "oidc": admin_sign_in == "oidc"}
    if before != after:
        audit_record(
            actor=actor,
            action="sso.admin_sign_in",
            organization=partner,
            before=before,
            after=after,
        )
