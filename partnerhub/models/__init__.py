"""Partner Hub models, one module per domain area (screening, tags, branding, SSO, …)."""

from partnerhub.models.branding import Branding
from partnerhub.models.screening import (
    DeniedParty,
    ScreeningCase,
    ScreeningCaseStatus,
)
from partnerhub.models.sso import OidcIdentityProvider, SamlIdentityProvider
from partnerhub.models.subscriptions import CustomerSubscription, SubscriptionState
from partnerhub.models.tags import CustomerTag, SubscriptionTag, Tag

__all__ = [
    "Branding",
    "CustomerSubscription",
    "CustomerTag",
    "DeniedParty",
    "OidcIdentityProvider",
    "SamlIdentityProvider",
    "ScreeningCase",
    "ScreeningCaseStatus",
    "SubscriptionState",
    "SubscriptionTag",
    "Tag",
]
