"""Partner Hub → Reports and Invoices pages."""

import calendar
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from billing.demo import demo_report_id, previous_month
from billing.models import BillingReport, ReportStatus
from billing.usage import today_utc
from portal.models import Partner, User
from tests import demo

pytestmark = pytest.mark.django_db
REPORTS = reverse("billing:reports", kwargs={"partner_id": demo.ACME})
CREATE = reverse("billing:report_create", kwargs={"partner_id": demo.ACME})
DELETE = reverse("billing:report_delete", kwargs={"partner_id": demo.ACME})
INVOICES = reverse("billing:invoices", kwargs={"partner_id": demo.ACME})
LAST_MONTH = previous_month(today_utc())


def form(start=LAST_MONTH[0], end=LAST_MONTH[1], type="CUSTOMER", **extra):
    return {"billing_start_date": str(start), "billing_end_date": str(end), "type": type, **extra}


def test_the_nav_shows_reports_and_invoices_to_those_who_may_see_them(client_for):
    html = client_for(demo.ACME_ADMIN).get(f"/partner/{demo.ACME}/").content.decode()
    assert re.search(rf'href="{REPORTS}">(<i [^>]*></i>)?Reports</a>', html)
    assert re.search(rf'href="{INVOICES}">(<i [^>]*></i>)?Invoices</a>', html)
    html = client_for(demo.ACME_SALES).get(f"/partner/{demo.ACME}/").content.decode()
    assert REPORTS not in html and INVOICES not in html


def test_the_report_list_shows_the_demo_report_with_its_download_link(client_for):
    response = client_for(demo.ACME_ADMIN).get(REPORTS)
    html = response.content.decode()
    assert "Billing reconciliation reports" in html
    assert f'data-report-id="{demo_report_id()}"' in html
    assert "Download CSV" in html and "/billing/reports/download/?token=" in html
    assert 'id="report-form"' in html
    assert "data-polling" not in html


def test_a_read_only_admin_sees_the_list_but_no_form_nor_delete(client_for):
    html = client_for(demo.ACME_READONLY).get(REPORTS).content.decode()
    assert "Download CSV" in html
    assert 'id="report-form"' not in html and ">Delete</button>" not in html
    client = client_for(demo.ACME_READONLY)
    assert client.post(CREATE, form()).status_code == 403
    assert client.post(DELETE, {"report_id": str(demo_report_id())}).status_code == 403


def test_the_list_polls_while_a_report_is_in_progress(client_for):
    BillingReport.objects.create(
        partner_id=demo.ACME,
        type="USER",
        billing_start_date=LAST_MONTH[0],
        billing_end_date=LAST_MONTH[1],
    )
    client = client_for(demo.ACME_ADMIN)
    response = client.get(REPORTS, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="report-table")
    html = response.content.decode()
    assert html.startswith('<div id="report-table" hx-get=')
    assert 'hx-trigger="every 2s"' in html and "In progress" in html
    assert "<html" not in html
    BillingReport.objects.filter(status=ReportStatus.IN_PROGRESS).update(
        status=ReportStatus.FAILED, errors=[{"code": 2099, "description": "Boom."}]
    )
    html = client.get(REPORTS, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="report-table")
    html = html.content.decode()
    assert "every 2s" not in html and "Boom." in html


def test_the_list_filters(client_for):
    client = client_for(demo.ACME_ADMIN)
    assert str(demo_report_id()) in client.get(REPORTS, {"type": "PARTNER"}).content.decode()
    assert str(demo_report_id()) not in client.get(REPORTS, {"type": "USER"}).content.decode()
    assert str(demo_report_id()) not in client.get(REPORTS, {"status": "FAILED"}).content.decode()


def test_the_list_needs_the_same_number_of_queries_for_many_reports(client_for):
    client = client_for(demo.ACME_ADMIN)
    client.get(REPORTS)  # warm caches (sessions, grants)
    with CaptureQueriesContext(connection) as few:
        client.get(REPORTS)
    acme = Partner.objects.get(pk=demo.ACME)
    user = User.objects.get(email=demo.ACME_ADMIN)
    BillingReport.objects.bulk_create(
        BillingReport(
            partner=acme,
            sub_partner_id=demo.NORTHWIND if n % 2 else None,
            type="USER",
            billing_start_date=LAST_MONTH[0] - timedelta(days=n),
            billing_end_date=LAST_MONTH[1],
            status=ReportStatus.COMPLETED,
            created_by=user,
        )
        for n in range(20)
    )
    with CaptureQueriesContext(connection) as many:
        html = client.get(REPORTS).content.decode()
    assert html.count('data-testid="report-row"') == 21
    assert len(many.captured_queries) == len(few.captured_queries)


