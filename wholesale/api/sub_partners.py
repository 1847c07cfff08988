"""/v1/wholesale/subPartners (FEATURES API-3): List Wholesale Sub-partners, as in Webex's
wholesale API contract. Thin: the Indirect providers tab's selector, serialized."""

from datetime import UTC, datetime, time
from typing import Annotated

from ninja import Query, Router, Schema

from portal.access import permissions as p
from portal.api import ids, scopes
from portal.api.acting import PartnerBearer, Text
from portal.api.schemas import ERRORS
from portal.filtersets import page_window
from portal.models import Partner
from wholesale.filtersets import SubPartnerFilterSet
from wholesale.selectors import sub_partner_list

router = Router(tags=["Wholesale Provisioning"])
READ = PartnerBearer(scopes.WHOLESALE_SUB_PARTNERS_READ, p.PARTNER_VIEW_SUBPARTNERS)
MAX_PAGE = 1000


class SubPartnerOut(Schema):
    orgId: str
    subscriptionId: str
    provisioningState: str
    created: str
    billingStartDate: str


class SubPartnerListOut(Schema):
    items: list[SubPartnerOut]


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def sub_partner_json(sub_partner: Partner) -> dict:
    subscription = getattr(sub_partner, "wholesale_subscription", None)
    billing_start = (
        _iso(datetime.combine(subscription.billing_start, time.min, tzinfo=UTC))
        if subscription
        else ""
    )
    return {
        "orgId": ids.encode(ids.ORGANIZATION, sub_partner.pk),
        "subscriptionId": subscription.subscription_id if subscription else "",
        "provisioningState": sub_partner.state,
        "created": _iso(sub_partner.created_at),
        "billingStartDate": billing_start,
    }


@router.get(
    "",
    response={200: SubPartnerListOut, **ERRORS},
    auth=READ,
    summary="List Wholesale Sub-partners",
    operation_id="listWholesaleSubPartners",
)
def list_sub_partners(
    request,
    provisioningState: Text | None = None,
    offset: Text | None = None,
    limit: Annotated[Text | None, Query(alias="max")] = None,
):
    partner = request.acting_partner
    start, count = page_window(offset, limit, max_page=MAX_PAGE, default_size=100)
    sub_partners = SubPartnerFilterSet(
        {"provisioningState": provisioningState}, queryset=sub_partner_list(partner)
    ).validated_qs()
    return {"items": [sub_partner_json(s) for s in sub_partners[start : start + count]]}
