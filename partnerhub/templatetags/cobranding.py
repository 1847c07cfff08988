"""Cobranding reaches the customers (issue 16, seed 001 "Cobranding", PH-6): in a customer's
Control Hub the partner's colours (light and dark) theme the page and its support link is in
the header; the customer's own override wins (as `partnerhub.services.branding.effective_branding`).

Colours are the partner's choice, so the text drawn on them is chosen for contrast (WCAG AA):
white or near-black on the accent, and the accent is used for links only where it is readable
on the page."""

from django import template
from django.db.models import Q
from django.utils.html import format_html

from partnerhub.colours import HEX, contrast, on_colour, theme_css  # noqa: F401 (re-exported)
from partnerhub.models import Branding
from portal.models import Customer

register = template.Library()


def _branding(customer: Customer):
    """`effective_branding` in one query, once per page (the style and the header both ask):
    the customer's own row wins over its partner's."""
    if not hasattr(customer, "_cobranding"):
        rows = list(
            Branding.objects.filter(Q(customer_id=customer.pk) | Q(partner_id=customer.owner_id))
        )
        customer._cobranding = next((b for b in rows if b.customer_id), next(iter(rows), None))
    return customer._cobranding


@register.simple_tag
def cobranding_style(organization):
    """A <style> with the customer's effective branding, for its Control Hub pages."""
    if not isinstance(organization, Customer):
        return ""
    branding = _branding(organization)
    if branding is None:
        return ""
    css = theme_css(branding.light_primary_color, branding.dark_primary_color)
    if not css:
        return ""
    source = "customer" if branding.customer_id else "partner"
    return format_html('<style data-cobranding="{}">{}</style>', source, css)


@register.simple_tag
def cobranding_support(organization):
    """The partner's support link in the customer's header (the customer's override wins)."""
    if not isinstance(organization, Customer):
        return ""
    branding = _branding(organization)
    if branding is None or not branding.support_url:
        return ""
    # An icon below 576 px, where the word would run into the hub's name.
    return format_html(
        '<a class="btn btn-sm btn-outline-light text-nowrap" href="{}" rel="noopener" '
        'target="_blank" data-testid="cobranding-support" aria-label="Support from {}">'
        '<i class="bi bi-life-preserver" aria-hidden="true"></i>'
        '<span class="d-none d-sm-inline ms-1" aria-hidden="true">Support</span></a>',
        branding.support_url,
        organization.owner.name,
    )
