"""OpenID Connect relying party for Partner SSO (FEATURES PH-10), with Authlib's Django client.

One client per partner IdP, built from its OidcIdentityProvider row: authorization code flow with
PKCE (S256), state and nonce kept in the session by Authlib, the ID token's signature checked
against the IdP's key set and its issuer, audience (our client ID), expiry and nonce validated
(`DjangoOAuth2App.authorize_access_token`). The email claim is the identity.
"""

import hashlib
import logging
from datetime import UTC, datetime

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from joserfc import errors as jose_errors

from partnerhub.models import OidcIdentityProvider, SsoProtocol
from partnerhub.services.sso_signin import SsoRefused, sso_sign_in_user
from portal.models import User

logger = logging.getLogger(__name__)

#: Seconds of clock skew allowed on the ID token's times.
LEEWAY = 60
TIMEOUT = 10


def oidc_client(idp: OidcIdentityProvider) -> DjangoOAuth2App:
    name = f"oidc-{idp.partner_id}"
    kwargs = {}
    if idp.discovery_endpoint:
        kwargs["server_metadata_url"] = idp.discovery_endpoint
    else:
        kwargs.update(
            authorize_url=idp.authorization_endpoint,
            access_token_url=idp.token_endpoint,
        )
    client = DjangoOAuth2App(
        DjangoIntegration(name),
        name=name,
        client_id=idp.client_id,
        client_secret=idp.client_secret,
        client_kwargs={
            "scope": idp.scopes,
            "code_challenge_method": "S256",
            "timeout": TIMEOUT,
            "token_endpoint_auth_method": "client_secret_basic",
        },
        **kwargs,
    )
    if not idp.discovery_endpoint:
        client.server_metadata = {
            "authorization_endpoint": idp.authorization_endpoint,
            "token_endpoint": idp.token_endpoint,
            "jwks_uri": idp.jwks_endpoint,
            "userinfo_endpoint": idp.userinfo_endpoint,
            "_loaded_at": 0,
        }
    return client


def oidc_authorize_redirect(request, idp: OidcIdentityProvider, redirect_uri: str, email: str):
    """The redirect to the IdP's authorization endpoint (state, nonce and PKCE in the session)."""
    client = oidc_client(idp)
    extra = {"login_hint": email} if email else {}
    try:
        return client.authorize_redirect(request, redirect_uri, **extra)
    except (requests.RequestException, ValueError, KeyError, RuntimeError) as exc:
        raise SsoRefused(
            f"The identity provider could not be reached ({type(exc).__name__}).", "sso_idp_down"
        ) from None


def _refusal(exc: Exception) -> SsoRefused:
    if isinstance(exc, MismatchingStateError):
        return SsoRefused(
            "This sign-in answer does not belong to a sign-in started here, or was already "
            "used. Sign in again from the start.",
            "sso_replayed",
        )
    if isinstance(exc, jose_errors.ExpiredTokenError):
        return SsoRefused("The identity provider's answer has expired.", "sso_expired")
    # A token for another client fails on "aud", or on "azp" (Authlib asks for an authorized
    # party when the audience does not name us).
    if isinstance(exc, jose_errors.ClaimError) and exc.claim in {"aud", "azp"}:
        return SsoRefused(
            "The identity provider's answer was issued for another application (audience).",
            "sso_audience",
        )
    if isinstance(exc, jose_errors.BadSignatureError | jose_errors.InvalidKeyIdError):
        return SsoRefused(
            "The identity provider's answer has no valid signature.", "sso_bad_signature"
        )
    if isinstance(exc, jose_errors.JoseError):
        return SsoRefused(
            f"The identity provider's answer is not valid ({exc.description}).", "sso_invalid"
        )
    if isinstance(exc, OAuthError):
        return SsoRefused(
            f"The identity provider refused the sign-in ({exc.error}).", "sso_idp_error"
        )
    return SsoRefused(
        f"The identity provider could not be reached ({type(exc).__name__}).", "sso_idp_down"
    )


def oidc_complete(request, idp: OidcIdentityProvider) -> User:
    """Exchange the code, validate the ID token and sign in the existing account it names."""
    client = oidc_client(idp)
    try:
        token = client.authorize_access_token(request, leeway=LEEWAY)
    except (
        OAuthError,
        jose_errors.JoseError,
        requests.RequestException,
        ValueError,
        KeyError,
    ) as exc:
        logger.warning("OIDC sign-in through %s refused: %r", idp.name, exc)
        raise _refusal(exc) from None
    claims = token.get("userinfo")
    if not claims:
        raise SsoRefused("The identity provider sent no ID token.", "sso_invalid")
    if not claims.get("email") and client.load_server_metadata().get("userinfo_endpoint"):
        # Some IdPs put the email only in the UserInfo answer: asked with the access token,
        # and only for the subject the ID token named.
        try:
            info = client.userinfo(token=token)
        except (OAuthError, requests.RequestException, ValueError) as exc:
            raise _refusal(exc) from None
        if info.get("sub") != claims.get("sub"):
            raise SsoRefused("The identity provider's UserInfo names someone else.", "sso_invalid")
        claims = {**claims, **{k: info[k] for k in ("email", "email_verified") if k in info}}
    if claims.get("email_verified") is False:
        raise SsoRefused("The identity provider has not verified this email.", "sso_no_email")
    token_id = claims.get("jti") or hashlib.sha256(token["id_token"].encode()).hexdigest()
    return sso_sign_in_user(
        partner=idp.partner,
        protocol=SsoProtocol.OIDC,
        subject=str(claims.get("sub", "")),
        email=str(claims.get("email", "")),
        assertion_id=f"{claims.get('iss', '')}#{token_id}",
        not_on_or_after=datetime.fromtimestamp(int(claims["exp"]), tz=UTC),
    )
