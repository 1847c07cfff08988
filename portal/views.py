from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.generic import TemplateView

from portal.access import permissions as p
from portal.access.entitlements import grants_for
from portal.catalogues import names
from portal.filtersets import AuditEventFilterSet
from portal.models import Customer, Partner
from portal.pages import HtmxPartialMixin


def home_url(user) -> str | None:
    """Where a signed-in user starts: their partner, else their customer, else the operator's
    console, else compliance, else the Setup Assist queue."""
    grants = grants_for(user)
    partner = Partner.objects.filter(pk__in=list(grants.partner_roles)).order_by("name").first()
    if partner is not None:
        return reverse("partnerhub:overview", kwargs={"partner_id": partner.pk})
    customer = Customer.objects.filter(pk__in=list(grants.customer_roles)).order_by("name").first()
    if customer is not None:
        return reverse("controlhub:overview", kwargs={"org_id": customer.pk})
    if user.has_perm(p.OPERATOR_VIEW):
        return reverse("console:partners")
    if user.has_perm(p.COMPLIANCE_REVIEW):
        return reverse("compliance:queue")
    if user.has_perm(p.SETUP_ASSIST_WORK):  # the operator's Setup Assist team (PH-11)
        return reverse("console:setup_assist_queue")
    return None


@login_required
def home(request):
    url = home_url(request.user)
    if url is None:
        return render(request, "portal/no_access.html", status=403)
    return redirect(url)


def api_not_found(request):
    from portal.api.errors import error_response

    return error_response(request, 404, "The requested resource could not be found.")


def styleguide(request):
    """Every component of the design system (DEBUG only; a 404 in production)."""
    from django.conf import settings
    from django.http import Http404

    if not settings.DEBUG or request.method != "GET":
        raise Http404("The style guide is shown only while DEBUG is on")
    statuses = [
        ("provisioned", "Active", "success"),
        ("provisioning", "Provisioning", "info"),
        ("pending_rpl_review", "In compliance review", "warning"),
        ("error", "Error", "danger"),
        ("removed", "Removed", "secondary"),
    ]
    colours = ["primary", "secondary", "success", "info", "warning", "danger", "body-tertiary"]
    return render(request, "portal/styleguide.html", {"statuses": statuses, "colours": colours})


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


class AuditLogView(HtmxPartialMixin, TemplateView):
    """The audit log of one organization, filterable by action, actor and date range,
    paginated in SQL.

    Subclassed in Partner Hub and Control Hub next to their organization mixin.
    """

    template_name = "portal/audit_log.html"
    partial_template_name = "portal/partials/_audit_table.html"
    paginate_by = 50
    filterset_class = AuditEventFilterSet

    def get_events(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset_class(
            self.request.GET,
            queryset=self.get_events().select_related(
                "actor", "on_behalf_of", "customer", "partner"
            ),
        )
        events = filterset.qs
        values = filterset.values
        since, until = values.get("since"), values.get("until")
        page = Paginator(events, self.paginate_by).get_page(self.request.GET.get("page"))
        shown = list(page.object_list)
        # Words, not codes: each change as "field: before → after", ids named (one query a kind).
        named = names.id_names(names.collect_ids(shown))
        for event in shown:
            event.action_label = names.action_name(event.action)
            event.changes = names.audit_changes(event.before, event.after, named)
        context.update(
            page=page,
            events=shown,
            action=values.get("action", ""),
            actor=values.get("actor", ""),
            since=since.isoformat() if since else "",
            until=until.isoformat() if until else "",
            actions=[
                (code, names.action_name(code))
                for code in sorted(
                    self.get_events().order_by().values_list("action", flat=True).distinct()
                )
            ],
        )
        return context
