"""Permission-matrix rows for the compliance review URLs (served by screening/views.py)."""

from tests.matrix import ANON, everyone

COMPLIANCE_ONLY = {**everyone(403), "anonymous": ANON, "compliance": 200}

ROWS = {
    "compliance:queue": COMPLIANCE_ONLY,  # the hub's home: the review queue
    "compliance:reviews": COMPLIANCE_ONLY,
    "compliance:decide": {**COMPLIANCE_ONLY, "compliance": 405},  # POST only
}
POST_ROWS = {
    # The platform pages have no write permission to check: GET-only views answer 405.
    "compliance:queue": {**COMPLIANCE_ONLY, "compliance": 405},
    "compliance:reviews": {**COMPLIANCE_ONLY, "compliance": 405},
    "compliance:decide": {**COMPLIANCE_ONLY, "compliance": 404},  # no case named
}
