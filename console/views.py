"""The operator's console at /operator/ (OP-1): partners, their subscriptions and prices,
compliance reviewers and the Denied Persons List, and the operator's audit log."""

from django.contrib import messages
from django.http import Http404
from django.urls import reverse
from django.views.generic import TemplateView, View

from console import selectors, services
from console.access import OperatorMixin
from console.forms import PartnerCreateForm
from portal.catalogues import regions
from portal.errors import ApplicationError
from portal.models import PartnerState
from portal.pages import ServiceFormMixin, redirect_after_post
from portal.views import AuditLogView


class PartnerListView(OperatorMixin, TemplateView):
    """Every top-level partner with its state and counts, and this month's running estimate."""

    template_name = "console/partners.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partners = list(selectors.partner_list())
        estimates = selectors.partner_estimates(partners)
        for partner in partners:
            partner.estimate = estimates.get(partner.pk)
        context.update(partners=partners, section="partners")
        return context


class PartnerCreateView(OperatorMixin, ServiceFormMixin, TemplateView):
    template_name = "console/partner_create.html"
    form_class = PartnerCreateForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", PartnerCreateForm())
        context["section"] = "partners"
        return context

    def apply(self, form):
        self.partner, admin = services.partner_onboard(**form.cleaned_data, actor=self.actor)
        self.success_message = (
            f"{self.partner.name} is set up; {admin.email} is invited to its Partner Hub."
        )

    def get_success_url(self):
        return reverse("console:partner_detail", kwargs={"partner_id": self.partner.pk})


class PartnerObjectMixin(OperatorMixin):
    def get_partner(self):
        partner = selectors.operator_partner(self.kwargs["partner_id"])
        if partner is None:
            raise Http404("No such partner")
        return partner


class PartnerDetailView(PartnerObjectMixin, TemplateView):
    template_name = "console/partner_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = self.get_partner()
        counts = selectors.partner_list().filter(pk=partner.pk).first()
        context.update(
            partner=partner,
            counts=counts,
            country_name=regions.name(partner.country) if partner.country else "",
            delete_refusal=services.partner_delete_refusal(partner),
            admins=partner.role_assignments.select_related("user").order_by("user__email"),
            section="partners",
        )
        return context


class PartnerStateView(PartnerObjectMixin, View):
    """POST state=suspended|active."""

    def post(self, request, partner_id):
        partner = self.get_partner()
        state = request.POST.get("state", "")
        try:
            partner = services.partner_set_state(partner=partner, state=state, actor=self.actor)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            if partner.state == PartnerState.SUSPENDED:
                messages.warning(
                    request,
                    f"{partner.name} is suspended: it cannot provision or update customers and "
                    "subscribers; deleting stays allowed.",
                )
            else:
                messages.success(request, f"{partner.name} is active again.")
        return redirect_after_post(
            request, reverse("console:partner_detail", kwargs={"partner_id": partner.pk})
        )


class PartnerDeleteView(PartnerObjectMixin, View):
    def post(self, request, partner_id):
        partner = self.get_partner()
        try:
            services.partner_delete(partner=partner, actor=self.actor)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect_after_post(
                request, reverse("console:partner_detail", kwargs={"partner_id": partner.pk})
            )
        messages.success(request, f"{partner.name} is deleted.")
        return redirect_after_post(request, reverse("console:partners"))


class OperatorAuditLogView(OperatorMixin, AuditLogView):
    """What the operator did: partners, subscriptions, prices, staff, the Denied Persons List."""

    template_name = "console/audit_log.html"

    def get_events(self):
        return selectors.operator_events()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["section"] = "audit"
        return context
