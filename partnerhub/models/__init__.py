"""Partner Hub models, one module per domain area (tags, branding, SSO)."""

from partnerhub.models.branding import Branding
from partnerhub.models.sso import (
    OidcIdentityProvider,
    SamlIdentityProvider,
    SsoAssertionUse,
    SsoIdentity,
    SsoProtocol,
)
from partnerhub.models.tags import CustomerTag, SubscriptionTag, Tag

__all__ = [
    "Branding",
    "CustomerTag",
    "OidcIdentityProvider",
    "SamlIdentityProvider",
    "SsoAssertionUse",
    "SsoIdentity",
    "SsoProtocol",
    "SubscriptionTag",
    "Tag",
]
