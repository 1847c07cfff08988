"""/v1/wholesale/customers (FEATURES API-1), as in Webex's wholesale API contract.

Thin: parse, resolve the acting partner, call wholesale.services.customers, serialize.
"""

import math
from collections import defaultdict
from typing import Annotated

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status

from portal.access import permissions as p
from portal.api import ids, scopes
from portal.api.acting import PartnerBearer, Text
from portal.api.schemas import ERRORS, ErrorOut, PrecheckOut
from portal.audit import Actor
from portal.errors import ApplicationError, Problem
from portal.filtersets import page_window
from portal.models import AuditEvent, Customer, CustomerPackage
from wholesale.filtersets import API_STATUSES, CustomerFilterSet
from wholesale.selectors import wholesale_customer, wholesale_customers
from wholesale.services import customers as provisioning
from wholesale.services.precheck import precheck_answer

router = Router(tags=["Wholesale Provisioning"])
READ = PartnerBearer(scopes.WHOLESALE_CUSTOMERS_READ, p.PARTNER_WHOLESALE_READ)
WRITE = PartnerBearer(scopes.WHOLESALE_CUSTOMERS_WRITE, p.PARTNER_WHOLESALE_WRITE)
MAX_PAGE = 1000


# --- Schemas (field names as in the contract) ---------------------------------------------------


class AddressIn(Schema):
    addressLine1: Text | None = None
    addressLine2: Text | None = None
    city: Text | None = None
    stateOrProvince: Text | None = None
    zipOrPostalCode: Text | None = None
    country: Text | None = None


class CustomerInfoIn(Schema):
    name: Text | None = None
    primaryEmail: Text | None = None
    language: Text | None = None


class CallingLocationIn(Schema):
    name: Text | None = None
    address: AddressIn | None = None
    timezone: Text | None = None
    language: Text | None = None
    emergencyLocationIdentifier: Text | None = None


class CallingIn(Schema):
    location: CallingLocationIn | None = None


class MeetingsIn(Schema):
    timezone: Text | None = None


class PackageParametersIn(Schema):
    limits: dict[Text, float] | None = None


class ProvisioningParametersIn(Schema):
    calling: CallingIn | None = None
    meetings: MeetingsIn | None = None
    packages: PackageParametersIn | None = None


class CustomerProvisionIn(Schema):
    provisioningId: Text
    packages: list[Text]
    orgId: Text | None = None
    externalId: Text
    address: AddressIn
    customerInfo: CustomerInfoIn | None = None
    provisioningParameters: ProvisioningParametersIn | None = None
    subPartnerAdminEmail: Text | None = None


class CustomerUpdateIn(Schema):
    externalId: Text | None = None
    packages: list[Text]
    address: AddressIn | None = None
    provisioningParameters: ProvisioningParametersIn | None = None
    subPartnerAdminEmail: Text | None = None


class CustomerPrecheckIn(Schema):
    provisioningId: Text | None = None
    packages: list[Text] | None = None
    orgId: Text | None = None
    externalId: Text | None = None
    address: AddressIn
    customerInfo: CustomerInfoIn | None = None
    provisioningParameters: ProvisioningParametersIn | None = None


class PackageOut(Schema):
    name: str
    status: str
    warnings: list[ErrorOut] = []
    errors: list[ErrorOut] = []


class ResourceDetailsOut(Schema):
    packages: list[PackageOut]


class AddressOut(Schema):
    addressLine1: str
    addressLine2: str
    city: str
    stateOrProvince: str
    zipOrPostalCode: str
    country: str


class CustomerOut(Schema):
    id: str
    orgId: str
    externalId: str
    address: AddressOut
    status: str = Field(..., json_schema_extra={"enum": API_STATUSES})
    packages: list[str]
    resourceDetails: ResourceDetailsOut
    errors: list[ErrorOut] = []


class CustomerListOut(Schema):
    items: list[CustomerOut]


class ResourceUrlOut(Schema):
    url: str


# --- Helpers ------------------------------------------------------------------------------------


