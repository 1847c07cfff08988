"""Permission-matrix rows for the compliance review URLs."""

from tests.matrix import ANON, everyone

COMPLIANCE_ONLY = {**everyone(403), "anonymous": ANON, "compliance": 200}

ROWS = {
    "compliance:queue": COMPLIANCE_ONLY,  # the hub's home: the review queue
    "compliance:reviews": COMPLIANCE_ONLY,
    "compliance:decide": {**COMPLIANCE_ONLY, "compliance": 405},  # POST only
}
