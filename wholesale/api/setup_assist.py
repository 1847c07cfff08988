"""/v1/wholesale/setupAssist/requests (PH-11): Wholesale Setup Assist requests through the API.

Our extension: Webex offers the "Wholesale Setup Assist Order via API" without a published
contract, so the shape follows its wholesale routers (camelCase, encoded ids, Webex's error
body, `Link` paging). The same services as Partner Hub's Setup Assist tab."""

from datetime import date
from typing import Annotated

from django.http import HttpResponse
from ninja import Query, Router, Schema, Status

from portal.access import permissions as p
from portal.api import ids, scopes
from portal.api.acting import PartnerBearer, Text
from portal.api.pagination import PageSize, paginate
from portal.api.schemas import ERRORS
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import AuditEvent
from wholesale.models import SetupAssistRequest, SetupAssistStatus
from wholesale.selectors import setup_assist_request, setup_assist_requests, wholesale_customer
from wholesale.services import setup_assist

router = Router(tags=["Wholesale Setup Assist"])
READ = PartnerBearer(scopes.WHOLESALE_CUSTOMERS_READ, p.PARTNER_WHOLESALE_READ)
WRITE = PartnerBearer(scopes.WHOLESALE_CUSTOMERS_WRITE, p.PARTNER_WHOLESALE_WRITE)
PAGE = PageSize(default=100, cap=1000)

#: The API's field names for the service's fields, so a refusal names what the caller sent.
_FIELDS = {
    "location": "locationId",
    "seats": "seats",
    "contact_name": "contactName",
    "contact_email": "contactEmail",
    "target_date": "targetDate",
    "prerequisites": "prerequisites",
}


class PhaseOut(Schema):
    number: int
    name: str
    completedDate: str
    note: str


class SetupAssistOut(Schema):
    id: str
    orgId: str
    locationId: str
    seats: int
    sku: str
    skuName: str
    status: str
    contactName: str
    contactEmail: str
    contactPhone: str
    targetDate: str
    prerequisites: list[str]
    phases: list[str]
    currentPhase: str | None
    completedPhases: list[PhaseOut]
    completedDate: str | None
    created: str


class SetupAssistListOut(Schema):
    items: list[SetupAssistOut]


class SetupAssistIn(Schema):
    orgId: Text
    locationId: Text
    seats: int
    contactName: Text
    contactEmail: Text
    contactPhone: Text = ""
    targetDate: Text
    prerequisites: list[Text] = []


def request_json(item: SetupAssistRequest) -> dict:
    return {
        "id": ids.encode(ids.SETUP_ASSIST, item.pk),
        "orgId": ids.encode(ids.ORGANIZATION, item.customer_id),
        "locationId": ids.encode(ids.LOCATION, item.location_id),
        "seats": item.seats,
        "sku": item.item,
        "skuName": item.get_item_display(),
        "status": item.status,
        "contactName": item.contact_name,
        "contactEmail": item.contact_email,
        "contactPhone": item.contact_phone,
        "targetDate": item.target_date.isoformat(),
        "prerequisites": list(item.prerequisites),
        "phases": list(setup_assist.phases_of(item.item)),
        "currentPhase": setup_assist.current_phase(item) if item.is_open else None,
        "completedPhases": [
            {
                "number": phase.number,
                "name": phase.name,
                "completedDate": phase.day.isoformat(),
                "note": phase.note,
            }
            for phase in item.phase_log.all()
        ],
        "completedDate": item.completed_on.isoformat() if item.completed_on else None,
        "created": item.created_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }


def _actor(request) -> Actor:
    return Actor(user=request.user, source=AuditEvent.Source.API)


def _request_or_404(partner, request_id) -> SetupAssistRequest:
    item = setup_assist_request(partner, request_id)
    if item is None:
        raise ApplicationError("Setup Assist request not found.", status=404)
    return item


@router.get(
    "",
    response={200: SetupAssistListOut, **ERRORS},
    auth=READ,
    summary="List Wholesale Setup Assist Requests",
    operation_id="listWholesaleSetupAssistRequests",
)
def list_requests(
    request,
    response: HttpResponse,
    orgId: Text | None = None,
    status: Text | None = None,
    onBehalfOfSubPartnerOrgId: Text | None = None,
    offset: Text | None = None,
    limit: Annotated[Text | None, Query(alias="max")] = None,
):
    partner = request.acting_partner
    items = setup_assist_requests().filter(partner=partner).order_by("created_at", "id")
    if status:
        if status not in SetupAssistStatus.values:
            raise ApplicationError(
                f"status must be one of {', '.join(SetupAssistStatus.values)}.", field="status"
            )
        items = items.filter(status=status)
    if orgId:
        customer = wholesale_customer(partner, orgId)
        if customer is None:
            raise ApplicationError("orgId is not one of your customers.", field="orgId")
        items = items.filter(customer=customer)
    page = paginate(request, response, items, PAGE)
    return {"items": [request_json(item) for item in page]}


@router.post(
    "",
    response={201: SetupAssistOut, **ERRORS},
    auth=WRITE,
    summary="Request Wholesale Setup Assist for a customer location",
    operation_id="createWholesaleSetupAssistRequest",
)
def create_request(
    request,
    body: SetupAssistIn,
    response: HttpResponse,
    onBehalfOfSubPartnerOrgId: Text | None = None,
):
    partner = request.acting_partner
    customer = wholesale_customer(partner, body.orgId)
    if customer is None:
        raise ApplicationError("Customer not found.", status=404, field="orgId")
    location_id = ids.decode(ids.LOCATION, body.locationId)
    try:
        target = date.fromisoformat(body.targetDate)
    except ValueError:
        raise ApplicationError(
            "targetDate must be a date as YYYY-MM-DD.", field="targetDate"
        ) from None
    try:
        created = setup_assist.setup_assist_request_create(
            partner=partner,
            customer=customer,
            location_id=location_id,
            seats=body.seats,
            contact_name=body.contactName,
            contact_email=body.contactEmail,
            contact_phone=body.contactPhone,
            target_date=target,
            prerequisites=body.prerequisites,
            actor=_actor(request),
        )
    except ApplicationError as exc:
        if exc.field in _FIELDS:
            exc.field = _FIELDS[exc.field]
        raise
    encoded = ids.encode(ids.SETUP_ASSIST, created.pk)
    response["Location"] = request.build_absolute_uri(f"{request.path.rstrip('/')}/{encoded}")
    return Status(201, request_json(setup_assist_requests().get(pk=created.pk)))


@router.get(
    "/{requestId}",
    response={200: SetupAssistOut, **ERRORS},
    auth=READ,
    summary="Get a Wholesale Setup Assist Request",
    operation_id="getWholesaleSetupAssistRequest",
)
def get_request(request, requestId: str, onBehalfOfSubPartnerOrgId: Text | None = None):
    return request_json(_request_or_404(request.acting_partner, requestId))


@router.post(
    "/{requestId}/cancel",
    response={200: SetupAssistOut, **ERRORS},
    auth=WRITE,
    summary="Cancel a Wholesale Setup Assist Request",
    operation_id="cancelWholesaleSetupAssistRequest",
)
def cancel_request(request, requestId: str, onBehalfOfSubPartnerOrgId: Text | None = None):
    item = _request_or_404(request.acting_partner, requestId)
    setup_assist.setup_assist_cancel(request=item, actor=_actor(request))
    return request_json(setup_assist_requests().get(pk=item.pk))
