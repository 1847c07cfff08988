"""Partner Hub models, one module per domain area (screening, tags, branding, SSO, …)."""
