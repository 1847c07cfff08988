"""Permission-matrix rows for Partner Hub URLs."""

from tests.matrix import ACME_PARTNER_PAGE

ROWS = {
    "partnerhub:overview": ACME_PARTNER_PAGE,
    "partnerhub:audit_log": ACME_PARTNER_PAGE,
}