def _error_codes(errors) -> list[dict]:
    out = []
    for error in errors or []:
        if isinstance(error, dict):
            code = error.get("errorCode")
            out.append(
                {
                    "errorCode": code if isinstance(code, int) else None,
                    "description": str(error.get("description", "")),
                }
            )
        else:
            out.append({"errorCode": None, "description": str(error)})
    return out


def customer_json(customer: Customer, packages: list[CustomerPackage] | None = None) -> dict:
    """The API's customer; `packages` when the caller fetched them (a list), else prefetched."""
    if packages is None:
        packages = list(customer.packages.all())
    return {
        "id": ids.encode(ids.CUSTOMER, customer.pk),
        "orgId": ids.encode(ids.ORGANIZATION, customer.pk),
        "externalId": customer.external_id,
        "address": {
            "addressLine1": customer.address_line1,
            "addressLine2": customer.address_line2,
            "city": customer.city,
            "stateOrProvince": customer.state_or_province,
            "zipOrPostalCode": customer.zip_or_postal_code,
            "country": customer.country,
        },
        "status": customer.status,
        "packages": [cp.package for cp in packages],
        "resourceDetails": {
            "packages": [
                {
                    "name": cp.package,
                    "status": cp.status,
                    "warnings": _error_codes(cp.warnings),
                    "errors": _error_codes(cp.errors),
                }
                for cp in packages
            ]
        },
        "errors": _error_codes(customer.errors),
    }


def _actor(request) -> Actor:
    return Actor(user=request.user, source=AuditEvent.Source.API)


def _address(address: AddressIn | None) -> dict | None:
    if address is None:
        return None
    return {
        "address_line1": address.addressLine1 or "",
        "address_line2": address.addressLine2 or "",
        "city": address.city or "",
        "state_or_province": address.stateOrProvince or "",
        "zip_or_postal_code": address.zipOrPostalCode or "",
        "country": address.country or "",
    }


def _parameters(parameters: ProvisioningParametersIn | None) -> dict:
    """provisioningParameters as the provisioning service's keyword arguments."""
    if parameters is None:
        return {"package_limits": None, "calling_location": None, "meetings_timezone": None}
    limits = None
    if parameters.packages and parameters.packages.limits is not None:
        limits = parameters.packages.limits
        if any(not math.isfinite(v) for v in limits.values()):
            raise ApplicationError(
                "The request is not valid.",
                status=400,
                problems=[Problem(None, "Package limits must be numbers.", 400)],
            )
        limits = {k: int(v) if float(v).is_integer() else v for k, v in limits.items()}
    location = None
    if parameters.calling and parameters.calling.location:
        given = parameters.calling.location
        location = {
            "name": given.name or "",
            "address": _address(given.address) or {},
            "timezone": given.timezone or "",
            "language": given.language or "",
            "emergency_location_identifier": given.emergencyLocationIdentifier or "",
        }
    meetings = parameters.meetings.timezone if parameters.meetings else None
    return {"package_limits": limits, "calling_location": location, "meetings_timezone": meetings}


def _customer_or_404(partner, customer_id: str) -> Customer:
    customer = wholesale_customer(partner, customer_id)
    if customer is None:
        raise ApplicationError("The requested customer could not be found.", status=404)
    return customer


def _accepted(request, response: HttpResponse, customer: Customer):
    encoded = ids.encode(ids.CUSTOMER, customer.pk)
    url = request.build_absolute_uri(f"/v1/wholesale/customers/{encoded}")
    response["Location"] = url
    return Status(202, {"url": url})


# --- Operations ---------------------------------------------------------------------------------


