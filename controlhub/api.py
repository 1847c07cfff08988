"""/v1/locations (FEATURES API-7): Webex's Locations API for the customer organizations a partner
manages (../shared/specs/webex-locations.md).

Thin: the org from `orgId` (portal.api.acting.managed_organization), the Control Hub Locations
page's service (controlhub.services.locations) and FilterSet, Webex's field names. Location ids
are the ones `POST /v1/wholesale/subscribers` takes as `locationId`.
"""

from django.http import HttpResponse
from ninja import Router, Schema, Status

from controlhub.filtersets import LocationFilterSet
from controlhub.models import Location
from controlhub.services import locations as location_services
from portal.access import permissions as p
from portal.api import ids, scopes
from portal.api.acting import Text, managed_organization
from portal.api.auth import ScopedBearer
from portal.api.pagination import PageSize, paginate
from portal.api.schemas import ERRORS
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import AuditEvent

router = Router(tags=["Locations"])
READ = ScopedBearer(scopes.LOCATIONS_READ)
WRITE = ScopedBearer(scopes.LOCATIONS_WRITE)
PAGE = PageSize(default=100, cap=1000)


class LocationAddressIn(Schema):
    address1: Text | None = None
    address2: Text | None = None
    city: Text | None = None
    state: Text | None = None
    postalCode: Text | None = None
    country: Text | None = None


class LocationIn(Schema):
    """Create: name, timeZone, preferredLanguage, announcementLanguage and the address are
    required (checked in the handler, so that a caller without access hears 403/404 first)."""

    name: Text | None = None
    timeZone: Text | None = None
    preferredLanguage: Text | None = None
    announcementLanguage: Text | None = None
    address: LocationAddressIn | None = None
    latitude: Text | None = None
    longitude: Text | None = None
    notes: Text | None = None


class LocationAddressOut(Schema):
    address1: str
    address2: str
    city: str
    state: str
    postalCode: str
    country: str


class LocationOut(Schema):
    id: str
    name: str
    orgId: str
    timeZone: str
    preferredLanguage: str
    announcementLanguage: str
    address: LocationAddressOut


class LocationListOut(Schema):
    items: list[LocationOut]


class LocationIdOut(Schema):
    id: str


ADDRESS = {
    "address1": "address_line1",
    "address2": "address_line2",
    "city": "city",
    "state": "state_or_province",
    "postalCode": "zip_or_postal_code",
    "country": "country",
}
REQUIRED = ("name", "timeZone", "preferredLanguage", "announcementLanguage")
REQUIRED_ADDRESS = ("address1", "city", "state", "postalCode", "country")


def location_json(location: Location) -> dict:
    language = location.language.lower()
    return {
        "id": ids.encode(ids.LOCATION, location.pk),
        "name": location.name,
        "orgId": ids.encode(ids.ORGANIZATION, location.customer_id),
        "timeZone": location.timezone,
        "preferredLanguage": language,
        "announcementLanguage": language,
        "address": {key: getattr(location, field) for key, field in ADDRESS.items()},
    }


def _actor(request) -> Actor:
    return Actor(user=request.user, source=AuditEvent.Source.API)


def _org(request, org_id, *, write: bool, required: bool = True):
    """The customer `orgId` names (404 unless the caller may see its locations); for a write,
    403 unless the caller may also manage them. None for the partner's own organization, which
    has no locations in this portal (a 404 where one is `required`)."""
    customer = managed_organization(request, org_id, p.ORG_VIEW_LOCATIONS)
    if customer is None:
        if required:
            raise ApplicationError(
                "The requested location could not be found; give the customer's orgId.",
                status=404,
            )
        return None
    if write and not request.user.has_perm(p.ORG_MANAGE_LOCATIONS, customer):
        raise ApplicationError("Your administrator role does not allow this operation.", status=403)
    return customer


def _location_or_404(customer, location_id: str) -> Location:
    pk = ids.decode(ids.LOCATION, location_id)
    location = Location.objects.for_org(customer).filter(pk=pk).first() if pk else None
    if location is None:
        raise ApplicationError("The requested location could not be found.", status=404)
    return location


def _fields(body: LocationIn, *, creating: bool) -> dict:
    """The body as location service fields; on create every required field must be there."""
    if creating:
        missing = [name for name in REQUIRED if not getattr(body, name)]
        given = body.address or LocationAddressIn()
        missing += [f"address.{name}" for name in REQUIRED_ADDRESS if not getattr(given, name)]
        if missing:
            raise ApplicationError(f"Required: {', '.join(missing)}.", status=400)
    fields = {}
    if body.name is not None:
        fields["name"] = body.name.strip()
    if body.timeZone is not None:
        fields["timezone"] = body.timeZone.strip()
    if body.preferredLanguage is not None:
        fields["language"] = body.preferredLanguage.strip()
    if body.address is not None:
        for key, field in ADDRESS.items():
            value = getattr(body.address, key)
            if value is not None:
                fields[field] = value.strip()
    return fields


@router.get(
    "",
    response={200: LocationListOut, **ERRORS},
    auth=READ,
    summary="List Locations",
    operation_id="listLocations",
)
def list_locations(
    request,
    response: HttpResponse,
    orgId: Text | None = None,
    name: Text | None = None,
    id: Text | None = None,
    max: int | None = None,
):
    customer = _org(request, orgId, write=False, required=False)
    queryset = Location.objects.none() if customer is None else Location.objects.for_org(customer)
    filtered = LocationFilterSet({"name": name, "id": id}, queryset=queryset).validated_qs()
    page = paginate(request, response, filtered.order_by("-is_headquarters", "name", "pk"), PAGE)
    return {"items": [location_json(location) for location in page]}


@router.post(
    "",
    response={200: LocationIdOut, **ERRORS},
    auth=WRITE,
    summary="Create a Location",
    operation_id="createLocation",
)
def create_location(request, response: HttpResponse, body: LocationIn, orgId: Text | None = None):
    customer = _org(request, orgId, write=True, required=False)
    if customer is None:
        raise ApplicationError("Give the orgId of the customer to create the location in.")
    location = location_services.location_create(
        customer=customer, actor=_actor(request), **_fields(body, creating=True)
    )
    encoded = ids.encode(ids.LOCATION, location.pk)
    response["Location"] = request.build_absolute_uri(f"/v1/locations/{encoded}")
    return {"id": encoded}


@router.get(
    "/{locationId}",
    response={200: LocationOut, **ERRORS},
    auth=READ,
    summary="Get Location Details",
    operation_id="getLocation",
)
def get_location(request, locationId: str, orgId: Text | None = None):
    customer = _org(request, orgId, write=False)
    return location_json(_location_or_404(customer, locationId))


@router.put(
    "/{locationId}",
    response={204: None, **ERRORS},
    auth=WRITE,
    summary="Update a Location",
    operation_id="updateLocation",
)
def update_location(request, locationId: str, body: LocationIn, orgId: Text | None = None):
    customer = _org(request, orgId, write=True)
    location = _location_or_404(customer, locationId)
    location_services.location_update(
        location=location, actor=_actor(request), **_fields(body, creating=False)
    )
    return Status(204, None)


@router.delete(
    "/{locationId}",
    response={204: None, **ERRORS},
    auth=WRITE,
    summary="Delete a Location",
    operation_id="deleteLocation",
)
def delete_location(request, locationId: str, orgId: Text | None = None):
    customer = _org(request, orgId, write=True)
    location_services.location_delete(
        location=_location_or_404(customer, locationId), actor=_actor(request)
    )
    return Status(204, None)
