"""Permission-matrix rows for Control Hub URLs."""

from tests.matrix import CONTOSO_ORG_PAGE

ROWS = {
    "controlhub:overview": CONTOSO_ORG_PAGE,
    "controlhub:audit_log": CONTOSO_ORG_PAGE,
}
