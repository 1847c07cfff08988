"""The main pages of each role, for the layout, accessibility and screenshot browser tests."""

from tests import demo

PARTNER = f"/partner/{demo.ACME}"
ORG = f"/org/{demo.CONTOSO}"

#: role name → (demo user, [(page name, path)])
ROLE_PAGES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "partner-admin": (
        demo.ACME_ADMIN,
        [
            ("partner-overview", f"{PARTNER}/"),
            ("customers", f"{PARTNER}/customers/"),
            ("customer-create", f"{PARTNER}/customers/new/"),
            ("customer-overview", f"{PARTNER}/customers/{demo.CONTOSO}/"),
            ("customer-subscriptions", f"{PARTNER}/customers/{demo.CONTOSO}/subscriptions/"),
            ("templates", f"{PARTNER}/templates/"),
            ("template-create", f"{PARTNER}/templates/new/"),
            ("indirect-providers", f"{PARTNER}/indirect-providers/"),
            ("tags", f"{PARTNER}/tags/"),
            ("admins", f"{PARTNER}/admins/"),
            ("branding", f"{PARTNER}/branding/"),
            ("sso", f"{PARTNER}/sso/"),
            ("partner-audit", f"{PARTNER}/audit/"),
            ("reports", f"{PARTNER}/billing/reports/"),
            ("invoices", f"{PARTNER}/billing/invoices/"),
            ("api-tokens", f"{PARTNER}/api-tokens/"),
            ("profile", "/profile/"),
        ],
    ),
    "partner-readonly": (
        demo.ACME_READONLY,
        [("partner-overview", f"{PARTNER}/"), ("customers", f"{PARTNER}/customers/")],
    ),
    "customer-admin": (
        demo.CONTOSO_ADMIN,
        [
            ("org-overview", f"{ORG}/"),
            ("users", f"{ORG}/users/"),
            ("administrators", f"{ORG}/administrators/"),
            ("account", f"{ORG}/account/"),
            ("org-settings", f"{ORG}/settings/"),
            ("locations", f"{ORG}/locations/"),
            ("numbers", f"{ORG}/numbers/"),
            ("calling", f"{ORG}/calling/"),
            ("workspaces", f"{ORG}/workspaces/"),
            ("workspace-add", f"{ORG}/workspaces/add/"),
            ("devices", f"{ORG}/devices/"),
            ("device-add", f"{ORG}/devices/add/"),
            ("services", f"{ORG}/services/"),
            ("org-audit", f"{ORG}/audit/"),
        ],
    ),
    # A partner administrator in its customer's Control Hub (on behalf of the partner).
    "partner-in-control-hub": (
        demo.ACME_ADMIN,
        [
            ("org-overview", f"{ORG}/"),
            ("users-add", f"{ORG}/users/add/"),
            ("users-csv", f"{ORG}/users/csv/"),
            ("locations", f"{ORG}/locations/"),
        ],
    ),
    "customer-readonly": (
        demo.CONTOSO_READONLY,
        [("org-overview", f"{ORG}/"), ("users", f"{ORG}/users/")],
    ),
    "compliance": (demo.COMPLIANCE, [("review-queue", "/compliance/")]),
    # The company running the portal (issue 13): its console.
    "operator": (
        demo.OPERATOR,
        [
            ("partners", "/operator/"),
            ("partner-create", "/operator/partners/new/"),
            ("partner-detail", f"/operator/partners/{demo.ACME}/"),
            ("operator-compliance", "/operator/compliance/"),
            ("operator-audit", "/operator/audit/"),
        ],
    ),
}

SIZES = {"desktop": (1440, 900), "phone": (390, 844)}
