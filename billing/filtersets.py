"""The billing reports list's FilterSet, used by the Reports page and the API (FEATURES BL-3,
STYLE rule 8).

Parameter names are the API's (camelCase); the page uses the same names in its query string.
"""

from datetime import date

from django.core.exceptions import ValidationError

from billing.models import ReportStatus, ReportType
from portal.api import ids
from portal.errors import ApplicationError
from portal.filtersets import (
    DateField,
    DateFilter,
    PortalFilterSet,
    StrippedChoiceField,
    StrippedChoiceFilter,
    WebexIdFilter,
)

#: sortBy values of the API contract and the columns they sort on.
SORTS = {
    "id": "id",
    "billingStartDate": "billing_start_date",
    "billingEndDate": "billing_end_date",
    "status": "status",
}
DEFAULT_SORT = "billingStartDate"
MAX_PAGE = 100


def parse_date(value: str, name: str) -> date:
    """A strict YYYY-MM-DD date, or ApplicationError naming the parameter."""
    message = f"{name} must be a date in the format YYYY-MM-DD."
    try:
        return DateField(strict=True, message=message).clean(value or "")
    except ValidationError:
        raise ApplicationError(message) from None


class SortField(StrippedChoiceField):
    """A SORTS key; with a leading "-" (newest first) where the list allows it (the page)."""

    allow_descending = False

    def valid_value(self, value):
        return value.removeprefix("-" if self.allow_descending else "") in SORTS


class SortFilter(StrippedChoiceFilter):
    field_class = SortField


def _date_filter(name: str, column: str) -> DateFilter:
    return DateFilter(
        field_name=column, strict=True, message=f"{name} must be a date in the format YYYY-MM-DD."
    )


class BillingReportFilterSet(PortalFilterSet):
    # Declared in the order the API reports a bad value.
    sortBy = SortFilter(
        choices=[(key, key) for key in SORTS],
        method="sort",
        error_messages={"invalid_choice": f"sortBy must be one of: {', '.join(SORTS)}."},
    )
    type = StrippedChoiceFilter(
        choices=ReportType.choices,
        error_messages={"invalid_choice": f"type must be one of: {', '.join(ReportType.values)}."},
    )
    status = StrippedChoiceFilter(
        choices=ReportStatus.choices,
        error_messages={
            "invalid_choice": f"status must be one of: {', '.join(ReportStatus.values)}."
        },
    )
    subPartnerOrgId = WebexIdFilter(
        field_name="sub_partner_id",
        kinds=ids.ORGANIZATION,
        message="subPartnerOrgId is not a valid organization ID.",
        strip=True,
    )
    billingStartDate = _date_filter("billingStartDate", "billing_start_date")
    billingEndDate = _date_filter("billingEndDate", "billing_end_date")

    def __init__(self, data=None, queryset=None, *, allow_descending: bool = False, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.allow_descending = allow_descending

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            form.fields["sortBy"].allow_descending = self.allow_descending
        return self._form

    def sort(self, queryset, name, value):
        return queryset  # the order is applied last, also when sortBy is absent

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort_by = self.sort_by
        column = SORTS[sort_by.removeprefix("-")]
        descending = sort_by.startswith("-")
        return queryset.order_by(f"-{column}" if descending else column, "-created_at", "id")

    @property
    def sort_by(self) -> str:
        return self.values.get("sortBy") or DEFAULT_SORT
