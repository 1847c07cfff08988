"""Permission-matrix rows for kernel URLs outside the hubs' own apps (API tokens, …)."""

from tests.matrix import ACME_PARTNER_PAGE, ANON, everyone

# API tokens: Acme's full administrators only; other Acme admins see the partner but not this.
TOKENS_PAGE = {**ACME_PARTNER_PAGE, "partner_readonly": 403, "partner_assigned": 403}

ROWS: dict[str, dict[str, int]] = {
    "api_tokens": TOKENS_PAGE,
    # POST only: GET is refused after the access checks.
    "api_token_revoke": {**TOKENS_PAGE, "partner_full": 405},
    # A first administrator's one-time set-password link (PH-8): no sign-in needed; an invalid
    # link shows a page that says so.
    "set_password": everyone(200),
    # Forgotten password (AC-2): open to everyone; an invalid reset link says so.
    "password_reset": everyone(200),
    "password_reset_sent": everyone(200),
    "password_reset_confirm": everyone(200),
    # Your profile and password change (AC-2): anyone signed in, about themselves only.
    "profile": {**everyone(200), "anonymous": ANON},
    "password_change": {**everyone(200), "anonymous": ANON},
    # Two-step verification (AC-3): set up by anyone signed in, for themselves; the code page
    # after the password.
    "two_factor": {**everyone(200), "anonymous": ANON},
    "two_factor_verify": {**everyone(200), "anonymous": ANON},
}
