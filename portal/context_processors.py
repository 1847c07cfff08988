from portal.access.entitlements import grants_for
from portal.models import Customer, Partner


def shell(request):
    """What the page frame needs: which hub, which organization, who is acting for whom."""
    organization = getattr(request, "organization", None)
    if isinstance(organization, Partner):
        hub = "partner"
    elif isinstance(organization, Customer):
        hub = "control"
    elif request.resolver_match and request.resolver_match.namespace == "compliance":
        hub = "compliance"
    else:
        hub = None
    return {
        "hub": hub,
        "organization": organization,
        "on_behalf_of": getattr(request, "on_behalf_of", None),
        "role_labels": _role_labels(request.user, organization),
        "page_title": _page_title(request),
    }


#: Where you are, for the browser tab: the page's name by its URL name (a view may pass its own
#: ``page_title`` in the context, which wins over this one).
PAGE_TITLES = {
    "overview": "Overview",
    "customers": "Customers",
    "customer_detail": "Customer",
    "customer_create": "Create customer",
    "customer_setup": "Set up customer",
    "customer_settings": "Customer settings",
    "customer_subscriptions": "Subscriptions",
    "customer_partner_admins": "Partner administrators",
    "templates": "Templates",
    "template_create": "Create template",
    "template_detail": "Template",
    "template_edit": "Edit template",
    "sub_partners": "Indirect providers",
    "sub_partner_create": "Set up sub-partner",
    "tags": "Tags",
    "admins": "Admins",
    "branding": "Branding",
    "sso": "Partner SSO",
    "audit_log": "Audit log",
    "reports": "Billing reports",
    "report_create": "Create billing report",
    "invoices": "Invoices",
    "invoice_print": "Invoice",
    "users": "Users",
    "users_add": "Add users",
    "users_csv": "Import users from CSV",
    "user": "User",
    "administrators": "Administrators",
    "account": "Account",
    "settings": "Organization settings",
    "locations": "Locations",
    "location": "Location",
    "location_add": "Add location",
    "numbers": "Numbers",
    "numbers_add": "Add numbers",
    "calling": "Call settings",
    "services": "Services",
    "attach_request": "Partner access request",
    "reviews": "Review queue",
    "queue": "Review queue",
    "api_tokens": "API tokens",
    "profile": "Your profile",
    "login": "Sign in",
    "password_change": "Change password",
    "password_reset": "Reset password",
    "two_factor": "Two-step verification",
    "styleguide": "Style guide",
}


def _page_title(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    return PAGE_TITLES.get(match.url_name or "", "")


def _role_labels(user, organization) -> list[str]:
    if not getattr(user, "is_authenticated", False):
        return []
    grants = grants_for(user)
    if isinstance(organization, Partner):
        roles = grants.in_partner(organization.pk)
    elif isinstance(organization, Customer):
        roles = grants.customer_roles.get(organization.pk, frozenset())
    else:
        roles = grants.platform_roles
    return sorted(role.label for role in roles)
