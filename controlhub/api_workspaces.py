"""/v1/workspaces (FEATURES CH-12): Webex's Workspaces API for the customer organizations a
partner manages, in Webex's public shape (`displayName`, `locationId`, `calling.type`
"webexCalling" with `calling.webexCalling.{phoneNumber, extension, licenses}`).

`licenses` names the workspace's package (`common_area_calling`, `webex_calling`): a list, as in
Webex's contract, and exactly one of them (a second is a 400 naming both). Thin: the org from
`orgId` (portal.api.acting.managed_organization), the Control Hub page's services
(controlhub.services.workspaces) and FilterSet.
"""

from django.db import transaction
from django.http import HttpResponse
from ninja import Router, Schema, Status

from controlhub import selectors
from controlhub.filtersets import WorkspaceFilterSet
from controlhub.models import Location, Workspace
from controlhub.services import workspaces as workspace_services
from portal.access import permissions as p
from portal.api import ids, scopes
from portal.api.acting import Text, managed_organization
from portal.api.auth import ScopedBearer
from portal.api.pagination import PageSize, paginate
from portal.api.schemas import ERRORS
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import AuditEvent

router = Router(tags=["Workspaces"])
READ = ScopedBearer(scopes.WORKSPACES_READ)
WRITE = ScopedBearer(scopes.WORKSPACES_WRITE)
PAGE = PageSize(default=100, cap=1000)


class WebexCallingIn(Schema):
    phoneNumber: Text | None = None
    extension: Text | None = None
    locationId: Text | None = None
    licenses: list[Text] | None = None


class CallingIn(Schema):
    type: Text | None = None
    webexCalling: WebexCallingIn | None = None


class WorkspaceIn(Schema):
    displayName: Text | None = None
    locationId: Text | None = None
    calling: CallingIn | None = None


class WebexCallingOut(Schema):
    phoneNumber: str
    extension: str
    locationId: str
    licenses: list[str]


class CallingOut(Schema):
    type: str
    webexCalling: WebexCallingOut


class WorkspaceOut(Schema):
    id: str
    orgId: str
    locationId: str
    displayName: str
    type: str
    created: str
    calling: CallingOut


class WorkspaceListOut(Schema):
    items: list[WorkspaceOut]


def workspace_json(workspace: Workspace) -> dict:
    number = getattr(workspace, "phone_number", None)
    location = ids.encode(ids.LOCATION, workspace.location_id) if workspace.location_id else ""
    return {
        "id": ids.encode(ids.WORKSPACE, workspace.pk),
        "orgId": ids.encode(ids.ORGANIZATION, workspace.customer_id),
        "locationId": location,
        "displayName": workspace.name,
        "type": "notSet",
        "created": workspace.created_at.isoformat().replace("+00:00", "Z"),
        "calling": {
            "type": "webexCalling",
            "webexCalling": {
                "phoneNumber": number.number if number else "",
                "extension": workspace.extension,
                "locationId": location,
                "licenses": [workspace.package],
            },
        },
    }


def _actor(request) -> Actor:
    return Actor(user=request.user, source=AuditEvent.Source.API)


def _org(request, org_id, *, write: bool, required: bool = True):
    customer = managed_organization(request, org_id, p.ORG_VIEW_WORKSPACES)
    if customer is None:
        if required:
            raise ApplicationError(
                "The requested workspace could not be found; give the customer's orgId.",
                status=404,
            )
        return None
    if write and not request.user.has_perm(p.ORG_MANAGE_WORKSPACES, customer):
        raise ApplicationError("Your administrator role does not allow this operation.", status=403)
    return customer


def _workspace_or_404(customer, workspace_id: str) -> Workspace:
    pk = ids.decode(ids.WORKSPACE, workspace_id)
    workspace = selectors.workspace_list(customer).filter(pk=pk).first() if pk else None
    if workspace is None:
        raise ApplicationError("The requested workspace could not be found.", status=404)
    return workspace


def _location(customer, location_id: str | None) -> Location | None:
    if not location_id:
        return None
    pk = ids.decode(ids.LOCATION, location_id)
    location = Location.objects.for_org(customer).filter(pk=pk).first() if pk else None
    if location is None:
        raise ApplicationError("locationId does not name a location of this organization.")
    return location


