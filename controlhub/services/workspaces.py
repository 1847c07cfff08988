"""Workspaces (FEATURES CH-12; seed 001 "Common Area"): the one home of their rules.

A workspace holds exactly one package (Common Area Calling, or Webex Calling for a workspace
that needs more), within the customer's package limits that users share, with a number and/or
an extension unique in the organization as for users. Billing starts when the workspace gets its
package and stops when the package changes (a new interval starts) or the workspace is removed:
the same append-only `PackageAssignment` rows users have, with `workspace` set instead of
`subscriber`. The Control Hub pages and `/v1/workspaces` call these.
"""

from django.db import transaction
from django.utils import timezone

from controlhub.models import Location, PackageAssignment, PhoneNumber, Workspace
from controlhub.services import subscribers as subscriber_rules
from portal.audit import Actor, audit_record, snapshot
from portal.catalogues import packages, phone_numbers
from portal.errors import ApplicationError, Problem
from portal.integrity import refusing_duplicates
from portal.models import Customer

WORKSPACE_FIELDS = ["name", "package", "extension", "location_id"]
NUMBER_ASSIGNED = "{number} is already assigned to a user or another workspace."


def _name_used(customer: Customer, name: str) -> Problem:
    return Problem(None, f"A workspace called “{name}” already exists in {customer.name}.", 409)


def _save(workspace: Workspace) -> None:
    """Validate and save; a duplicate name or extension a concurrent request committed first is
    refused like one the checks found (portal.integrity)."""
    with refusing_duplicates(
        {
            "unique_current_workspace_name": _name_used(workspace.customer, workspace.name),
            "unique_workspace_extension_per_customer": subscriber_rules._extension_used(
                workspace.customer, workspace.extension
            ),
        }
    ):
        workspace.full_clean()
        workspace.save()