def test_creating_a_report_shows_validation_messages_next_to_the_fields(
    client_for, django_capture_on_commit_callbacks
):
    client = client_for(demo.ACME_ADMIN)
    today = today_utc()
    response = client.post(CREATE, form(start=today - timedelta(days=3), end=today))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="error-billing_end_date"' in html
    assert "billingEndDate must be before today" in html
    assert f'value="{today - timedelta(days=3)}"' in html  # nothing entered is lost
    response = client.post(CREATE, form(start=LAST_MONTH[1], end=LAST_MONTH[0]))
    assert "must not be before billingStartDate" in response.content.decode()
    response = client.post(CREATE, form(start="", end=""))
    assert 'data-testid="error-billing_start_date"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, form(), HTTP_HX_REQUEST="true")
    assert response.status_code == 204  # the first one is fine and completes...
    response = client.post(CREATE, form(), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.startswith('<div class="card mb-4" id="report-form">')
    assert "already exists" in html


def test_creating_a_report_runs_it_and_returns_to_the_list(
    client_for, django_capture_on_commit_callbacks
):
    client = client_for(demo.ACME_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, form(type="USER", sub_partner=str(demo.NORTHWIND)))
    assert response.status_code == 302 and response["Location"] == REPORTS
    report = BillingReport.objects.get(type="USER", partner_id=demo.ACME)
    assert report.status == ReportStatus.COMPLETED
    assert report.sub_partner_id == demo.NORTHWIND
    assert "is being generated" in client.get(REPORTS).content.decode()
    htmx = client.post(CREATE, form(type="USER"), HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == REPORTS


def test_the_create_page_offers_sub_partners_to_a_parent_only(client_for):
    html = client_for(demo.ACME_ADMIN).get(CREATE).content.decode()
    assert "Northwind Reseller" in html
    northwind_create = reverse("billing:report_create", kwargs={"partner_id": demo.NORTHWIND})
    html = client_for(demo.NORTHWIND_ADMIN).get(northwind_create).content.decode()
    assert 'name="sub_partner"' not in html


def test_deleting_a_report(client_for):
    client = client_for(demo.ACME_ADMIN)
    response = client.post(DELETE, {"report_id": str(demo_report_id())})
    assert response.status_code == 302
    assert not BillingReport.objects.filter(pk=demo_report_id()).exists()
    assert client.post(DELETE, {"report_id": str(demo_report_id())}).status_code == 404
    assert client.post(DELETE, {"report_id": "not-an-id"}).status_code == 404


def test_a_parent_admin_cross_launched_into_a_sub_partner_has_no_billing(client_for):
    url = reverse("billing:reports", kwargs={"partner_id": demo.NORTHWIND})
    assert client_for(demo.ACME_ADMIN).get(url).status_code == 403


def test_the_invoice_page_csv_and_printable_view(client_for):
    client = client_for(demo.ACME_ADMIN)
    month = LAST_MONTH[0].strftime("%Y-%m")
    html = client.get(INVOICES, {"month": month}).content.decode()
    assert f"Invoice {LAST_MONTH[0]:%B %Y}" in html and "Running estimate</span>" not in html
    assert "A-WHL-CALL" in html and 'data-testid="invoice-total"' in html
    assert "Sub-partner" in html and "Northwind Reseller" in html
    current = client.get(INVOICES).content.decode()
    assert "Running estimate</span>" in current
    csv = client.get(
        reverse("billing:invoice_csv", kwargs={"partner_id": demo.ACME}), {"month": month}
    )
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("SUBSCRIPTION_ID,SERVICE_NAME,SKU")
    assert lines[-1].startswith(",TOTAL,")
    printable = client.get(
        reverse("billing:invoice_print", kwargs={"partner_id": demo.ACME}), {"month": month}
    ).content.decode()
    assert "Print or save as PDF" in printable and "portal-nav" not in printable
    only_northwind = client.get(INVOICES, {"month": month, "subPartner": str(demo.NORTHWIND)})
    assert "Northwind Reseller's customers" in only_northwind.content.decode()


def test_the_invoice_is_a_document_number_dates_parties_tax_and_print_css(client_for, settings):
    """Issue 16: number, issue and due date, bill-from (operator) and bill-to (partner), tax."""
    settings.INVOICE_ISSUER = {"name": "Operator Ltd", "tax_rate": "20", "payment_terms_days": 15}
    client = client_for(demo.ACME_ADMIN)
    first = LAST_MONTH[0]
    printable = client.get(
        reverse("billing:invoice_print", kwargs={"partner_id": demo.ACME}),
        {"month": f"{first:%Y-%m}"},
    )
    invoice = printable.context["invoice"]
    html = printable.content.decode()
    assert invoice.number.startswith("INV-") and invoice.number.endswith(f"{first:%Y%m}")
    assert invoice.number in html
    days = calendar.monthrange(first.year, first.month)[1]
    assert invoice.issue_date == first + timedelta(days=days)
    assert invoice.due_date == invoice.issue_date + timedelta(days=15)
    assert f'data-testid="invoice-due-date">{invoice.due_date:%Y-%m-%d}<' in html
    assert "Operator Ltd" in html and "Bill to" in html and "Acme Telecom" in html
    assert invoice.tax == (invoice.total * Decimal("0.20")).quantize(Decimal("0.01"))
    assert f'data-testid="invoice-amount-due">{invoice.total_with_tax}<' in html
    assert "invoice_print.css" in html
    # The same number every time; a running month is an estimate with its own prefix.
    page = client.get(INVOICES, {"month": f"{first:%Y-%m}"}).content.decode()
    assert invoice.number in page
    assert client.get(INVOICES).context["invoice"].number.startswith("EST-")
