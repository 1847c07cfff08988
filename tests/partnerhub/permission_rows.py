"""Permission-matrix rows for Partner Hub and compliance URLs."""

from tests.matrix import ACME_PARTNER_PAGE, ANON, everyone

ROWS = {
    "partnerhub:overview": ACME_PARTNER_PAGE,
    "partnerhub:audit_log": ACME_PARTNER_PAGE,
    "compliance:queue": {**everyone(403), "anonymous": ANON, "compliance": 200},
}
