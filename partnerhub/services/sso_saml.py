"""SAML 2.0 service provider for Partner SSO (FEATURES PH-10), with pysaml2.

One SP per partner IdP: entity ID and Assertion Consumer Service URL under
/sso/saml/<partner id>/, published as SP metadata for the partner to load into its IdP. The
AuthnRequest is signed (HTTP-Redirect binding, RSA-SHA256) with the portal's SP key; the
response is checked by pysaml2 (xmlsec1): the assertion's signature against the certificate in
the IdP metadata the partner uploaded, audience = our entity ID, the time window (NotBefore,
NotOnOrAfter, 60 s skew) and InResponseTo one of our outstanding requests. The assertion ID is
recorded so a replay is refused (`sso_record_use`). The email (NameID in email format, or the
email/mail attribute) is the identity.

pysaml2 signs and verifies with the xmlsec1 program (Debian package xmlsec1, installed by
scripts/ensure-system-packages); `xmlsec1_path()` is None without it and SAML sign-in says so.
"""

import base64
import calendar
import datetime
import logging
import shutil
import time
from pathlib import Path

from defusedxml import ElementTree
from django.conf import settings
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS
from saml2.time_util import str_to_time
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from partnerhub.models import SamlIdentityProvider, SsoProtocol
from partnerhub.services.sso_signin import SsoRefused, sso_sign_in_user
from portal.models import User

logger = logging.getLogger(__name__)

SESSION_KEY = "saml_outstanding"
SAML_NS = "urn:oasis:names:tc:SAML:2.0:assertion"
#: Seconds of clock skew allowed on the assertion's time window.
ACCEPTED_TIME_DIFF = 60


def xmlsec1_path() -> str | None:
    return getattr(settings, "SAML_XMLSEC1", None) or shutil.which("xmlsec1")


def sp_key_pair() -> tuple[Path, Path]:
    """The portal's SP signing key and certificate (PEM), made once if missing."""
    folder = Path(settings.SAML_SP_KEY_DIR)
    key_path, cert_path = folder / "sp-key.pem", folder / "sp-cert.pem"
    if key_path.exists() and cert_path.exists():
        return key_path, cert_path
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Wholesale Portal SAML SP")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    tmp_key = key_path.with_suffix(".tmp")
    tmp_key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    tmp_key.chmod(0o600)
    tmp_key.replace(key_path)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def sp_config(idp: SamlIdentityProvider | None, *, entity_id: str, acs_url: str) -> SPConfig:
    xmlsec = xmlsec1_path()
    if xmlsec is None:
        raise SsoRefused(
            "SAML sign-in is unavailable: the xmlsec1 program is not installed on this server.",
            "sso_unavailable",
        )
    key_path, cert_path = sp_key_pair()
    conf = {
        "entityid": entity_id,
        "xmlsec_binary": xmlsec,
        "key_file": str(key_path),
        "cert_file": str(cert_path),
        "accepted_time_diff": ACCEPTED_TIME_DIFF,
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "name": "Wholesale Portal",
                "endpoints": {"assertion_consumer_service": [(acs_url, BINDING_HTTP_POST)]},
                "authn_requests_signed": True,
                "want_assertions_signed": True,
                "want_response_signed": False,
                "allow_unsolicited": False,
                "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                "signing_algorithm": SIG_RSA_SHA256,
                "digest_algorithm": DIGEST_SHA256,
            }
        },
    }
    if idp is not None:
        conf["metadata"] = {"inline": [idp.metadata_xml]}
    config = SPConfig()
    config.load(conf)
    return config


def sp_metadata(*, entity_id: str, acs_url: str) -> str:
    """The SP metadata XML the partner loads into its IdP."""
    return str(entity_descriptor(sp_config(None, entity_id=entity_id, acs_url=acs_url)))


def saml_authn_redirect(
    request, idp: SamlIdentityProvider, *, entity_id: str, acs_url: str, next_url: str
) -> str:
    """The signed AuthnRequest as a redirect URL to the IdP; the request ID is kept in the
    session so the answer must be to it."""
    client = Saml2Client(sp_config(idp, entity_id=entity_id, acs_url=acs_url))
    try:
        request_id, info = client.prepare_for_authenticate(
            entityid=idp.entity_id,
            binding=BINDING_HTTP_REDIRECT,
            sign=True,
            sigalg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
            relay_state="",
        )
    except Exception as exc:  # pysaml2 raises bare exceptions for bad metadata
        raise SsoRefused(
            f"The identity provider's metadata cannot be used ({exc}).", "sso_bad_metadata"
        ) from None
    outstanding = request.session.get(SESSION_KEY, {})
    outstanding[request_id] = next_url
    request.session[SESSION_KEY] = dict(list(outstanding.items())[-10:])
    return dict(info["headers"])["Location"]


