from django import template

from partnerhub.selectors import ListStatus

register = template.Library()


@register.inclusion_tag("partnerhub/partials/_status_badge.html")
def status_badge(status: str):
    """The customer list's status as a coloured badge."""
    return {
        "label": ListStatus.LABELS.get(status, status),
        "colour": ListStatus.BADGES.get(status, "secondary"),
        "status": status,
    }


@register.filter
def field(form, name):
    return form[name]
