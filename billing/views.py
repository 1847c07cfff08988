"""Partner Hub → Reports and Invoices. Thin: parse, call a selector or service, render."""

from datetime import date

from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from billing import selectors, services
from billing.api import download_url, link_max_age
from billing.filtersets import BillingReportFilterSet
from billing.forms import ReportForm
from billing.models import ReportStatus
from portal import csv as portal_csv
from portal.access import permissions as p
from portal.access.views import PartnerMixin
from portal.errors import ApplicationError
from portal.pages import HtmxPartialMixin, redirect_after_post


class ReportPageMixin(PartnerMixin):
    permission_required = p.PARTNER_VIEW_REPORTS
    write_permission_required = p.PARTNER_MANAGE_REPORTS

    def sub_partners(self):
        return list(selectors.sub_partners_of(self.organization))

    def report_form(self, data=None):
        return ReportForm(data, sub_partners=self.sub_partners())

    def list_url(self) -> str:
        return reverse("billing:reports", kwargs={"partner_id": self.organization.pk})


class ReportListView(ReportPageMixin, HtmxPartialMixin, TemplateView):
    """The partner's reports; rows still in progress make the table poll until they finish."""

    template_name = "billing/reports.html"
    partial_template_name = "billing/partials/_report_table.html"
    paginate_by = 25
    filterset_class = BillingReportFilterSet

    htmx_target = "report-table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page shows the newest periods first; a bad value drops all filters, said once.
        newest_first = {} if "sortBy" in self.request.GET else {"sortBy": "-billingStartDate"}
        reports = selectors.report_list(self.organization)
        report_filter = self.filterset_class(
            {**self.request.GET.dict(), **newest_first}, queryset=reports, allow_descending=True
        )
        if not report_filter.is_valid():
            messages.error(self.request, report_filter.error().message)
            report_filter = self.filterset_class(
                newest_first, queryset=reports, allow_descending=True
            )
        reports = report_filter.qs
        page = Paginator(reports, self.paginate_by).get_page(self.request.GET.get("page"))
        for report in page.object_list:
            report.download_url = download_url(self.request, report)
        can_manage = self.request.user.has_perm(p.PARTNER_MANAGE_REPORTS, self.organization)
        context.update(
            page=page,
            reports=page.object_list,
            report_filter=report_filter,
            polling=any(r.status == ReportStatus.IN_PROGRESS for r in page.object_list),
            can_manage=can_manage,
            form=self.report_form() if can_manage else None,
            statuses=ReportStatus.choices,
        )
        return context


class ReportCreateView(ReportPageMixin, TemplateView):
    template_name = "billing/report_create.html"
    permission_required = p.PARTNER_MANAGE_REPORTS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.report_form())
        return context

    def post(self, request, *args, **kwargs):
        form = self.report_form(request.POST)
        if form.is_valid():
            try:
                report = services.billing_report_create(
                    partner=self.organization,
                    actor=self.actor,
                    billing_start_date=form.cleaned_data["billing_start_date"],
                    billing_end_date=form.cleaned_data["billing_end_date"],
                    type=form.cleaned_data["type"],
                    sub_partner_id=form.cleaned_data.get("sub_partner") or None,
                )
            except ApplicationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    f"The {report.get_type_display().lower()} report for "
                    f"{report.billing_start_date} to {report.billing_end_date} is being generated.",
                )
                return redirect_after_post(request, self.list_url())
        # 200 with the errors next to the fields: htmx swaps only successful responses.
        template = "billing/partials/_report_form.html" if request.htmx else self.template_name
        return self.response_class(
            request=request, template=[template], context=self.get_context_data(form=form)
        )


class ReportDeleteView(ReportPageMixin, View):
    """POST report_id: delete one of the partner's reports."""

    def post(self, request, *args, **kwargs):
        report = selectors.report_get(self.organization, request.POST.get("report_id"))
        if report is None:
            raise Http404("No such report")
        services.billing_report_delete(report=report, actor=self.actor)
        messages.success(request, f"The {report.get_type_display().lower()} report was deleted.")
        return redirect_after_post(request, self.list_url())


class ReportDownloadView(View):
    """The temporary download link: the signed token is the only credential (no session), so
    it can be handed to a back office. Expired: 410. Unknown, tampered or deleted: 404."""

    def get(self, request, partner_id):
        try:
            report_id = services.report_from_download_token(
                request.GET.get("token", ""), max_age=link_max_age()
            )
        except signing.SignatureExpired:
            return HttpResponse("This download link has expired.", status=410)
        except signing.BadSignature:
            raise Http404("No such report") from None
        report = selectors.report_get(partner_id, report_id)
        if report is None or report.status != ReportStatus.COMPLETED or not report.file:
            raise Http404("No such report")
        try:
            stored = report.file.open("rb")
        except FileNotFoundError:
            raise Http404("No such report") from None
        # Streamed from storage in chunks (FileResponse), never read whole into memory.
        response = FileResponse(
            stored,
            as_attachment=True,
            filename=report.filename,
            content_type="text/csv; charset=utf-8",
        )
        response["Cache-Control"] = "private, no-store"
        return response


# --- Invoices (BL-4) -----------------------------------------------------------------------------


class InvoiceMixin(PartnerMixin):
    permission_required = p.PARTNER_VIEW_INVOICES

    def selected_month(self) -> date:
        value = self.request.GET.get("month", "")
        try:
            year, month = (int(part) for part in value.split("-"))
            return date(year, month, 1)
        except ValueError:
            return selectors.recent_months(1)[0]

    def invoice(self):
        sub_partners = list(selectors.sub_partners_of(self.organization))
        wanted = self.request.GET.get("subPartner", "")
        sub_partner = next((sp for sp in sub_partners if str(sp.pk) == wanted), None)
        return (
            selectors.invoice(self.organization, self.selected_month(), sub_partner),
            sub_partners,
        )


class InvoiceView(InvoiceMixin, TemplateView):
    template_name = "billing/invoice.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invoice, sub_partners = self.invoice()
        context.update(
            invoice=invoice, sub_partners=sub_partners, months=selectors.recent_months(12)
        )
        return context


class InvoicePrintView(InvoiceView):
    template_name = "billing/invoice_print.html"


class InvoiceCsvView(InvoiceMixin, View):
    def get(self, request, *args, **kwargs):
        invoice, _ = self.invoice()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"invoice-{invoice.month:%Y-%m}{'-estimate' if invoice.is_estimate else ''}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        writer = portal_csv.writer(response)
        writer.writerow(
            [
                "SUBSCRIPTION_ID",
                "SERVICE_NAME",
                "SKU",
                "DESCRIPTION",
                "PERIOD_START",
                "PERIOD_END",
                "USER_DAYS",
                "LICENSES",
                "TRANSFER_PRICE",
                "AMOUNT",
                "CURRENCY",
            ]
        )
        subscription_id = invoice.subscription.subscription_id if invoice.subscription else ""
        for line in invoice.lines:
            writer.writerow(
                [
                    subscription_id,
                    line.service_name,
                    line.sku,
                    line.description,
                    invoice.period_start,
                    invoice.period_end,
                    line.user_days,
                    line.licenses,
                    line.transfer_price if line.transfer_price is not None else "",
                    line.amount if line.amount is not None else "",
                    invoice.currency,
                ]
            )
        writer.writerow(["", "TOTAL", "", "", "", "", "", "", "", invoice.total, invoice.currency])
        return response