def _replayed() -> SsoRefused:
    return SsoRefused(
        "This sign-in answer does not belong to a sign-in started here, or was already used. "
        "Sign in again from the start.",
        "sso_replayed",
    )


def _expired() -> SsoRefused:
    return SsoRefused(
        "The identity provider's answer is outside its validity window (expired or not yet valid).",
        "sso_expired",
    )


def _wrong_audience() -> SsoRefused:
    return SsoRefused(
        "The identity provider's answer was issued for another service provider (audience).",
        "sso_audience",
    )


def _refusal(exc: Exception) -> SsoRefused:
    """pysaml2's errors share no base class: the reason from the error's type and words."""
    name = type(exc).__name__
    text = str(exc)
    if name in {"UnsolicitedResponse", "DuplicateID"} or "InResponseTo" in text:
        return _replayed()
    if name in {"ResponseLifetimeExceed", "ToEarly"}:
        return _expired()
    if "audience" in text.lower() or "not for me" in text.lower():
        return _wrong_audience()
    if "signature" in (name + text).lower() or name in {"SignatureError", "SigverError"}:
        return SsoRefused(
            "The identity provider's answer has no valid signature.", "sso_bad_signature"
        )
    return SsoRefused(f"The identity provider's answer is not valid ({name}).", "sso_invalid")


def _conditions_refusal(saml_response: str, entity_id: str) -> SsoRefused | None:
    """pysaml2 reports a failed time window as "Condition not OK": read the (refused) assertion's
    Conditions to tell the person which one failed."""
    try:
        root = ElementTree.fromstring(base64.b64decode(saml_response))
    except Exception:
        return None
    conditions = root.find(f".//{{{SAML_NS}}}Conditions")
    if conditions is None:
        return None
    now = time.time()
    not_after = conditions.get("NotOnOrAfter")
    not_before = conditions.get("NotBefore")
    if (not_after and calendar.timegm(str_to_time(not_after)) + ACCEPTED_TIME_DIFF < now) or (
        not_before and calendar.timegm(str_to_time(not_before)) - ACCEPTED_TIME_DIFF > now
    ):
        return _expired()
    audiences = {a.text for a in conditions.iter(f"{{{SAML_NS}}}Audience")}
    if audiences and entity_id not in audiences:
        return _wrong_audience()
    return None


def _email(authn) -> str:
    ava = authn.ava or {}
    for key in ("email", "mail", "emailAddress", "urn:oid:0.9.2342.19200300.100.1.3"):
        values = ava.get(key)
        if values:
            return str(values[0])
    name_id = authn.assertion.subject.name_id if authn.assertion.subject else None
    if name_id is not None and name_id.format == NAMEID_FORMAT_EMAILADDRESS:
        return name_id.text or ""
    return ""


def saml_complete(
    request, idp: SamlIdentityProvider, *, entity_id: str, acs_url: str
) -> tuple[User, str]:
    """Validate the posted SAMLResponse and sign in the existing account; returns the user and
    the page to go to next."""
    saml_response = request.POST.get("SAMLResponse", "")
    if not saml_response:
        raise SsoRefused("No SAML response was posted.", "sso_invalid")
    client = Saml2Client(sp_config(idp, entity_id=entity_id, acs_url=acs_url))
    outstanding = dict(request.session.get(SESSION_KEY, {}))
    try:
        authn = client.parse_authn_request_response(
            saml_response, BINDING_HTTP_POST, outstanding=outstanding
        )
    except Exception as exc:  # pysaml2's errors share no base class
        refusal = _refusal(exc)
        if refusal.reason == "sso_invalid":
            refusal = _conditions_refusal(saml_response, entity_id) or refusal
        logger.warning("SAML sign-in through %s refused: %r", idp.entity_id, exc)
        raise refusal from None
    if authn is None or authn.assertion is None:
        raise SsoRefused("The identity provider's answer holds no assertion.", "sso_invalid")
    if authn.issuer() != idp.entity_id:
        raise SsoRefused("The answer comes from another identity provider.", "sso_invalid")
    next_url = outstanding.pop(authn.in_response_to, "") if authn.in_response_to else ""
    request.session[SESSION_KEY] = outstanding
    conditions = authn.assertion.conditions
    if conditions is None or not conditions.not_on_or_after:
        raise SsoRefused("The assertion has no validity window.", "sso_invalid")
    not_on_or_after = datetime.datetime.fromtimestamp(
        calendar.timegm(str_to_time(conditions.not_on_or_after)), tz=datetime.UTC
    )
    user = sso_sign_in_user(
        partner=idp.partner,
        protocol=SsoProtocol.SAML,
        subject=(authn.assertion.subject.name_id.text or "") if authn.assertion.subject else "",
        email=_email(authn),
        assertion_id=authn.assertion.id,
        not_on_or_after=not_on_or_after,
    )
    return user, next_url
