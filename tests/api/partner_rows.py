"""API-matrix rows for partner tags and partner admins (/v1/partner/...).

ROWS: (method, path template as in /v1/openapi.json without /v1) -> {caller: status}
PATH_VALUES: values for the path parameters those templates use.
"""

ROWS: dict[tuple[str, str], dict[str, int]] = {}
PATH_VALUES: dict[str, str] = {}