def _calling(body: WorkspaceIn) -> WebexCallingIn:
    calling = body.calling or CallingIn()
    if calling.type not in (None, "webexCalling"):
        raise ApplicationError(
            "calling.type must be webexCalling: workspaces here use Webex Calling."
        )
    return calling.webexCalling or WebexCallingIn()


@router.get(
    "",
    response={200: WorkspaceListOut, **ERRORS},
    auth=READ,
    summary="List Workspaces",
    operation_id="listWorkspaces",
)
def list_workspaces(
    request,
    response: HttpResponse,
    orgId: Text | None = None,
    displayName: Text | None = None,
    locationId: Text | None = None,
    max: int | None = None,
):
    customer = _org(request, orgId, write=False, required=False)
    if customer is None:
        return {"items": []}  # the partner's own organization has no workspaces here
    filterset = WorkspaceFilterSet(
        {"displayName": displayName, "locationId": locationId},
        customer=customer,
        queryset=selectors.workspace_list(customer),
    )
    page = paginate(request, response, filterset.validated_qs(), PAGE)
    return {"items": [workspace_json(w) for w in page]}


@router.post(
    "",
    response={200: WorkspaceOut, **ERRORS},
    auth=WRITE,
    summary="Create a Workspace",
    operation_id="createWorkspace",
)
def create_workspace(request, response: HttpResponse, body: WorkspaceIn, orgId: Text | None = None):
    customer = _org(request, orgId, write=True, required=False)
    if customer is None:
        raise ApplicationError("Give the orgId of the customer to create the workspace in.")
    if not body.displayName:
        raise ApplicationError("Required: displayName.", field="displayName")
    calling = _calling(body)
    location = _location(customer, calling.locationId or body.locationId)
    if location is None:
        raise ApplicationError("Required: locationId.", field="locationId")
    licenses = calling.licenses or ["common_area_calling"]
    workspace = workspace_services.workspace_create(
        customer=customer,
        actor=_actor(request),
        name=body.displayName,
        location=location,
        package=workspace_services.one_package(licenses),
        phone_number=calling.phoneNumber or "",
        extension=calling.extension or "",
    )
    encoded = ids.encode(ids.WORKSPACE, workspace.pk)
    response["Location"] = request.build_absolute_uri(f"/v1/workspaces/{encoded}")
    return workspace_json(_workspace_or_404(customer, encoded))


@router.get(
    "/{workspaceId}",
    response={200: WorkspaceOut, **ERRORS},
    auth=READ,
    summary="Get Workspace Details",
    operation_id="getWorkspace",
)
def get_workspace(request, workspaceId: str, orgId: Text | None = None):
    customer = _org(request, orgId, write=False)
    return workspace_json(_workspace_or_404(customer, workspaceId))


@router.put(
    "/{workspaceId}",
    response={200: WorkspaceOut, **ERRORS},
    auth=WRITE,
    summary="Update a Workspace",
    operation_id="updateWorkspace",
)
def update_workspace(request, workspaceId: str, body: WorkspaceIn, orgId: Text | None = None):
    """Fields left out keep their values; `licenses` with one other package changes it (billing
    switches now)."""
    customer = _org(request, orgId, write=True)
    workspace = _workspace_or_404(customer, workspaceId)
    calling = _calling(body)
    actor = _actor(request)
    package = None
    if calling.licenses is not None:
        package = workspace_services.one_package(calling.licenses)
    with transaction.atomic():  # the details and the package, or nothing
        workspace_services.workspace_update(
            workspace=workspace,
            actor=actor,
            name=body.displayName,
            location=_location(customer, calling.locationId or body.locationId),
            phone_number=calling.phoneNumber,
            extension=calling.extension,
        )
        if package is not None:
            workspace_services.workspace_change_package(
                workspace=workspace, actor=actor, package=package
            )
    return workspace_json(_workspace_or_404(customer, workspaceId))


@router.delete(
    "/{workspaceId}",
    response={204: None, **ERRORS},
    auth=WRITE,
    summary="Delete a Workspace",
    operation_id="deleteWorkspace",
)
def delete_workspace(request, workspaceId: str, orgId: Text | None = None):
    customer = _org(request, orgId, write=True)
    workspace_services.workspace_remove(
        workspace=_workspace_or_404(customer, workspaceId), actor=_actor(request)
    )
    return Status(204, None)
