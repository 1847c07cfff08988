"""API-5: partner tags and partner administrators (/v1/partner/…, specs/webex-partner.json).

The same services and selectors as the Partner Hub pages; the same customer filterset as the
customer list. The acting partner is the token's partner; customers are looked up inside it,
so an organization of another partner is a 404.
"""

import base64
import binascii

from django.db.models import Q
from django.http import HttpResponse
from ninja import Router, Schema

from controlhub.services.activity import activity_import
from partnerhub.analytics import activity_scope
from partnerhub.filtersets import PartnerHubCustomerFilterSet
from partnerhub.models import CustomerTag, SubscriptionTag, Tag
from partnerhub.selectors import customer_list, customers_visible_in_partner_hub
from partnerhub.services import admins as admin_services
from partnerhub.services.tags import customer_tags_set, subscription_tags_set
from portal.access import permissions as p
from portal.access.roles import Role
from portal.api import ids
from portal.api import scopes as s
from portal.api.auth import require_scope
from portal.api.pagination import PageSize, paginate
from portal.audit import Actor
from portal.errors import ApplicationError, Problem
from portal.models import AuditEvent, Customer, PartnerRoleAssignment, User
from wholesale.models import CustomerSubscription

router = Router(tags=["Partner Tags and Administrators"])
ORG_KINDS = (ids.ORGANIZATION, ids.CUSTOMER)
#: The contract: max "between 1 and 100, inclusive" (larger values are clamped, as Webex does).
TAG_PAGE = PageSize(default=100, cap=100)
PAGE = PageSize(default=100, cap=1000)


# --- schemas (field names as in the spec) ------------------------------------------------------


class TagsObj(Schema):
    name: str
    description: str | None = None


class TagsRequest(Schema):
    tags: list[TagsObj] = []


class CustomerTagsResponse(Schema):
    orgName: str
    orgId: str
    tags: list[str]


class SubscriptionTagsResponse(CustomerTagsResponse):
    subscriptionId: str
    trial: str = "false"


class IdentityManagedOrg(Schema):
    orgId: str
    role: str


class ManagedOrgsResponse(Schema):
    items: list[IdentityManagedOrg]


class PartnerAdminUser(Schema):
    id: str
    displayName: str
    firstName: str
    lastName: str
    emails: list[str]
    roleInCustomerOrg: str


class PartneradminsfororgResponse(Schema):
    items: list[PartnerAdminUser]


# --- helpers -------------------------------------------------------------------------------------


def _check(request, scope: str, perm: str) -> None:
    require_scope(request, scope)
    if not request.user.has_perm(perm, request.auth.partner):
        raise ApplicationError(
            "Access to this resource is not allowed.",
            status=403,
            problems=[Problem(None, f"Needs {perm}.", 403)],
        )


def _actor(request) -> Actor:
    return Actor(user=request.user, source=AuditEvent.Source.API)


