"""Permission-matrix rows for billing URLs (Partner Hub → Reports, Invoices).

Reports and invoices are for Acme's full, read-only and wholesale admins; a partner admin
limited to assigned customers sees neither (403). Creating needs a full admin. The download
link needs no session: without a valid token it is 404 for everyone.
"""

from tests.matrix import ACME_PARTNER_PAGE, ACME_PARTNER_POST_REFUSED, everyone

REPORT_READERS = {**ACME_PARTNER_PAGE, "partner_assigned": 403}
REPORT_MANAGERS = {**REPORT_READERS, "partner_readonly": 403}
POST_ONLY = {**REPORT_READERS, "partner_readonly": 405, "partner_full": 405}

ROWS = {
    "billing:reports": REPORT_READERS,
    "billing:report_create": REPORT_MANAGERS,
    "billing:report_delete": POST_ONLY,
    "billing:report_download": everyone(404),
    "billing:invoices": REPORT_READERS,
    "billing:invoice_csv": REPORT_READERS,
    "billing:invoice_print": REPORT_READERS,
}

# POST with an empty body. Read-only admins see reports but may not change them: 403.
REFUSED = {**ACME_PARTNER_POST_REFUSED}
POST_ROWS = {
    "billing:reports": {**REFUSED, "partner_full": 405},  # the list has no POST
    # The form again with its errors, as 200 (htmx swaps only successful answers).
    "billing:report_create": {**REFUSED, "partner_full": 200},
    "billing:report_delete": {**REFUSED, "partner_full": 404},  # no report named
    "billing:report_download": everyone(405),  # GET only, before any session check
    "billing:invoices": REFUSED,
    "billing:invoice_csv": REFUSED,
    "billing:invoice_print": REFUSED,
}
