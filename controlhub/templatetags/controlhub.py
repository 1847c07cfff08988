"""`{% denied_reason "org.manage_users" as reason %}`: '' when allowed, else why not."""

from django import template

from controlhub.restrictions import denial_reason as _denial_reason

register = template.Library()


@register.simple_tag(takes_context=True)
def denied_reason(context, perm, organization=None):
    request = context.get("request")
    organization = organization or getattr(request, "organization", None)
    if request is None or organization is None:
        return "Not available."
    return _denial_reason(request.user, perm, organization)
