"""/v1/wholesale/subscribers (FEATURES API-2), as in Webex's wholesale API contract.

Thin: parse, resolve the acting partner, call controlhub.services.subscribers, serialize.
"""

from datetime import UTC, datetime
from typing import Annotated

from django.http import HttpResponse
from ninja import Query, Router, Schema

from controlhub.filtersets import SubscriberFilterSet
from controlhub.models import Location, Subscriber
from controlhub.services import subscribers as subscriber_services
from portal.access import permissions as p
from portal.api import ids, scopes
from portal.api.acting import PartnerBearer, Text
from portal.api.pagination import PageSize, paginate
from portal.api.schemas import ERRORS, ErrorOut, PrecheckOut
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import AuditEvent
from wholesale.selectors import (
    holds_many_customers,
    wholesale_customer,
    wholesale_subscriber,
    wholesale_subscribers,
)
from wholesale.services.offer import raise_if_not_bought
from wholesale.services.precheck import precheck_answer
from wholesale.services.subscribers import subscriber_precheck

router = Router(tags=["Wholesale Provisioning"])
READ = PartnerBearer(scopes.WHOLESALE_SUBSCRIBERS_READ, p.PARTNER_WHOLESALE_READ)
WRITE = PartnerBearer(scopes.WHOLESALE_SUBSCRIBERS_WRITE, p.PARTNER_WHOLESALE_WRITE)
PAGE = PageSize(default=50, cap=100)  # the contract: "up to 100 per page", default 50
SORTS = {"email": "email", "created": "created_at", "lastStatusChange": "last_status_change"}
#: The contract's own example sorts by userCreationTimestamp: the creation time by another name.
SORT_ALIASES = {"userCreationTimestamp": "created"}
INDEXED_SORTS = {"created_at", "last_status_change"}  # Subscriber indexes (created_at, id) etc.


class SubscriberParametersIn(Schema):
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
    provisioningParameters: SubscriberParametersIn | None = None


class SubscriberUpdateIn(Schema):
    package: Text | None = None
    packages: list[Text] | None = None
    provisioningParameters: SubscriberParametersIn | None = None


class SubscriberCustomerInfoIn(Schema):
    primaryEmail: Text | None = None


class SubscriberPrecheckIn(Schema):
    provisioningId: Text | None = None
    customerId: Text | None = None
    email: Text
    package: Text | None = None
    packages: list[Text] | None = None
    provisioningParameters: SubscriberParametersIn | None = None
    customerInfo: SubscriberCustomerInfoIn | None = None


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
        raise ApplicationError("Give either package or packages, not both.", status=400)
    if package_list is not None:
        if len(package_list) != 1:
            raise ApplicationError("packages accepts exactly one package.", status=400)
        return package_list[0]
    if not package:
        raise ApplicationError("A package is required (package or packages).", status=400)
    return package


def _customer_or_404(partner, customer_id: str):
    customer = wholesale_customer(partner, customer_id)
    if customer is None:
        raise ApplicationError("The requested customer could not be found.", status=404)
    return customer


def _subscriber_or_404(partner, subscriber_id: str) -> Subscriber:
    subscriber = wholesale_subscriber(partner, subscriber_id)
    if subscriber is None:
        raise ApplicationError("The requested subscriber could not be found.", status=404)
    return subscriber


def _location(customer, location_id: str | None) -> Location | None:
    if not location_id:
        return None
    pk = ids.decode(ids.LOCATION, location_id)
    location = Location.objects.for_org(customer).filter(pk=pk).first() if pk else None
    if location is None:
        raise ApplicationError("locationId does not name a location of this customer.", status=404)
    return location


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
    response: HttpResponse,
    limit: Annotated[int | None, Query(alias="max")] = None,
    offset: int | None = None,
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
    selective = customerId or personId or externalCustomerId or email
    field = SORTS.get(SORT_ALIASES.get(sortBy, sortBy) or "created")
    walk = field in INDEXED_SORTS and not selective and holds_many_customers(partner)
    subscribers = SubscriberFilterSet(
        {
            "customerId": customerId,
            "personId": personId,
            "externalCustomerId": externalCustomerId,
            "email": email,
            "status": status,
            "after": after,
            "lastStatusChange": lastStatusChange,
        },
        queryset=wholesale_subscribers(partner, walk=walk),
    ).validated_qs()
    if field is None:
        raise ApplicationError(f"sortBy is one of {', '.join(SORTS)}.", status=400)
    if (sortOrder or "ASC").upper() not in ("ASC", "DESC"):
        raise ApplicationError("sortOrder is ASC or DESC.", status=400)
    prefix = "-" if (sortOrder or "").upper() == "DESC" else ""
    subscribers = subscribers.order_by(f"{prefix}{field}", f"{prefix}id")
    return {"items": [subscriber_json(s) for s in paginate(request, response, subscribers, PAGE)]}


@router.post(
    "",
    response={200: SubscriberOut, **ERRORS},
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
    params = body.provisioningParameters or SubscriberParametersIn()
    raise_if_not_bought(partner, package)
    subscriber = subscriber_services.subscriber_provision(
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
    return subscriber_json(subscriber)


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
    params = body.provisioningParameters or SubscriberParametersIn()
    problems = subscriber_precheck(
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
    return precheck_answer(problems)


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
    params = body.provisioningParameters or SubscriberParametersIn()
    raise_if_not_bought(partner, package)
    subscriber = subscriber_services.subscriber_change_package(
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
    subscriber_services.subscriber_remove(
        subscriber=_subscriber_or_404(partner, subscriberId), actor=_actor(request)
    )
    return HttpResponse(status=204)
