from django import forms
from django.http import JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import TemplateView, View

from controlhub.services import activity
from partnerhub import analytics
from partnerhub.filtersets import MANAGED_BY_ALL
from portal.access import permissions as p
from portal.access.views import PartnerMixin
from portal.errors import ApplicationError
from portal.selectors import audit_events_for
from portal.views import AuditLogView


class ActivityUploadForm(forms.Form):
    file = forms.FileField(label="Activity CSV file")


class PartnerOverviewView(PartnerMixin, TemplateView):
    """Overview (FEATURES PH-9): the KPIs of seed 004, each linking to its customers."""

    template_name = "partnerhub/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner, user = self.organization, self.request.user
        # A parent may include its indirect providers' customers (PH-8's "Managed by").
        include = partner.parent_id is None and self.request.GET.get("include") == "indirect"
        kpis = analytics.partner_kpis(partner, user, include_sub_partners=include)
        customers_url = reverse("partnerhub:customers", kwargs={"partner_id": partner.pk})
        scope = {"managed_by": MANAGED_BY_ALL} if include else {}

        def link(kpi=None):
            query = {**scope, **({"kpi": kpi} if kpi else {})}
            return f"{customers_url}?{urlencode(query)}" if query else customers_url

        product = self.request.GET.get("product")
        product = product if product in analytics.PRODUCTS else analytics.CALLING
        rows = analytics.product_rows(partner, user, product, include_sub_partners=include)
        calling_chart, calling_table = (
            analytics.calling_usage(partner, user, include_sub_partners=include)
            if product == analytics.CALLING
            else (None, [])
        )
        charts_query = {"product": product, **({"include": "indirect"} if include else {})}
        context.update(
            product=product,
            products=analytics.PRODUCTS,
            product_label=analytics.PRODUCTS[product],
            toggle_query={"include": "indirect"} if include else {},
            sections=analytics.sections(rows),
            calling_table=calling_table,
            charts_url=reverse("partnerhub:overview_charts", kwargs={"partner_id": partner.pk})
            + "?"
            + urlencode(charts_query),
            customer_count=kpis.total_customers,
            sub_partner_count=partner.sub_partners.count(),
            include_indirect=include,
            kpis=kpis,
            kpi_cards=[
                ("customers", "Total customers", kpis.total_customers, link()),
                *(
                    (key, label, getattr(kpis, key), link(key))
                    for key, label in analytics.Kpi.LABELS.items()
                ),
            ],
        )
        return context


class PartnerOverviewChartsView(PartnerMixin, View):
    """The Overview charts' data as JSON (PH-9), from the same selectors as the tables."""

    def get(self, request, *args, **kwargs):
        partner, user = self.organization, request.user
        include = partner.parent_id is None and request.GET.get("include") == "indirect"
        product = request.GET.get("product")
        product = product if product in analytics.PRODUCTS else analytics.CALLING
        data = {
            "product": product,
            "trend": analytics.license_trend(partner, user, product, include_sub_partners=include),
        }
        if product == analytics.CALLING:
            data["calling"] = analytics.calling_usage(partner, user, include_sub_partners=include)[
                0
            ]
        return JsonResponse(data)


class PartnerAuditLogView(PartnerMixin, AuditLogView):
    permission_required = p.PARTNER_VIEW_AUDIT

    def get_events(self):
        return audit_events_for(self.organization, user=self.request.user)


class ActivityImportView(PartnerMixin, TemplateView):
    """Import daily per-user activity (PH-9): the CSV's good rows are kept, bad rows listed."""

    permission_required = p.PARTNER_VIEW_ANALYTICS
    write_permission_required = p.PARTNER_MANAGE_REPORTS
    template_name = "partnerhub/activity_import.html"
    MAX_BYTES = 20_000_000

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ActivityUploadForm())
        kwargs["headers"] = activity.HEADERS
        kwargs["example"] = activity.template_csv()
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = ActivityUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                text = upload.read(self.MAX_BYTES + 1)
                if len(text) > self.MAX_BYTES:
                    raise ApplicationError("The file is larger than 20 MB.", field="file")
                result = activity.activity_import(
                    content=text.decode("utf-8-sig"),
                    subscribers=analytics.activity_scope(self.organization, request.user),
                    actor=self.actor,
                    organization=self.organization,
                )
            except UnicodeDecodeError:
                form.add_error("file", "Save the file as UTF-8 CSV.")
            except ApplicationError as error:
                form.add_error("file", error.message)
            else:
                return self.render_to_response(self.get_context_data(form=form, result=result))
        return self.render_to_response(self.get_context_data(form=form), status=400)
