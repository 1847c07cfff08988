"""/v1/wholesale/subscribers (FEATURES API-2), as in Webex's wholesale API contract.

Thin: parse, resolve the acting partner, call controlhub.services, serialize.
"""

from datetime import UTC, datetime
from typing import Annotated

from django.http import HttpResponse
from django.utils.dateparse import parse_date, parse_datetime
from ninja import Query, Router, Schema, Status

from controlhub import services
from controlhub.models import Location, Subscriber, SubscriberStatus
from controlhub.wholesale import (
    holds_many_customers,
    subscriber_precheck,
    wholesale_customers,
    wholesale_subscribers,
)
from portal.access import permissions as p
from portal.api import ids, scopes
from portal.api.acting import PartnerBearer, Text
from portal.api.errors import ApiError
from portal.api.schemas import ERRORS, ErrorOut, PrecheckOut
from portal.audit import Actor
from portal.models import AuditEvent

router = Router(tags=["Wholesale Provisioning"])
READ = PartnerBearer(scopes.WHOLESALE_SUBSCRIBERS_READ, p.PARTNER_WHOLESALE_READ)
WRITE = PartnerBearer(scopes.WHOLESALE_SUBSCRIBERS_WRITE, p.PARTNER_WHOLESALE_WRITE)
MAX_PAGE = 1000
SORTS = {"email": "email", "created": "created_at", "lastStatusChange": "last_status_change"}
INDEXED_SORTS = {"created_at", "last_status_change"}  # Subscriber indexes (created_at, id) etc.


class ProvisioningParametersIn(Schema):
    firstName: Text | None = None
    lastName: Text | None = None
    primaryPhoneNumber: Text | None = None
    extension: Text | None = None
    locationId: Text | None = None


class SubscriberProvisionIn(Schema):
    customerId: Text
    email: Text
    package: Text | None = None
    packages: list[Text] | None = None
    provisioningParameters: ProvisioningParametersIn | None = None


class SubscriberUpdateIn(Schema):
    package: Text | None = None
    packages: list[Text] | None = None
    provisioningParameters: ProvisioningParametersIn | None = None


class CustomerInfoIn(Schema):
    primaryEmail: Text | None = None


class SubscriberPrecheckIn(Schema):
    provisioningId: Text | None = None
    customerId: Text | None = None
    email: Text
    package: Text | None = None
    packages: list[Text] | None = None
    provisioningParameters: ProvisioningParametersIn | None = None
    customerInfo: CustomerInfoIn | None = None


class SubscriberOut(Schema):
    id: str
    personId: str
    email: str
    customerId: str
    externalCustomerId: str
    package: str
    packages: list[str]
    status: str
    errors: list[ErrorOut] = []
    created: str
    lastStatusChange: str


class SubscriberListOut(Schema):
    items: list[SubscriberOut]


PRECHECK_OK = {"infoCode": 100, "description": "Provisioning preCheck validation successful."}


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def subscriber_json(subscriber: Subscriber) -> dict:
    errors = [
        {
            "errorCode": e.get("errorCode") if isinstance(e.get("errorCode"), int) else None,
            "description": str(e.get("description", "")),
        }
        if isinstance(e, dict)
        else {"errorCode": None, "description": str(e)}
        for e in subscriber.errors or []
    ]
    return {
        "id": ids.encode(ids.SUBSCRIBER, subscriber.pk),
        "personId": ids.encode(ids.PEOPLE, subscriber.pk),
        "email": subscriber.email,
        "customerId": ids.encode(ids.CUSTOMER, subscriber.customer_id),
        "externalCustomerId": subscriber.customer.external_id,
        "package": subscriber.package,
        "packages": [subscriber.package],
        "status": subscriber.status,
        "errors": errors,
        "created": _iso(subscriber.created_at),
        "lastStatusChange": _iso(subscriber.last_status_change),
    }


def _actor(request) -> Actor:
    return Actor(user=request.user, source=AuditEvent.Source.API)


def _one_package(package: str | None, package_list: list[str] | None) -> str:
    if package and package_list:
        raise ApiError(400, "Give either package or packages, not both.")
    if package_list is not None:
        if len(package_list) != 1:
            raise ApiError(400, "packages accepts exactly one package.")
        return package_list[0]
    if not package:
        raise ApiError(400, "A package is required (package or packages).")
    return package


