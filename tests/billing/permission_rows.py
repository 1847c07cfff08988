"""Permission-matrix rows for billing URLs (Partner Hub → Reports, invoices)."""

ROWS: dict[str, dict[str, int]] = {}
