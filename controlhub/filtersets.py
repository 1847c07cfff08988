"""Control Hub lists' FilterSets (STYLE rule 8).

SubscriberFilterSet is the one filter of the subscriber list: Control Hub's Users page (CH-2)
and /v1/wholesale/subscribers (API-2) both use it (the API from wholesale, which may import
controlhub). The page's parameters keep their names (q, package, location, status, role); the
API's are Webex's camelCase; `status` means the same in both.
"""

from functools import reduce
from operator import or_

import django_filters
from django.db.models import Exists, OuterRef, Q

from controlhub.models import DeviceManagement, DeviceStatus, Location, SubscriberStatus
from portal.access.roles import CUSTOMER_ROLES
from portal.api import ids
from portal.catalogues import devices as device_catalogue
from portal.catalogues import packages
from portal.filtersets import ChoiceListFilter, MomentFilter, PortalFilterSet, WebexIdFilter
from portal.models import Customer, CustomerRoleAssignment

NO_ROLE = "none"


class SubscriberFilterSet(PortalFilterSet):
    """Subscribers of the scoped queryset. Without a status only current ones (not removed);
    `status` is one status or several, comma-separated, "removed" meaning removed ones."""

    # The API's, in the order it reports a bad value.
    customerId = WebexIdFilter(
        field_name="customer_id",
        kinds=(ids.CUSTOMER, ids.ORGANIZATION),
        message="customerId is not a customer id.",
    )
    personId = WebexIdFilter(
        field_name="pk",
        kinds=(ids.PEOPLE, ids.SUBSCRIBER),
        message="personId is not a person id.",
    )
    externalCustomerId = django_filters.CharFilter(field_name="customer__external_id", strip=False)
    email = django_filters.CharFilter(method="filter_email", strip=False)
    status = ChoiceListFilter(
        label="Status",
        choices=[("", "All current users"), *SubscriberStatus.choices],
        method="filter_status",
        error_messages={"invalid_choice": "Unknown status: %(value)s."},
    )
    after = MomentFilter(
        field_name="created_at",
        lookup_expr="gt",
        message="after is not epoch milliseconds or an ISO 8601 date or date-time.",
    )
    lastStatusChange = MomentFilter(
        field_name="last_status_change",
        lookup_expr="gte",
        message="lastStatusChange is not epoch milliseconds or an ISO 8601 date or date-time.",
    )
    # The Users page's.
    q = django_filters.CharFilter(label="Search", max_length=100, method="search")
    package = django_filters.ChoiceFilter(
        label="Package", choices=packages.SUBSCRIBER_CHOICES, empty_label="All packages"
    )
    location = django_filters.ModelChoiceFilter(
        label="Location", queryset=Location.objects.none(), empty_label="All locations"
    )
    role = django_filters.ChoiceFilter(
        label="Role",
        choices=[
            *[(role.value, role.label) for role in CUSTOMER_ROLES],
            (NO_ROLE, "No administrator role"),
        ],
        empty_label="Any role",
        method="filter_role",
    )

    #: The filters the Users page shows, in its order.
    PAGE_FILTERS = ("q", "package", "location", "status", "role")

    def __init__(self, data=None, queryset=None, *, customer: Customer | None = None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.customer = customer
        # Client-sent location ids are only accepted inside the organization.
        self.filters["location"].queryset = (
            Location.objects.for_org(customer) if customer else Location.objects.none()
        )

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(removed_at__isnull=True)
        return super().filter_queryset(queryset)

    def filter_status(self, queryset, name, value):
        current = set(value) - {SubscriberStatus.REMOVED}
        conditions = [Q(removed_at__isnull=True, status__in=current)] if current else []
        if SubscriberStatus.REMOVED in value:
            conditions.append(Q(removed_at__isnull=False))
        return queryset.filter(reduce(or_, conditions))

    def filter_email(self, queryset, name, value):
        return queryset.with_email(value.strip())

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(display_name__icontains=value)
            | Q(email__icontains=value)
            | Q(extension__startswith=value)
            | Q(phone_number__number__contains=value)
        )

    def filter_role(self, queryset, name, value):
        holders = CustomerRoleAssignment.objects.filter(
            customer=self.customer, user__email=OuterRef("email")
        )
        if value == NO_ROLE:
            return queryset.filter(~Exists(holders))
        return queryset.filter(Exists(holders.filter(role=value)))

    @property
    def page_fields(self):
        return [self.form[name] for name in self.PAGE_FILTERS]


