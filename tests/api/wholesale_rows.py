"""API-matrix rows for wholesale customers, subscribers and sub-partners
(/v1/wholesale/customers, /v1/wholesale/subscribers, /v1/wholesale/subPartners).

ROWS: (method, path template as in /v1/openapi.json without /v1) -> {caller: status}
PATH_VALUES: values for the path parameters those templates use.
"""

ROWS: dict[tuple[str, str], dict[str, int]] = {}
PATH_VALUES: dict[str, str] = {}
