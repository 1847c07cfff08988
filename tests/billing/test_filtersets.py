"""billing.filtersets.BillingReportFilterSet: the Reports page's and the reports API's (BL-3,
API-4)."""

from datetime import date

import pytest

from billing import api, selectors
from billing.filtersets import BillingReportFilterSet
from billing.models import BillingReport, ReportStatus, ReportType
from billing.views import ReportListView
from portal.api import ids
from portal.errors import ApplicationError
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports():
    partner = PartnerFactory()
    sub = PartnerFactory(parent=partner)

    def report(start, **kwargs):
        return BillingReport.objects.create(
            partner=partner,
            billing_start_date=start,
            billing_end_date=date(start.year, start.month, 28),
            **kwargs,
        )

    january = report(date(2024, 1, 1), type=ReportType.PARTNER, status=ReportStatus.COMPLETED)
    february = report(date(2024, 2, 1), type=ReportType.CUSTOMER, sub_partner=sub)
    BillingReport.objects.create(  # another partner's: never shown
        partner=PartnerFactory(),
        billing_start_date=date(2024, 1, 1),
        billing_end_date=date(2024, 1, 28),
        type=ReportType.PARTNER,
    )
    return selectors.report_list(partner), january, february, sub


def run(data, scoped, **kwargs):
    return list(BillingReportFilterSet(data, queryset=scoped, **kwargs).validated_qs())


def test_each_filter_narrows(reports):
    scoped, january, february, sub = reports
    assert run({}, scoped) == [january, february]
    assert run({"billingStartDate": "2024-02-01"}, scoped) == [february]
    assert run({"billingEndDate": "2024-01-28"}, scoped) == [january]
    assert run({"type": "PARTNER"}, scoped) == [january]
    assert run({"status": ReportStatus.COMPLETED}, scoped) == [january]
    assert run({"subPartnerOrgId": ids.encode(ids.ORGANIZATION, sub.pk)}, scoped) == [february]
    assert run({"sortBy": "-billingStartDate"}, scoped, allow_descending=True) == [
        february,
        january,
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"billingStartDate": "2024-1-1"},
            "billingStartDate must be a date in the format YYYY-MM-DD.",
        ),
        ({"type": "NOPE"}, "type must be one of: PARTNER, CUSTOMER, USER."),
        ({"sortBy": "-id"}, "sortBy must be one of: id, billingStartDate, billingEndDate, status."),
        ({"subPartnerOrgId": "nope"}, "subPartnerOrgId is not a valid organization ID."),
    ],
)
def test_a_bad_value_is_a_clear_application_error(reports, data, message):
    with pytest.raises(ApplicationError) as raised:
        run(data, reports[0])
    assert (raised.value.status, raised.value.message) == (400, message)


def test_the_reports_page_and_the_api_use_the_same_filterset():
    assert ReportListView.filterset_class is api.BillingReportFilterSet
