"""Permission-matrix rows for billing URLs (Partner Hub → Reports, Invoices).

Reports and invoices are for Acme's full, read-only and wholesale admins; a partner admin
limited to assigned customers sees neither (403). Creating needs a full admin. The download
link needs no session: without a valid token it is 404 for everyone.
"""

from tests.matrix import ACME_PARTNER_PAGE, everyone

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
