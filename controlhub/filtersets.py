"""One filter set per Control Hub list (STYLE rule 8): a form that parses the query string and
narrows a scoped queryset in SQL. The HTML list and any API list use the same class."""

from django import forms
from django.db.models import Exists, OuterRef, Q

from controlhub.models import Location, SubscriberStatus
from portal.access.roles import CUSTOMER_ROLES
from portal.catalogues import packages
from portal.models import Customer, CustomerRoleAssignment

NO_ROLE = "none"


class FilterSet:
    form_class: type[forms.Form]

    def __init__(self, data, *, customer: Customer, queryset):
        self.customer = customer
        self.form = self.form_class(data or None, customer=customer)
        self.queryset = queryset

    @property
    def params(self) -> dict:
        """The filters in effect (invalid values are ignored, not fatal)."""
        if not self.form.is_bound:
            return {}
        self.form.is_valid()
        return {k: v for k, v in self.form.cleaned_data.items() if v not in ("", None)}

    @property
    def qs(self):
        return self.filter(self.queryset, self.params)

    def filter(self, queryset, params):  # pragma: no cover - abstract
        raise NotImplementedError


class SubscriberFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", max_length=100)
    package = forms.ChoiceField(
        required=False, choices=[("", "All packages"), *packages.SUBSCRIBER_CHOICES]
    )
    location = forms.ModelChoiceField(
        required=False, queryset=Location.objects.none(), empty_label="All locations"
    )
    status = forms.ChoiceField(
        required=False,
        choices=[("", "All current users"), *SubscriberStatus.choices],
    )
    role = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Any role"),
            *[(role.value, role.label) for role in CUSTOMER_ROLES],
            (NO_ROLE, "No administrator role"),
        ],
    )

    def __init__(self, *args, customer: Customer, **kwargs):
        super().__init__(*args, **kwargs)
        # Client-sent location ids are only accepted inside the organization.
        self.fields["location"].queryset = Location.objects.for_org(customer)


class SubscriberFilterSet(FilterSet):
    form_class = SubscriberFilterForm

    def filter(self, queryset, params):
        status = params.get("status")
        if status == SubscriberStatus.REMOVED:
            queryset = queryset.filter(removed_at__isnull=False)
        else:
            queryset = queryset.filter(removed_at__isnull=True)
            if status:
                queryset = queryset.filter(status=status)
        if q := params.get("q"):
            queryset = queryset.filter(
                Q(first_name__icontains=q)
                | Q(last_name__icontains=q)
                | Q(display_name__icontains=q)
                | Q(email__icontains=q)
                | Q(extension__startswith=q)
                | Q(phone_number__number__contains=q)
            )
        if package := params.get("package"):
            queryset = queryset.filter(package=package)
        if location := params.get("location"):
            queryset = queryset.filter(location=location)
        if role := params.get("role"):
            holders = CustomerRoleAssignment.objects.filter(
                customer=self.customer, user__email=OuterRef("email")
            )
            if role == NO_ROLE:
                queryset = queryset.filter(~Exists(holders))
            else:
                queryset = queryset.filter(Exists(holders.filter(role=role)))
        return queryset


class NumberFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", max_length=20)
    location = forms.ModelChoiceField(
        required=False, queryset=Location.objects.none(), empty_label="All locations"
    )
    state = forms.ChoiceField(
        required=False,
        choices=[("", "Free and assigned"), ("free", "Free"), ("assigned", "Assigned")],
    )

    def __init__(self, *args, customer: Customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.for_org(customer)


class NumberFilterSet(FilterSet):
    form_class = NumberFilterForm

    def filter(self, queryset, params):
        if q := params.get("q"):
            queryset = queryset.filter(number__contains=q.replace(" ", ""))
        if location := params.get("location"):
            queryset = queryset.filter(location=location)
        if params.get("state") == "free":
            queryset = queryset.filter(subscriber__isnull=True)
        elif params.get("state") == "assigned":
            queryset = queryset.filter(subscriber__isnull=False)
        return queryset
