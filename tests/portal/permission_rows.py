"""Permission-matrix rows for kernel URLs outside the hubs' own apps (API tokens, …)."""

ROWS: dict[str, dict[str, int]] = {}