class NumberFilterSet(PortalFilterSet):
    """Control Hub's Numbers list (CH-4)."""

    q = django_filters.CharFilter(label="Search", max_length=20, method="search")
    location = django_filters.ModelChoiceFilter(
        label="Location", queryset=Location.objects.none(), empty_label="All locations"
    )
    state = django_filters.ChoiceFilter(
        label="State",
        choices=[("free", "Free"), ("assigned", "Assigned")],
        empty_label="Free and assigned",
        method="filter_state",
    )

    def __init__(self, data=None, queryset=None, *, customer: Customer, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["location"].queryset = Location.objects.for_org(customer)

    def search(self, queryset, name, value):
        return queryset.filter(number__contains=value.replace(" ", ""))

    def filter_state(self, queryset, name, value):
        free = Q(subscriber__isnull=True, workspace__isnull=True)
        return queryset.filter(free) if value == "free" else queryset.exclude(free)


class LocationFilterSet(PortalFilterSet):
    """/v1/locations (API-7): `name` (contained, case-insensitively) and `id`."""

    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains")
    id = WebexIdFilter(field_name="pk", kinds=ids.LOCATION, message="id is not a location id.")


class WorkspaceFilterSet(PortalFilterSet):
    """Control Hub's Workspaces list and `/v1/workspaces` (CH-12)."""

    q = django_filters.CharFilter(label="Search", max_length=100, method="search")
    displayName = django_filters.CharFilter(field_name="name", lookup_expr="icontains")
    package = django_filters.ChoiceFilter(
        label="Package", choices=packages.WORKSPACE_CHOICES, empty_label="All packages"
    )
    location = django_filters.ModelChoiceFilter(
        label="Location", queryset=Location.objects.none(), empty_label="All locations"
    )
    locationId = WebexIdFilter(
        field_name="location_id", kinds=(ids.LOCATION,), message="locationId is not a location id."
    )

    PAGE_FILTERS = ("q", "package", "location")

    def __init__(self, data=None, queryset=None, *, customer: Customer, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["location"].queryset = Location.objects.for_org(customer)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(extension__startswith=value)
            | Q(phone_number__number__contains=value)
        )

    @property
    def page_fields(self):
        return [self.form[name] for name in self.PAGE_FILTERS]


class DeviceFilterSet(PortalFilterSet):
    """Control Hub's Devices list and `/v1/devices` (CH-10)."""

    q = django_filters.CharFilter(label="Search", max_length=100, method="search")
    management = django_filters.ChoiceFilter(
        label="Managed by", choices=DeviceManagement.choices, empty_label="Any management"
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=DeviceStatus.choices, empty_label="Any status"
    )
    model = django_filters.ChoiceFilter(
        label="Model", choices=device_catalogue.CHOICES, empty_label="All models"
    )
    # The API's (Webex's names).
    personId = WebexIdFilter(
        field_name="subscriber_id",
        kinds=(ids.PEOPLE, ids.SUBSCRIBER),
        message="personId is not a person id.",
    )
    workspaceId = WebexIdFilter(
        field_name="workspace_id",
        kinds=(ids.WORKSPACE,),
        message="workspaceId is not a workspace id.",
    )
    mac = django_filters.CharFilter(method="filter_mac", max_length=32)
    displayName = django_filters.CharFilter(field_name="display_name", lookup_expr="icontains")

    PAGE_FILTERS = ("q", "management", "status", "model")

    def search(self, queryset, name, value):
        mac = value.replace(":", "").replace("-", "").upper()
        return queryset.filter(
            Q(display_name__icontains=value)
            | Q(mac__contains=mac)
            | Q(sip_username__icontains=value)
            | Q(subscriber__email__icontains=value)
            | Q(subscriber__last_name__icontains=value)
            | Q(workspace__name__icontains=value)
        )

    def filter_mac(self, queryset, name, value):
        return queryset.filter(mac=value.replace(":", "").replace("-", "").replace(".", "").upper())

    @property
    def page_fields(self):
        return [self.form[name] for name in self.PAGE_FILTERS]
