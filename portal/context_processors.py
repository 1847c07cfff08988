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
    }


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
