"""The one filter for billing report lists, used by the Reports page and the API (STYLE rule 8).

Parameter names are the API's (camelCase); the page uses the same names in its query string.
"""

from dataclasses import dataclass
from datetime import date

from billing.models import ReportStatus, ReportType
from portal.api import ids
from portal.errors import ApplicationError

#: sortBy values of the API contract and the columns they sort on.
SORTS = {
    "id": "id",
    "billingStartDate": "billing_start_date",
    "billingEndDate": "billing_end_date",
    "status": "status",
}
DEFAULT_SORT = "billingStartDate"
MAX_PAGE = 100


def _invalid(message: str) -> ApplicationError:
    return ApplicationError(message)


def parse_date(value: str, name: str) -> date:
    """A strict YYYY-MM-DD date, or ApplicationError naming the parameter."""
    text = (value or "").strip()
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise _invalid(f"{name} must be a date in the format YYYY-MM-DD.") from None


@dataclass(frozen=True)
class ReportFilter:
    billing_start_date: date | None = None
    billing_end_date: date | None = None
    type: str | None = None
    status: str | None = None
    sub_partner_id: object = None  # a UUID when filtering on one sub-partner
    sort_by: str = DEFAULT_SORT
    descending: bool = False

    @classmethod
    def parse(cls, params, *, allow_descending: bool = False) -> "ReportFilter":
        """From query parameters (a dict or QueryDict); unknown values are ApplicationErrors."""

        def get(name):
            value = params.get(name)
            return value.strip() if isinstance(value, str) and value.strip() else None

        start, end = get("billingStartDate"), get("billingEndDate")
        report_type, status, sub_partner = get("type"), get("status"), get("subPartnerOrgId")
        sort_by = get("sortBy") or DEFAULT_SORT
        descending = allow_descending and sort_by.startswith("-")
        if sort_by.removeprefix("-" if allow_descending else "") not in SORTS:
            raise _invalid(f"sortBy must be one of: {', '.join(SORTS)}.")
        if report_type and report_type not in ReportType.values:
            raise _invalid(f"type must be one of: {', '.join(ReportType.values)}.")
        if status and status not in ReportStatus.values:
            raise _invalid(f"status must be one of: {', '.join(ReportStatus.values)}.")
        sub_partner_id = None
        if sub_partner:
            sub_partner_id = ids.decode(ids.ORGANIZATION, sub_partner)
            if sub_partner_id is None:
                raise _invalid("subPartnerOrgId is not a valid organization ID.")
        return cls(
            billing_start_date=parse_date(start, "billingStartDate") if start else None,
            billing_end_date=parse_date(end, "billingEndDate") if end else None,
            type=report_type,
            status=status,
            sub_partner_id=sub_partner_id,
            sort_by=sort_by.removeprefix("-"),
            descending=descending,
        )

    def apply(self, queryset):
        if self.billing_start_date:
            queryset = queryset.filter(billing_start_date=self.billing_start_date)
        if self.billing_end_date:
            queryset = queryset.filter(billing_end_date=self.billing_end_date)
        if self.type:
            queryset = queryset.filter(type=self.type)
        if self.status:
            queryset = queryset.filter(status=self.status)
        if self.sub_partner_id:
            queryset = queryset.filter(sub_partner_id=self.sub_partner_id)
        column = SORTS[self.sort_by]
        return queryset.order_by(f"-{column}" if self.descending else column, "-created_at", "id")

    def as_query(self) -> dict[str, str]:
        """The filter as query parameters (for pagination links)."""
        query = {}
        if self.billing_start_date:
            query["billingStartDate"] = self.billing_start_date.isoformat()
        if self.billing_end_date:
            query["billingEndDate"] = self.billing_end_date.isoformat()
        for name, value in (("type", self.type), ("status", self.status)):
            if value:
                query[name] = value
        if self.sub_partner_id:
            query["subPartnerOrgId"] = ids.encode(ids.ORGANIZATION, self.sub_partner_id)
        query["sortBy"] = f"-{self.sort_by}" if self.descending else self.sort_by
        return query
