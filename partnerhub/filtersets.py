"""Partner Hub's customers list FilterSet (FEATURES PH-3, STYLE rule 8).

It extends the wholesale customer list's FilterSet (wholesale.filtersets, which
/v1/wholesale/customers uses): one definition of externalId and orgId for both, plus the page's
filters. The page's `status` is the list status (PH-3), not Webex's provisioning status, so it
replaces the API's. The partner API's customers-by-tags (API-5) uses it too.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from partnerhub import analytics
from partnerhub.models import CustomerTag
from partnerhub.selectors import ListStatus
from portal.access import permissions as p
from portal.catalogues import packages
from portal.models import CustomerPackage, CustomerStatus, Partner
from wholesale.filtersets import CustomerFilterSet

MANAGED_BY_ALL = "all"


class SubscriptionType:
    SUBSCRIPTION = "subscription"
    TRIAL = "trial"
    CHOICES = [(SUBSCRIPTION, "Subscription"), (TRIAL, "Trial")]
    #: Shown where someone would look for trials (FEATURES PH-3).
    NO_TRIALS = (
        "Webex for wholesale has no trials: a Webex trial cannot be converted to a wholesale "
        "customer, so there is no Start Trial button. Create the customer with a template instead."
    )


class PartnerHubCustomerFilterSet(CustomerFilterSet):
    """Filters the customers a user may see in one partner's hub.

    The queryset includes the sub-partners' customers (customer_list(include_sub_partners=True));
    unless `managed_by` asks for them, only the partner's own are kept.
    """

    q = django_filters.CharFilter(label="Search customers", max_length=100, method="search")
    managed_by = django_filters.ChoiceFilter(label="Managed by", method="filter_managed_by")
    product = django_filters.ChoiceFilter(
        label="Product",
        choices=packages.CHOICES,
        empty_label="All products",
        method="filter_product",
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=ListStatus.CHOICES,
        empty_label="All statuses",
        method="filter_status",
    )
    subscription_type = django_filters.ChoiceFilter(
        label="Subscription type",
        choices=SubscriptionType.CHOICES,
        empty_label="All types",
        method="filter_subscription_type",
    )
    tag = django_filters.ChoiceFilter(label="Tag", empty_label="All tags", method="filter_tag")
    #: The partner API's (API-5): tag names, comma-separated, compared case-insensitively.
    tags = django_filters.CharFilter(method="filter_tag_names")
    #: The Overview's KPIs link here (PH-9): exactly the customers each one counts.
    kpi = django_filters.ChoiceFilter(
        label="Overview KPI",
        choices=analytics.Kpi.CHOICES,
        empty_label="Any",
        method="filter_kpi",
    )

    PAGE_FILTERS = ("q", "managed_by", "product", "status", "subscription_type", "tag", "kpi")

    def __init__(self, data=None, queryset=None, *, partner: Partner, user, tags=(), **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.partner = partner
        self.tags = list(tags)
        sub_partners = (
            list(partner.sub_partners.visible_to(user, p.PARTNER_VIEW_CUSTOMERS))
            if partner.parent_id is None
            else []
        )
        managed = [(str(s.pk), f"{s.name} (indirect provider)") for s in sub_partners]
        if sub_partners:
            managed.append(
                (MANAGED_BY_ALL, f"{partner.name}: include indirect providers' customers")
            )
        self.filters["managed_by"].extra.update(choices=managed, empty_label=partner.name)
        self.filters["tag"].extra["choices"] = [(str(t.pk), t.name) for t in self.tags]

    @property
    def form(self):
        if not hasattr(self, "_form"):
            for bound in super().form:
                css = (
                    "form-select" if isinstance(bound.field, forms.ChoiceField) else "form-control"
                )
                bound.field.widget.attrs["class"] = f"{css} {css}-sm"
        return self._form

    @property
    def values(self) -> dict:
        values = super().values
        return {name: values.get(name) or "" for name in self.PAGE_FILTERS if name in values}

    @property
    def active(self) -> bool:
        return any(self.values.values())

    @property
    def shows_no_trials(self) -> bool:
        return self.values.get("subscription_type") == SubscriptionType.TRIAL

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("managed_by"):
            queryset = queryset.filter(owner=self.partner)
        elif self.form.cleaned_data["managed_by"] != MANAGED_BY_ALL:
            queryset = queryset.filter(owner_id=self.form.cleaned_data["managed_by"])
        # Low assignment compares each customer with the others in the same scope (PH-9).
        self._scope = queryset
        return super().filter_queryset(queryset)

    def filter_managed_by(self, queryset, name, value):
        return queryset if value == MANAGED_BY_ALL else queryset.filter(owner_id=value)

    def filter_kpi(self, queryset, name, value):
        if value == analytics.Kpi.LOW_ASSIGNMENT:
            low = analytics.kpi_filter(self._scope, value).values("pk")
            return queryset.filter(pk__in=low)
        return analytics.kpi_filter(queryset, value)

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(external_id__icontains=value))

    def filter_product(self, queryset, name, value):
        return queryset.filter(
            Exists(
                CustomerPackage.objects.filter(customer=OuterRef("pk"), package=value).exclude(
                    status="deleting"
                )
            )
        )

    def filter_status(self, queryset, name, value):
        if value in ListStatus.PROVISIONING_LABELS:
            # The list status of a customer not provisioned is its status: filter on the
            # indexed column, not on the computed status (whose subqueries then ran for every
            # customer of the partner to count the pages: about a second at 10,000 customers).
            return queryset.filter(status=value)
        return queryset.filter(status=CustomerStatus.PROVISIONED, list_status=value)

    def filter_subscription_type(self, queryset, name, value):
        return queryset.none() if value == SubscriptionType.TRIAL else queryset

    def filter_tag(self, queryset, name, value):
        return queryset.filter(
            Exists(CustomerTag.objects.filter(customer=OuterRef("pk"), tag_id=value))
        )

    def filter_tag_names(self, queryset, name, value):
        wanted = {n.strip().lower() for n in value.split(",") if n.strip()}
        ids = [t.pk for t in self.tags if t.name.lower() in wanted]
        return queryset.filter(
            Exists(CustomerTag.objects.filter(customer=OuterRef("pk"), tag_id__in=ids))
        )
