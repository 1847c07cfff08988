"""/v1/wholesale/billing/reports (API-4), as Webex's wholesale API contract names things.

The acting partner is the token's. Reads need the billing read scope and a partner admin role
that may view reports; create and delete need the write scope and one that may manage them.
"""

from datetime import date, datetime

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from ninja import Router, Schema, Status

from billing import selectors, services
from billing.filtersets import MAX_PAGE, BillingReportFilterSet
from billing.models import BillingReport, ReportStatus
from portal.access import permissions as p
from portal.api import ids, scopes
from portal.api.auth import require_scope
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.filtersets import page_window
from portal.models import AuditEvent

router = Router(tags=["Wholesale Billing Reports"])

CATEGORY = "RECONCILIATION"
DEFAULT_LINK_MAX_AGE = 3600


def link_max_age() -> int:
    return int(getattr(settings, "BILLING_REPORT_LINK_MAX_AGE", DEFAULT_LINK_MAX_AGE))


class ReportRequest(Schema):
    # Optional here so that a caller without access hears 403 before any 400; the service
    # validates and names the missing field.
    billingStartDate: str | None = None
    billingEndDate: str | None = None
    type: str | None = None
    subPartnerOrgId: str | None = None
    internal: bool | None = None


class ReportId(Schema):
    id: str
    billingStartDate: date
    billingEndDate: date
    type: str
    category: str = CATEGORY


class ReportErrorOut(Schema):
    code: int
    description: str


class ListReport(Schema):
    id: str
    billingStartDate: date
    billingEndDate: date
    type: str
    category: str = CATEGORY
    status: str
    created: datetime
    createdBy: str | None = None


class ReportOut(ListReport):
    tempDownloadURL: str | None = None
    errors: list[ReportErrorOut] = []


class ReportList(Schema):
    items: list[ListReport]


def _partner(request, scope: str, perm: str):
    require_scope(request, scope)
    partner = request.auth.partner
    if not request.user.has_perm(perm, partner):
        raise ApplicationError(
            "You are not allowed to use billing reports of this partner.", status=403
        )
    return partner


def _actor(request) -> Actor:
    return Actor(user=request.user, source=AuditEvent.Source.API)


def download_url(request, report: BillingReport) -> str | None:
    if report.status != ReportStatus.COMPLETED:
        return None
    path = reverse("billing:report_download", kwargs={"partner_id": report.partner_id})
    return request.build_absolute_uri(f"{path}?token={services.report_download_token(report)}")


def _listed(report: BillingReport) -> dict:
    return {
        "id": ids.encode(ids.REPORT, report.pk),
        "billingStartDate": report.billing_start_date,
        "billingEndDate": report.billing_end_date,
        "type": report.type,
        "status": report.status,
        "created": report.created_at,
        "createdBy": ids.encode(ids.PEOPLE, report.created_by_id) if report.created_by_id else None,
    }


def _report_or_404(partner, report_id: str) -> BillingReport:
    report = selectors.report_get(partner, report_id)
    if report is None:
        raise ApplicationError("Billing Report not found.", status=404)
    return report


@router.post(
    "/reports",
    response={200: ReportId},
    summary="Create a Wholesale Billing Report",
    operation_id="create_wholesale_billing_report",
)
def create_report(request, body: ReportRequest, response: HttpResponse):
    partner = _partner(request, scopes.WHOLESALE_BILLING_REPORTS_WRITE, p.PARTNER_MANAGE_REPORTS)
    report = services.billing_report_create(
        partner=partner,
        actor=_actor(request),
        billing_start_date=body.billingStartDate,
        billing_end_date=body.billingEndDate,
        type=body.type,
        sub_partner_id=body.subPartnerOrgId,
    )
    encoded = ids.encode(ids.REPORT, report.pk)
    response["Location"] = request.build_absolute_uri(f"{request.path.rstrip('/')}/{encoded}")
    return {
        "id": encoded,
        "billingStartDate": report.billing_start_date,
        "billingEndDate": report.billing_end_date,
        "type": report.type,
    }


@router.get(
    "/reports",
    response=ReportList,
    summary="List Wholesale Billing Reports",
    operation_id="list_wholesale_billing_reports",
)
def list_reports(
    request,
    response: HttpResponse,
    billingStartDate: str | None = None,
    billingEndDate: str | None = None,
    type: str | None = None,
    sortBy: str | None = None,
    status: str | None = None,
    subPartnerOrgId: str | None = None,
    max: int = MAX_PAGE,
    start: int = 0,
):
    partner = _partner(request, scopes.WHOLESALE_BILLING_REPORTS_READ, p.PARTNER_VIEW_REPORTS)
    start, max = page_window(
        start, max, max_page=MAX_PAGE, default_size=MAX_PAGE, offset_name="start"
    )
    filterset = BillingReportFilterSet(
        {
            "billingStartDate": billingStartDate,
            "billingEndDate": billingEndDate,
            "type": type,
            "sortBy": sortBy,
            "status": status,
            "subPartnerOrgId": subPartnerOrgId,
        },
        queryset=selectors.report_list(partner),
    )
    page = list(filterset.validated_qs()[start : start + max + 1])
    if len(page) > max:
        query = "&".join(f"{k}={v}" for k, v in filterset.as_query().items())
        next_url = request.build_absolute_uri(
            f"{request.path}?{query}&max={max}&start={start + max}"
        )
        response["Link"] = f'<{next_url}>; rel="next"'
    return {"items": [_listed(report) for report in page[:max]]}


@router.get(
    "/reports/{id}",
    response=ReportOut,
    summary="Get a Wholesale Billing Report",
    operation_id="get_wholesale_billing_report",
)
def get_report(request, id: str):
    partner = _partner(request, scopes.WHOLESALE_BILLING_REPORTS_READ, p.PARTNER_VIEW_REPORTS)
    report = _report_or_404(partner, id)
    return {
        **_listed(report),
        "tempDownloadURL": download_url(request, report),
        "errors": report.errors,
    }


@router.delete(
    "/reports/{id}",
    response={204: None},
    summary="Delete a Wholesale Billing Report",
    operation_id="delete_wholesale_billing_report",
)
def delete_report(request, id: str):
    partner = _partner(request, scopes.WHOLESALE_BILLING_REPORTS_WRITE, p.PARTNER_MANAGE_REPORTS)
    services.billing_report_delete(report=_report_or_404(partner, id), actor=_actor(request))
    return Status(204, None)