def _check_name(customer: Customer, name: str, workspace: Workspace | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ApplicationError("Enter the workspace's name.", field="name")
    if len(name) > 80:
        raise ApplicationError("A workspace name is at most 80 characters.", field="name")
    clash = Workspace.objects.for_org(customer).current().filter(name__iexact=name)
    if workspace is not None:
        clash = clash.exclude(pk=workspace.pk)
    if clash.exists():
        raise ApplicationError.from_problems([_name_used(customer, name)])
    return name


def _check_location(customer: Customer, location: Location | None) -> Location:
    if location is None:
        raise ApplicationError("Choose the workspace's location.", field="location")
    if location.customer_id != customer.pk:
        raise ApplicationError("That location belongs to another organization.", status=404)
    return location


def _claim_number(customer: Customer, number: str, location: Location, workspace: Workspace):
    """Give the workspace `number` (adding it to the location's inventory when new); its earlier
    number goes back to the inventory."""
    number = phone_numbers.e164(number, location.country, field="phone_number")
    existing = PhoneNumber.objects.select_for_update().filter(number=number).first()
    if existing is None:
        existing = PhoneNumber(customer=customer, location=location, number=number)
    elif existing.customer_id != customer.pk:
        raise ApplicationError(f"{number} belongs to another organization.", status=409)
    elif existing.subscriber_id or (
        existing.workspace_id and existing.workspace_id != workspace.pk
    ):
        raise ApplicationError(
            NUMBER_ASSIGNED.format(number=number), status=409, field="phone_number"
        )
    PhoneNumber.objects.filter(workspace=workspace).exclude(pk=existing.pk).update(workspace=None)
    existing.workspace = workspace
    with refusing_duplicates(
        {"unique_phone_number": Problem(None, NUMBER_ASSIGNED.format(number=number), 409)}
    ):
        existing.full_clean()
        existing.save()


def _check_calling_number(package, *, has_number: bool) -> None:
    if packages.needs_calling_number(package) and not has_number:
        raise ApplicationError(
            f"A workspace with {packages.Package(package).label} needs a phone number, an "
            "extension, or both.",
            field="phone_number",
        )


def _check_owner(customer: Customer) -> None:
    subscriber_rules.check_customer_accepts_subscribers(customer)


@transaction.atomic
def workspace_create(
    *,
    customer: Customer,
    actor: Actor,
    name: str,
    location: Location | None,
    package: str = packages.Package.COMMON_AREA_CALLING,
    phone_number: str = "",
    extension: str = "",
) -> Workspace:
    """Create a workspace holding one package; its billing starts now."""
    _check_owner(customer)
    name = _check_name(customer, name)
    location = _check_location(customer, location)
    package = subscriber_rules.check_package(customer, package, for_workspace=True)
    extension = (extension or "").strip()
    phone_number = (phone_number or "").strip()
    _check_calling_number(package, has_number=bool(phone_number or extension))
    subscriber_rules._check_extension(customer, extension)
    workspace = Workspace(
        customer=customer, name=name, location=location, package=package, extension=extension
    )
    _save(workspace)
    if phone_number:
        _claim_number(customer, phone_number, location, workspace)
    PackageAssignment.objects.create(
        customer=customer, workspace=workspace, package=package, started_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="workspace.create",
        organization=customer,
        target=workspace,
        after=snapshot(workspace, WORKSPACE_FIELDS),
    )
    return workspace


def _locked(workspace: Workspace) -> Workspace:
    workspace = Workspace.objects.select_for_update().get(pk=workspace.pk)
    if workspace.removed_at is not None:
        raise ApplicationError("This workspace has been removed.", status=404)
    return workspace


@transaction.atomic
def workspace_update(
    *,
    workspace: Workspace,
    actor: Actor,
    name: str | None = None,
    location: Location | None = None,
    phone_number: str | None = None,
    extension: str | None = None,
) -> Workspace:
    """Rename, move, or change the number/extension (None keeps a value; "" clears it)."""
    workspace = _locked(workspace)
    customer = workspace.customer
    subscriber_rules._check_customer_open(customer)
    before = snapshot(workspace, WORKSPACE_FIELDS)
    if name is not None:
        workspace.name = _check_name(customer, name, workspace)
    if location is not None:
        workspace.location = _check_location(customer, location)
    if extension is not None:
        extension = extension.strip()
        subscriber_rules._check_extension(customer, extension, workspace=workspace)
        workspace.extension = extension
    current = PhoneNumber.objects.filter(workspace=workspace).first()
    has_number = bool(current) if phone_number is None else bool(phone_number.strip())
    _check_calling_number(workspace.package, has_number=has_number or bool(workspace.extension))
    _save(workspace)
    if phone_number is not None:
        phone_number = phone_number.strip()
        if phone_number:
            _claim_number(customer, phone_number, workspace.location, workspace)
        else:
            PhoneNumber.objects.filter(workspace=workspace).update(workspace=None)
    audit_record(
        actor=actor,
        action="workspace.update",
        organization=customer,
        target=workspace,
        before=before,
        after=snapshot(workspace, WORKSPACE_FIELDS),
    )
    return workspace


def one_package(names) -> str:
    """The one package of a workspace from a list of them (the form's licenses, the API's
    `calling.webexCalling.licenses`): a second package is refused with a clear error."""
    names = [str(n).strip() for n in (names or []) if str(n).strip()]
    if not names:
        raise ApplicationError("Choose the workspace's package.", field="package")
    if len(set(names)) > 1:
        labels = []
        for name in dict.fromkeys(names):
            try:
                labels.append(packages.Package(name).label)
            except ValueError:
                labels.append(name)
        raise ApplicationError(
            "A workspace holds exactly one package; choose one of "
            f"{', '.join(labels)}, not {len(labels)}.",
            field="package",
        )
    return names[0]


@transaction.atomic
def workspace_change_package(*, workspace: Workspace, actor: Actor, package: str) -> Workspace:
    """Move the workspace to another package; billing switches at this moment."""
    workspace = _locked(workspace)
    customer = workspace.customer
    subscriber_rules._check_customer_open(customer)
    new = subscriber_rules.check_package(customer, package, workspace=workspace, for_workspace=True)
    if new == workspace.package:
        return workspace
    has_number = PhoneNumber.objects.filter(workspace=workspace).exists()
    _check_calling_number(new, has_number=has_number or bool(workspace.extension))
    before = snapshot(workspace, WORKSPACE_FIELDS)
    now = timezone.now()
    workspace.package_assignments.filter(ended_at__isnull=True).update(ended_at=now)
    PackageAssignment.objects.create(
        customer=customer, workspace=workspace, package=new, started_at=now
    )
    workspace.package = new
    _save(workspace)
    audit_record(
        actor=actor,
        action="workspace.change_package",
        organization=customer,
        target=workspace,
        before=before,
        after=snapshot(workspace, WORKSPACE_FIELDS),
    )
    return workspace


@transaction.atomic
def workspace_remove(*, workspace: Workspace, actor: Actor) -> None:
    """Remove the workspace: billing stops now, its number goes back to the inventory, its
    devices are unassigned; the row stays for billing history."""
    workspace = Workspace.objects.select_for_update().get(pk=workspace.pk)
    if workspace.removed_at is not None:
        return
    before = snapshot(workspace, WORKSPACE_FIELDS)
    now = timezone.now()
    workspace.package_assignments.filter(ended_at__isnull=True).update(ended_at=now)
    PhoneNumber.objects.filter(workspace=workspace).update(workspace=None)
    workspace.removed_at = now
    workspace.save(update_fields=["removed_at"])
    audit_record(
        actor=actor,
        action="workspace.remove",
        organization=workspace.customer,
        target=workspace,
        before=before,
    )
