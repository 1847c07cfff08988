CALLERS = (
    "no_token",
    "invalid_token",
    "acme_admin",
    "acme_readonly",
    "acme_no_scopes",
    "northwind_admin",
    "globex_admin",
)