@router.get(
    "",
    response={200: CustomerListOut, **ERRORS},
    auth=READ,
    summary="List Wholesale Customers",
    operation_id="listWholesaleCustomers",
)
def list_customers(
    request,
    externalId: Text | None = None,
    orgId: Text | None = None,
    status: Annotated[list[Text] | None, Query()] = None,
    offset: int = 0,
    limit: Annotated[int, Query(alias="max")] = 100,
    onBehalfOfSubPartnerOrgId: Text | None = None,
):
    partner = request.acting_partner
    offset, limit = page_window(offset, limit, max_page=MAX_PAGE, default_size=100)
    customers = CustomerFilterSet(
        {"externalId": externalId, "orgId": orgId, "status": status},
        queryset=wholesale_customers(partner),
    ).validated_qs()
    # The page's packages in one query, grouped here: Django's prefetch machinery (a related
    # manager and queryset per customer) was a third of this list's time at max=100.
    page = list(
        customers.prefetch_related(None).defer("provisioning_parameters")[offset : offset + limit]
    )
    packages = defaultdict(list)
    for package in CustomerPackage.objects.filter(customer__in=page).order_by("package"):
        packages[package.customer_id].append(package)
    return {"items": [customer_json(c, packages[c.pk]) for c in page]}


@router.post(
    "",
    response={202: ResourceUrlOut, **ERRORS},
    auth=WRITE,
    summary="Provision a Wholesale Customer",
    operation_id="provisionWholesaleCustomer",
)
def provision_customer(
    request,
    response: HttpResponse,
    body: CustomerProvisionIn,
    onBehalfOfSubPartnerOrgId: Text | None = None,
):
    partner = request.acting_partner
    info = body.customerInfo or CustomerInfoIn()
    customer = provisioning.customer_provision(
        partner=partner,
        actor=_actor(request),
        provisioning_id=body.provisioningId,
        packages=body.packages,
        external_id=body.externalId,
        address=_address(body.address),
        name=info.name or "",
        primary_email=info.primaryEmail or "",
        language=info.language,
        org_id=body.orgId,
        **_parameters(body.provisioningParameters),
    )
    return _accepted(request, response, customer)


@router.post(
    "/validate",
    response={200: PrecheckOut, **ERRORS},
    auth=WRITE,
    summary="Precheck a Wholesale Customer Provisioning",
    operation_id="precheckWholesaleCustomer",
)
def precheck_customer(
    request, body: CustomerPrecheckIn, onBehalfOfSubPartnerOrgId: Text | None = None
):
    partner = request.acting_partner
    info = body.customerInfo or CustomerInfoIn()
    problems = provisioning.customer_precheck(
        partner=partner,
        provisioning_id=body.provisioningId,
        packages=body.packages,
        external_id=body.externalId,
        address=_address(body.address),
        name=info.name,
        primary_email=info.primaryEmail,
        org_id=body.orgId,
        **_parameters(body.provisioningParameters),
    )
    return precheck_answer(problems)


@router.get(
    "/{customerId}",
    response={200: CustomerOut, **ERRORS},
    auth=READ,
    summary="Get a Wholesale Customer",
    operation_id="getWholesaleCustomer",
)
def get_customer(
    request,
    customerId: str,
    onBehalfOfSubPartnerOrgId: Text | None = None,
    includePackageLicenseInfo: bool = False,
):
    partner = request.acting_partner
    return customer_json(_customer_or_404(partner, customerId))


@router.put(
    "/{customerId}",
    response={202: ResourceUrlOut, **ERRORS},
    auth=WRITE,
    summary="Update a Wholesale Customer",
    operation_id="updateWholesaleCustomer",
)
def update_customer(
    request,
    response: HttpResponse,
    customerId: str,
    body: CustomerUpdateIn,
    onBehalfOfSubPartnerOrgId: Text | None = None,
):
    partner = request.acting_partner
    customer = provisioning.customer_update(
        customer=_customer_or_404(partner, customerId),
        actor=_actor(request),
        packages=body.packages,
        external_id=body.externalId,
        address=_address(body.address),
        **_parameters(body.provisioningParameters),
    )
    return _accepted(request, response, customer)


@router.delete(
    "/{customerId}",
    response={202: None, **ERRORS},
    auth=WRITE,
    summary="Remove a Wholesale Customer",
    operation_id="removeWholesaleCustomer",
)
def remove_customer(request, customerId: str, onBehalfOfSubPartnerOrgId: Text | None = None):
    partner = request.acting_partner
    provisioning.customer_remove_wholesale(
        customer=_customer_or_404(partner, customerId), actor=_actor(request)
    )
    return HttpResponse(status=202)