def _customer(request, org_id: str) -> Customer:
    pk = ids.decode(ORG_KINDS, org_id)
    customer = (
        customers_visible_in_partner_hub(
            request.auth.partner, request.user, include_sub_partners=True
        )
        .select_related("owner__parent")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if customer is None:
        raise ApplicationError(
            "The requested resource could not be found.",
            status=404,
            problems=[Problem(None, f"No organization {org_id}.", 404)],
        )
    return customer


def person_id(user: User) -> str:
    return ids.encode(ids.PEOPLE, str(user.pk))


def _person(request, value: str) -> User:
    """A person ID (encoded, or the admin's email for convenience) of an admin of this partner."""
    value = (value or "").strip()
    lookup = None
    if "@" in value:
        lookup = Q(email__iexact=value)
    else:
        try:
            text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
            prefix, _, raw = text.rpartition("/")
            if prefix == f"ciscospark://us/{ids.PEOPLE}" and raw.isdigit():
                lookup = Q(pk=int(raw))
        except (binascii.Error, UnicodeDecodeError, ValueError):
            lookup = None
    admins = PartnerRoleAssignment.objects.for_org(request.auth.partner).values("user")
    user = User.objects.filter(lookup, pk__in=admins).first() if lookup is not None else None
    if user is None:
        raise ApplicationError(
            "The requested resource could not be found.",
            status=404,
            problems=[Problem(None, f"No partner admin {value}.", 404)],
        )
    return user


def _tag_names(links) -> list[str]:
    return sorted((link.tag.name for link in links), key=str.lower)


def _org_tags(customer: Customer, links=None) -> dict:
    links = links if links is not None else customer.tag_links.all()
    return {
        "orgName": customer.name,
        "orgId": ids.encode(ids.ORGANIZATION, customer.pk),
        "tags": _tag_names(links),
    }


def _tag_list(value: str | None) -> list[str]:
    names = [n.strip() for n in (value or "").split(",") if n.strip()]
    if not names:
        raise ApplicationError(
            "The request is not valid.",
            status=400,
            problems=[Problem(None, "tags: give at least one tag name.", 400)],
        )
    return names


def _subscription_ids(customer: Customer) -> set[str]:
    found = set(
        CustomerSubscription.objects.for_org(customer).values_list("subscription_id", flat=True)
    )
    if customer.template_id:
        found.add(customer.template.subscription_id)
    return {f for f in found if f}


# --- Partner Tags ------------------------------------------------------------------------------


@router.get("/tags", response=list[TagsObj], summary="Retrieve all customer tags")
def list_tags(request, type: str = "ORGANIZATION"):
    _check(request, s.ORGANIZATIONS_READ, p.PARTNER_VIEW)
    partner = request.auth.partner
    kind = type.upper()
    if kind not in {"ORGANIZATION", "SUBSCRIPTION"}:
        raise ApplicationError(
            "The request is not valid.",
            status=400,
            problems=[Problem(None, "type is ORGANIZATION or SUBSCRIPTION.", 400)],
        )
    tags = Tag.objects.for_org(partner)
    # Webex: a tag no customer uses any more is not returned.
    if kind == "ORGANIZATION":
        tags = tags.filter(customer_links__isnull=False)
    else:
        tags = tags.filter(subscription_links__isnull=False)
    return [
        {"name": t.name, "description": t.description} for t in tags.distinct().order_by("name")
    ]


@router.post(
    "/tags/organizations/{orgId}/assignTags",
    response=list[TagsObj],
    summary="Create or Replace existing customer tags with the provided ones",
)
def assign_customer_tags(request, orgId: str, body: TagsRequest):
    _check(request, s.ORGANIZATIONS_WRITE, p.PARTNER_MANAGE_TAGS)
    customer = _customer(request, orgId)
    tags = customer_tags_set(
        customer=customer, names=[t.name for t in body.tags], actor=_actor(request)
    )
    return [{"name": t.name, "description": t.description} for t in tags]


@router.get(
    "/tags/organizations/{orgId}",
    response=CustomerTagsResponse,
    summary="Get customer organization's tags",
)
def customer_tags(request, orgId: str):
    _check(request, s.ORGANIZATIONS_READ, p.PARTNER_VIEW)
    customer = _customer(request, orgId)
    return _org_tags(customer, CustomerTag.objects.for_org(customer).select_related("tag"))


@router.get(
    "/tags/organizations",
    response=list[CustomerTagsResponse],
    summary="Fetch all customers for a given set of tags",
)
def customers_by_tags(
    request, response: HttpResponse, tags: str | None = None, max: int | None = None
):
    _check(request, s.ORGANIZATIONS_READ, p.PARTNER_VIEW)
    names = _tag_list(tags)
    partner = request.auth.partner
    filters = PartnerHubCustomerFilterSet(
        {"tags": ",".join(names)},
        queryset=customer_list(partner, request.user),
        partner=partner,
        user=request.user,
        tags=Tag.objects.for_org(partner),
    )
    customers = filters.validated_qs()
    return [_org_tags(c) for c in paginate(request, response, customers, TAG_PAGE)]


@router.post(
    "/tags/organizations/{orgId}/subscriptions/{subscriptionId}/assignTags",
    response=list[TagsObj],
    summary="Create or Replace existing subscription tags with the provided ones",
)
def assign_subscription_tags(request, orgId: str, subscriptionId: str, body: TagsRequest):
    _check(request, s.ORGANIZATIONS_WRITE, p.PARTNER_MANAGE_TAGS)
    customer = _customer(request, orgId)
    if subscriptionId not in _subscription_ids(customer):
        raise ApplicationError(
            "The requested resource could not be found.",
            status=404,
            problems=[Problem(None, "No such subscription.", 404)],
        )
    tags = subscription_tags_set(
        customer=customer,
        subscription_id=subscriptionId,
        names=[t.name for t in body.tags],
        actor=_actor(request),
    )
    return [{"name": t.name, "description": t.description} for t in tags]


def _subscription_rows(links) -> list[dict]:
    grouped: dict = {}
    for link in links:
        key = (link.customer_id, link.subscription_id)
        row = grouped.setdefault(
            key,
            {
                "orgName": link.customer.name,
                "orgId": ids.encode(ids.ORGANIZATION, link.customer_id),
                "subscriptionId": link.subscription_id,
                "trial": "false",
                "tags": [],
            },
        )
        row["tags"].append(link.tag.name)
    return list(grouped.values())


@router.get(
    "/tags/subscriptions",
    response=list[SubscriptionTagsResponse],
    summary="Subscription List on a given tag name or a set of tags",
)
def subscriptions_by_tags(
    request, response: HttpResponse, tags: str | None = None, max: int | None = None
):
    _check(request, s.ORGANIZATIONS_READ, p.PARTNER_VIEW)
    names = _tag_list(tags)
    partner = request.auth.partner
    customers = customers_visible_in_partner_hub(partner, request.user, include_sub_partners=True)
    wanted = Q()
    for name in names:
        wanted |= Q(tag__name__iexact=name)
    matching = SubscriptionTag.objects.filter(customer__in=customers).filter(wanted)
    keys = paginate(
        request,
        response,
        matching.values("customer__name", "customer_id", "subscription_id")
        .distinct()
        .order_by("customer__name", "customer_id", "subscription_id"),
        TAG_PAGE,
        unique=True,
    )
    pairs = Q(pk__in=[])
    for key in keys:
        pairs |= Q(customer_id=key["customer_id"], subscription_id=key["subscription_id"])
    links = SubscriptionTag.objects.filter(pairs).select_related("customer", "tag")
    return _subscription_rows(
        links.order_by("customer__name", "customer_id", "subscription_id", "tag__name")
    )


@router.get(
    "/tags/organizations/{orgId}/subscriptions/{subscriptionId}",
    response=SubscriptionTagsResponse,
    summary="Fetch a Subscription",
)
def subscription_tags(request, orgId: str, subscriptionId: str):
    _check(request, s.ORGANIZATIONS_READ, p.PARTNER_VIEW)
    customer = _customer(request, orgId)
    if subscriptionId not in _subscription_ids(customer):
        raise ApplicationError(
            "The requested resource could not be found.",
            status=404,
            problems=[Problem(None, "No such subscription.", 404)],
        )
    links = SubscriptionTag.objects.for_org(customer).filter(subscription_id=subscriptionId)
    return {
        "orgName": customer.name,
        "orgId": ids.encode(ids.ORGANIZATION, customer.pk),
        "subscriptionId": subscriptionId,
        "trial": "false",
        "tags": sorted(links.values_list("tag__name", flat=True), key=str.lower),
    }


# --- Partner Administrators ----------------------------------------------------------------------

ROLE_IDS = {
    Role.PARTNER_FULL_ADMIN: "id_full_admin",
    Role.PARTNER_ADMIN: "id_full_admin",
    Role.PARTNER_READONLY_ADMIN: "id_readonly_admin",
}


@router.get(
    "/organizations",
    response=ManagedOrgsResponse,
    summary="Get all customers managed by a partner admin",
)
def managed_organizations(request, response: HttpResponse, managedBy: str | None = None):
    _check(request, s.ORGANIZATIONS_READ, p.PARTNER_VIEW_ALL_CUSTOMERS)
    if not managedBy:
        raise ApplicationError(
            "The request is not valid.",
            status=400,
            problems=[Problem(None, "managedBy: give a person ID.", 400)],
        )
    user = _person(request, managedBy)
    partner = request.auth.partner
    roles = set(
        PartnerRoleAssignment.objects.for_org(partner)
        .filter(user=user)
        .values_list("role", flat=True)
    )
    if roles & {Role.PARTNER_FULL_ADMIN, Role.PARTNER_READONLY_ADMIN}:
        raise ApplicationError(
            "The user already has access to all customers managed by their partner organization.",
            status=400,
        )
    customers = (
        Customer.objects.filter(owner=partner, assigned_permissions__user=user)
        .distinct()
        .order_by("name", "pk")
    )
    role = base64.b64encode(b"atlas-portal.partner.salesadmin").decode()
    page = paginate(request, response, customers, PAGE)
    return {"items": [{"orgId": ids.encode(ids.ORGANIZATION, c.pk), "role": role} for c in page]}


@router.get(
    "/organizations/{orgId}/partnerAdmins",
    response=PartneradminsfororgResponse,
    summary="Get all partner admins assigned to a customer",
)
def customer_partner_admins(request, response: HttpResponse, orgId: str):
    _check(request, s.ORGANIZATIONS_READ, p.PARTNER_MANAGE_ADMINS)
    customer = _customer(request, orgId)
    from partnerhub.selectors import assigned_partner_admins

    items = []
    for user in paginate(request, response, assigned_partner_admins(customer), PAGE):
        items.append(
            {
                "id": person_id(user),
                "displayName": user.get_full_name(),
                "firstName": user.first_name,
                "lastName": user.last_name,
                "emails": [user.email],
                "roleInCustomerOrg": ROLE_IDS[Role.PARTNER_ADMIN],
            }
        )
    return {"items": items}


@router.post(
    "/organizations/{orgId}/partnerAdmin/{personId}/assign",
    summary="Assign partner admin to a customer",
)
def assign_partner_admin(request, orgId: str, personId: str):
    _check(request, s.ORGANIZATIONS_WRITE, p.PARTNER_MANAGE_ADMINS)
    customer = _customer(request, orgId)
    user = _person(request, personId)
    admin_services.customer_partner_admin_assign(
        customer=customer, user=user, actor=_actor(request)
    )
    return HttpResponse(status=200)


@router.delete(
    "/organizations/{orgId}/partnerAdmin/{personId}/unassign",
    summary="Unassign partner admin from a customer",
)
def unassign_partner_admin(request, orgId: str, personId: str):
    _check(request, s.ORGANIZATIONS_WRITE, p.PARTNER_MANAGE_ADMINS)
    customer = _customer(request, orgId)
    user = _person(request, personId)
    admin_services.customer_partner_admin_unassign(
        customer=customer, user=user, actor=_actor(request)
    )
    return HttpResponse(status=200)


@router.delete(
    "/organizations/partnerAdmin/{personId}",
    summary="Revoke all partner admin roles for a given person ID",
)
def revoke_partner_admin(request, personId: str):
    _check(request, s.PEOPLE_WRITE, p.PARTNER_MANAGE_ADMINS)
    user = _person(request, personId)
    admin_services.partner_admin_remove(
        partner=request.auth.partner, user=user, actor=_actor(request)
    )
    return HttpResponse(status=204)


# --- Usage activity import (PH-9) --------------------------------------------------------------


class ActivityImportRequest(Schema):
    #: The CSV file's text (format: controlhub.services.activity, docs/features.md PH-9).
    csv: str = ""


class ActivityRowError(Schema):
    line: int
    message: str


class ActivityImportResponse(Schema):
    imported: int
    refused: int
    errors: list[ActivityRowError]


@router.post(
    "/activity/import",
    response=ActivityImportResponse,
    summary="Import daily per-user activity (calls, meetings, minutes) from CSV",
)
def import_activity(request, body: ActivityImportRequest):
    _check(request, s.ORGANIZATIONS_WRITE, p.PARTNER_MANAGE_REPORTS)
    partner = request.auth.partner
    result = activity_import(
        content=body.csv,
        subscribers=activity_scope(partner, request.user),
        actor=_actor(request),
        organization=partner,
    )
    return {
        "imported": result.imported,
        "refused": len(result.errors),
        "errors": [{"line": line, "message": message} for line, message in result.errors],
    }