def _customer_or_404(partner, customer_id: str):
    pk = ids.decode((ids.CUSTOMER, ids.ORGANIZATION), customer_id)
    customer = wholesale_customers(partner).filter(pk=pk).first() if pk else None
    if customer is None:
        raise ApiError(404, "The requested customer could not be found.")
    return customer


def _subscriber_or_404(partner, subscriber_id: str) -> Subscriber:
    pk = ids.decode((ids.SUBSCRIBER, ids.PEOPLE), subscriber_id)
    subscriber = wholesale_subscribers(partner).filter(pk=pk).first() if pk else None
    if subscriber is None:
        raise ApiError(404, "The requested subscriber could not be found.")
    return subscriber


def _location(customer, location_id: str | None) -> Location | None:
    if not location_id:
        return None
    pk = ids.decode(ids.LOCATION, location_id)
    location = Location.objects.for_org(customer).filter(pk=pk).first() if pk else None
    if location is None:
        raise ApiError(404, "locationId does not name a location of this customer.")
    return location


def _moment(value: str, name: str) -> datetime:
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        moment = datetime(day.year, day.month, day.day) if day else None
    if moment is None:
        raise ApiError(400, f"{name} is not a date or date-time (ISO 8601).")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def _located(request, response: HttpResponse, subscriber: Subscriber) -> None:
    encoded = ids.encode(ids.SUBSCRIBER, subscriber.pk)
    response["Location"] = request.build_absolute_uri(f"/v1/wholesale/subscribers/{encoded}")


@router.get(
    "",
    response={200: SubscriberListOut, **ERRORS},
    auth=READ,
    summary="List Wholesale Subscribers",
    operation_id="listWholesaleSubscribers",
)
def list_subscribers(
    request,
    limit: Annotated[int, Query(alias="max")] = 50,
    offset: int = 0,
    customerId: Text | None = None,
    personId: Text | None = None,
    externalCustomerId: Text | None = None,
    email: Text | None = None,
    status: Text | None = None,
    after: Text | None = None,
    lastStatusChange: Text | None = None,
    sortBy: Text | None = None,
    sortOrder: Text | None = None,
    onBehalfOfSubPartnerOrgId: Text | None = None,
):
    partner = request.acting_partner
    if offset < 0 or not 1 <= limit <= MAX_PAGE:
        raise ApiError(400, f"offset must be ≥ 0 and max between 1 and {MAX_PAGE}.")
    selective = customerId or personId or externalCustomerId or email
    field = SORTS.get(sortBy or "created")
    walk = field in INDEXED_SORTS and not selective and holds_many_customers(partner)
    subscribers = wholesale_subscribers(partner, walk=walk)
    if customerId:
        pk = ids.decode((ids.CUSTOMER, ids.ORGANIZATION), customerId)
        if pk is None:
            raise ApiError(400, "customerId is not a customer id.")
        subscribers = subscribers.filter(customer_id=pk)
    if personId:
        pk = ids.decode((ids.PEOPLE, ids.SUBSCRIBER), personId)
        if pk is None:
            raise ApiError(400, "personId is not a person id.")
        subscribers = subscribers.filter(pk=pk)
    if externalCustomerId:
        subscribers = subscribers.filter(customer__external_id=externalCustomerId)
    if email:
        subscribers = subscribers.with_email(email.strip())
    if status:
        wanted = {s.strip() for s in status.split(",") if s.strip()}
        unknown = wanted - set(SubscriberStatus.values)
        if unknown:
            raise ApiError(400, f"Unknown status: {', '.join(sorted(unknown))}.")
        subscribers = subscribers.filter(status__in=wanted)
    if after:
        subscribers = subscribers.filter(created_at__gt=_moment(after, "after"))
    if lastStatusChange:
        subscribers = subscribers.filter(
            last_status_change__gte=_moment(lastStatusChange, "lastStatusChange")
        )
    if field is None:
        raise ApiError(400, f"sortBy is one of {', '.join(SORTS)}.")
    if (sortOrder or "ASC").upper() not in ("ASC", "DESC"):
        raise ApiError(400, "sortOrder is ASC or DESC.")
    prefix = "-" if (sortOrder or "").upper() == "DESC" else ""
    subscribers = subscribers.order_by(f"{prefix}{field}", f"{prefix}id")
    return {"items": [subscriber_json(s) for s in subscribers[offset : offset + limit]]}


