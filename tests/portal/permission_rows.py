"""Permission-matrix rows for kernel URLs outside the hubs' own apps (API tokens, …)."""

from tests.matrix import ACME_PARTNER_PAGE, ACME_PARTNER_POST_REFUSED, everyone

# API tokens: Acme's full administrators only; other Acme admins see the partner but not this.
TOKENS_PAGE = {**ACME_PARTNER_PAGE, "partner_readonly": 403, "partner_assigned": 403}

ROWS: dict[str, dict[str, int]] = {
    "api_tokens": TOKENS_PAGE,
    # POST only: GET is refused after the access checks.
    "api_token_revoke": {**TOKENS_PAGE, "partner_full": 405},
    # A first administrator's one-time set-password link (PH-8): no sign-in needed; an invalid
    # link shows a page that says so.
    "set_password": everyone(200),
}

# POST with an empty body.
TOKENS_POST_REFUSED = {**ACME_PARTNER_POST_REFUSED, "partner_full": 403}
POST_ROWS: dict[str, dict[str, int]] = {
    # The new-token form again, with its errors (a FormView answers invalid forms with 200).
    "api_tokens": {**TOKENS_POST_REFUSED, "partner_full": 200},
    # No such token (the matrix's token id names none): 404 once the access checks passed.
    "api_token_revoke": {**TOKENS_POST_REFUSED, "partner_full": 404},
    # An invalid link: the "no longer valid" page, whoever posts.
    "set_password": everyone(200),
}
