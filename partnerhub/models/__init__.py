"""Partner Hub models, one module per domain area (screening, tags, branding, SSO, …)."""

from partnerhub.models.screening import (
    DeniedParty,
    ScreeningCase,
    ScreeningCaseStatus,
)

__all__ = ["DeniedParty", "ScreeningCase", "ScreeningCaseStatus"]
