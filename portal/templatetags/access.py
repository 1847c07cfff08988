"""`{% can "org.manage_users" as allowed %}`: ask the access layer from a template.

The organization defaults to the one the page acts on, so templates, views and the API ask
the same question of the same backend.
"""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, perm, organization=None):
    request = context.get("request")
    if request is None:
        return False
    organization = organization or getattr(request, "organization", None)
    return request.user.has_perm(perm, organization)
