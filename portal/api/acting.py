"""Who the API caller acts for: the token's partner, or one of its sub-partners named by
`onBehalfOfSubPartnerOrgId` (FEATURES API-1, PH-8), and plain-text guards for input."""

from typing import Annotated

from django.db.models import Q
from pydantic import AfterValidator

from portal.api import ids
from portal.api.auth import ScopedBearer
from portal.errors import ApplicationError
from portal.models import Customer, Partner


def acting_partner(request, on_behalf_of: str | None, perm: str) -> Partner:
    """The partner the request acts in: 404 for a sub-partner that is not the caller's own,
    403 when the caller's role there lacks `perm`."""
    partner = request.auth.partner
    if on_behalf_of:
        pk = ids.decode(ids.ORGANIZATION, on_behalf_of)
        sub_partner = Partner.objects.filter(pk=pk, parent=partner).first() if pk else None
        if sub_partner is None:
            raise ApplicationError(
                "onBehalfOfSubPartnerOrgId does not name one of your sub-partners.", status=404
            )
        partner = sub_partner
    if not request.user.has_perm(perm, partner):
        raise ApplicationError("Your administrator role does not allow this operation.", status=403)
    return partner


def managed_organization(request, org_id: str | None, perm: str) -> Customer | None:
    """The customer organization `orgId` names, among those the token's partner (or one of its
    sub-partners) manages and in which the caller holds `perm`; None without an `orgId` (the
    partner's own organization). Any other organization is a 404, as if it did not exist."""
    if not org_id:
        return None
    partner = request.auth.partner
    pk = ids.decode((ids.ORGANIZATION, ids.CUSTOMER), org_id)
    customer = (
        Customer.objects.filter(Q(owner=partner) | Q(owner__parent=partner), pk=pk)
        .select_related("owner")
        .first()
        if pk
        else None
    )
    if customer is None or not request.user.has_perm(perm, customer):
        raise ApplicationError("orgId does not name an organization you manage.", status=404)
    return customer


def _plain_text(value: str) -> str:
    # NUL and lone surrogates cannot be stored (PostgreSQL, UTF-8): refuse them as bad input.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return _unquoted(value)


def _unquoted(value: str) -> str:
    """Webex's own contract examples wrap values in a second pair of quotes
    ("\"771 Alder Drive\"", "'en'"): one enclosing pair is dropped, so those examples work
    as Webex's API takes them (docs/decisions.md)."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


#: A string field of an API schema: plain text only (one pair of enclosing quotes dropped).
Text = Annotated[str, AfterValidator(_plain_text)]


class PartnerBearer(ScopedBearer):
    """Token with `scope`, acting in a partner where the admin holds `perm`.

    Resolved with authentication, before the body is read: 401 no valid token, 403 no scope
    or no role, 404 a sub-partner that is not the caller's. Handlers read
    `request.acting_partner`.
    """

    def __init__(self, scope: str, perm: str):
        super().__init__(scope)
        self.perm = perm

    def authenticate(self, request, token: str):
        api_token = super().authenticate(request, token)
        if api_token is not None:
            request.auth = api_token
            request.acting_partner = acting_partner(
                request, request.GET.get("onBehalfOfSubPartnerOrgId"), self.perm
            )
        return api_token
