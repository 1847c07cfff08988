"""Permission-matrix rows for approving a partner's wholesale attach (PV-8), a Control Hub page
served by controlhub/views/attach.py under /org/<org_id>/wholesale-attach/."""

from tests.matrix import CONTOSO_ORG_PAGE, CONTOSO_ORG_POST_REFUSED

# Only the org's own full admin decides: partner admins (who asked) and read-only admins see the
# org but get 403; those who cannot see Contoso get 404.
ORG_FULL_ADMIN_ONLY = {
    **CONTOSO_ORG_PAGE,
    "partner_readonly": 403,
    "partner_full": 403,
    "partner_assigned": 403,
    "customer_readonly": 403,
}

ROWS = {
    "controlhub:attach_request": ORG_FULL_ADMIN_ONLY,
}
POST_ROWS = {
    # No decision in the body: the page again with the error (400), for the full admin only.
    "controlhub:attach_request": {**CONTOSO_ORG_POST_REFUSED, "customer_full": 400},
}