@router.post(
    "",
    response={202: SubscriberOut, **ERRORS},
    auth=WRITE,
    summary="Provision a Wholesale Subscriber",
    operation_id="provisionWholesaleSubscriber",
)
def provision_subscriber(
    request,
    response: HttpResponse,
    body: SubscriberProvisionIn,
    onBehalfOfSubPartnerOrgId: Text | None = None,
):
    partner = request.acting_partner
    package = _one_package(body.package, body.packages)
    customer = _customer_or_404(partner, body.customerId)
    params = body.provisioningParameters or ProvisioningParametersIn()
    subscriber = services.subscriber_provision(
        customer=customer,
        actor=_actor(request),
        email=body.email,
        package=package,
        first_name=params.firstName or "",
        last_name=params.lastName or "",
        primary_phone_number=params.primaryPhoneNumber or "",
        extension=params.extension or "",
        location=_location(customer, params.locationId),
    )
    _located(request, response, subscriber)
    return Status(202, subscriber_json(subscriber))


@router.post(
    "/validate",
    response={200: PrecheckOut, **ERRORS},
    auth=WRITE,
    summary="Precheck a Wholesale Subscriber Provisioning",
    operation_id="precheckWholesaleSubscriber",
)
def precheck_subscriber(
    request, body: SubscriberPrecheckIn, onBehalfOfSubPartnerOrgId: Text | None = None
):
    partner = request.acting_partner
    package = None
    if body.package or body.packages is not None:
        package = _one_package(body.package, body.packages)
    customer = _customer_or_404(partner, body.customerId) if body.customerId else None
    params = body.provisioningParameters or ProvisioningParametersIn()
    subscriber_precheck(
        partner=partner,
        email=body.email,
        package=package,
        customer=customer,
        provisioning_id=body.provisioningId,
        customer_primary_email=(body.customerInfo.primaryEmail if body.customerInfo else None),
        first_name=params.firstName or "",
        last_name=params.lastName or "",
        primary_phone_number=params.primaryPhoneNumber or "",
        extension=params.extension or "",
        location=_location(customer, params.locationId) if customer else None,
    )
    return {"message": "success", "info": [PRECHECK_OK]}


@router.get(
    "/{subscriberId}",
    response={200: SubscriberOut, **ERRORS},
    auth=READ,
    summary="Get a Wholesale Subscriber",
    operation_id="getWholesaleSubscriber",
)
def get_subscriber(
    request,
    response: HttpResponse,
    subscriberId: str,
    onBehalfOfSubPartnerOrgId: Text | None = None,
):
    partner = request.acting_partner
    subscriber = _subscriber_or_404(partner, subscriberId)
    _located(request, response, subscriber)
    return subscriber_json(subscriber)


@router.put(
    "/{subscriberId}",
    response={200: SubscriberOut, **ERRORS},
    auth=WRITE,
    summary="Update a Wholesale Subscriber",
    operation_id="updateWholesaleSubscriber",
)
def update_subscriber(
    request,
    response: HttpResponse,
    subscriberId: str,
    body: SubscriberUpdateIn,
    onBehalfOfSubPartnerOrgId: Text | None = None,
):
    partner = request.acting_partner
    subscriber = _subscriber_or_404(partner, subscriberId)
    package = _one_package(body.package, body.packages)
    params = body.provisioningParameters or ProvisioningParametersIn()
    subscriber = services.subscriber_change_package(
        subscriber=subscriber,
        package=package,
        actor=_actor(request),
        primary_phone_number=params.primaryPhoneNumber or "",
        extension=params.extension or "",
        location=_location(subscriber.customer, params.locationId),
    )
    _located(request, response, subscriber)
    return subscriber_json(subscriber)


@router.delete(
    "/{subscriberId}",
    response={204: None, **ERRORS},
    auth=WRITE,
    summary="Remove a Wholesale Subscriber",
    operation_id="removeWholesaleSubscriber",
)
def remove_subscriber(request, subscriberId: str, onBehalfOfSubPartnerOrgId: Text | None = None):
    partner = request.acting_partner
    services.subscriber_remove(
        subscriber=_subscriber_or_404(partner, subscriberId), actor=_actor(request)
    )
    return HttpResponse(status=204)
