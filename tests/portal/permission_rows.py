"""Permission-matrix rows for kernel URLs outside the hubs' own apps (API tokens, …)."""

from tests.matrix import ACME_PARTNER_PAGE, ACME_PARTNER_POST_REFUSED, ANON, everyone
from tests.sso_idps import XMLSEC1

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
    # Partner SSO sign-in (PH-10, AC-4): public, before anyone signs in (partnerhub.sso_urls
    # at /sso/, not a hub page, so not cross-launched). Acme's demo IdPs point at hosts that
    # do not exist: the OIDC start says the IdP cannot be reached (403 page), the SAML start
    # redirects with a signed request, the SP metadata downloads, and an ACS or callback
    # without an answer is a refusal page.
    "sso_oidc_start": everyone(403),
    "sso_oidc_callback": everyone(403),
    # Without the xmlsec1 program SAML is unavailable: both say so (403 page).
    "sso_saml_metadata": everyone(200 if XMLSEC1 else 403),
    "sso_saml_start": everyone(302 if XMLSEC1 else 403),
    "sso_saml_acs": everyone(403),
    # The sign-in page's and emails' logos (issue 16, PH-6): public; the demo has none (404).
    "sso_brand_logo": everyone(404),
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
    # Forgotten password (AC-2): the form again with its error; the "sent" page has no POST.
    "password_reset": everyone(200),
    "password_reset_sent": everyone(405),
    "password_reset_confirm": everyone(200),
    # Signed in only: the profile has no POST; an empty password change re-renders its errors.
    "profile": {**everyone(405), "anonymous": ANON},
    "password_change": {**everyone(200), "anonymous": ANON},
    # Two-step verification (AC-3): an empty enrolment goes back to the set-up page; an empty
    # code is a form error.
    "two_factor": {**everyone(302), "anonymous": ANON},
    "two_factor_verify": {**everyone(400), "anonymous": ANON},
    # Partner SSO sign-in: only the ACS takes a POST (an empty one is refused, 403 page).
    "sso_oidc_start": everyone(405),
    "sso_oidc_callback": everyone(405),
    "sso_saml_metadata": everyone(405),
    "sso_saml_start": everyone(405),
    "sso_saml_acs": everyone(403),
    "sso_brand_logo": everyone(405),
}
