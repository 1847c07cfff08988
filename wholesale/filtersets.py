"""FilterSets of the lists wholesale and Partner Hub share (STYLE rule 8). Partner Hub imports
wholesale, not the other way round, so the shared ones live here.

CustomerFilterSet: /v1/wholesale/customers (API-1); Partner Hub's customers list (PH-3) extends it
with the page's filters (partnerhub.filtersets). SubPartnerFilterSet: Partner Hub's Indirect
providers tab (PH-8) and /v1/wholesale/subPartners (API-3).
"""

import django_filters

from portal.api import ids
from portal.filtersets import ChoiceListFilter, PortalFilterSet, StrippedChoiceFilter, WebexIdFilter
from portal.models import CustomerStatus, PartnerState

API_STATUSES = [s.value for s in CustomerStatus if s != CustomerStatus.REMOVED]


class CustomerFilterSet(PortalFilterSet):
    externalId = django_filters.CharFilter(field_name="external_id", strip=False)
    orgId = WebexIdFilter(
        field_name="pk",
        kinds=(ids.ORGANIZATION, ids.CUSTOMER),
        message="orgId is not an organization id.",
    )
    status = ChoiceListFilter(
        choices=[(s, s) for s in API_STATUSES],
        error_messages={"invalid_choice": "Unknown status: %(value)s."},
    )


class SubPartnerFilterSet(PortalFilterSet):
    # The Indirect providers tab's: a name search and the state (a stale value is ignored).
    q = django_filters.CharFilter(method="search", strip=False)
    state = django_filters.ChoiceFilter(choices=PartnerState.choices)
    # The API's.
    provisioningState = StrippedChoiceFilter(
        field_name="state",
        choices=PartnerState.choices,
        error_messages={
            "invalid_choice": f"provisioningState is one of {', '.join(PartnerState.values)}."
        },
    )

    def search(self, queryset, name, value):
        term = value[:100].strip()
        return queryset.filter(name__icontains=term) if term else queryset
