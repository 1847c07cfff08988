"""The operator's console at /operator/ (OP-1): partners, their subscriptions and prices,
compliance reviewers and the Denied Persons List, and the operator's audit log."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView, View

from billing import services as billing_services
from billing.usage import today_utc
from console import selectors, services
from console.access import OperatorMixin, SetupAssistTeamMixin
from console.forms import (
    DplUploadForm,
    PartnerCreateForm,
    PriceChangeForm,
    ReviewerForm,
    SetupAssistAdvanceForm,
    SkuForm,
    SubscriptionForm,
)
from portal.access.roles import Role
from portal.catalogues import regions
from portal.errors import ApplicationError
from portal.models import PartnerState
from portal.pages import ServiceFormMixin, posted_id, redirect_after_post
from portal.views import AuditLogView
from wholesale import selectors as wholesale_selectors
from wholesale.models import SETUP_ASSIST_OPEN, SetupAssistStatus
from wholesale.services import setup_assist


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
    """One partner: state, counts, its wholesale subscription and SKUs with their prices."""

    template_name = "console/partner_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = self.get_partner()
        counts = selectors.partner_list().filter(pk=partner.pk).first()
        subscription = getattr(partner, "wholesale_subscription", None)
        context.setdefault("subscription_form", SubscriptionForm())
        context.setdefault("sku_form", SkuForm())
        context.setdefault("price_form", PriceChangeForm())
        context.update(
            subscription=subscription,
            skus=selectors.subscription_skus(subscription),
            partner=partner,
            counts=counts,
            country_name=regions.name(partner.country) if partner.country else "",
            delete_refusal=services.partner_delete_refusal(partner),
            admins=partner.role_assignments.select_related("user").order_by("user__email"),
            section="partners",
        )
        return context


class _PartnerFormView(ServiceFormMixin, PartnerDetailView):
    """A form of the partner page: a refusal shows the page again with what was typed (400)."""

    def get(self, request, *args, **kwargs):
        return redirect(reverse("console:partner_detail", kwargs=self.kwargs))

    def make_form(self):
        return self.form_class(self.request.POST)

    def get_success_url(self):
        return reverse("console:partner_detail", kwargs=self.kwargs)

    def subscription(self):
        partner = self.get_partner()
        subscription = getattr(partner, "wholesale_subscription", None)
        if subscription is None:
            raise ApplicationError(f"{partner.name} has no wholesale subscription yet.")
        return subscription


class SubscriptionCreateView(_PartnerFormView):
    form_class = SubscriptionForm
    form_name = "subscription_form"

    def apply(self, form):
        partner = self.get_partner()
        subscription = billing_services.subscription_create(
            partner=partner, actor=self.actor, **form.cleaned_data
        )
        self.success_message = (
            f"{partner.name} bills on subscription {subscription.subscription_id} from "
            f"{subscription.billing_start.isoformat()} in {subscription.currency}."
        )


class SkuSetView(_PartnerFormView):
    form_class = SkuForm
    form_name = "sku_form"

    def apply(self, form):
        sku = billing_services.sku_set(
            subscription=self.subscription(), actor=self.actor, **form.cleaned_data
        )
        self.success_message = f"SKU {sku.sku} saved."


class PriceChangeView(_PartnerFormView):
    form_class = PriceChangeForm
    form_name = "price_form"

    def apply(self, form):
        data = form.cleaned_data
        sku = selectors.subscription_skus(self.subscription()).filter(package=data["package"])
        sku = sku.first()
        if sku is None:
            raise ApplicationError("The subscription has no SKU for that package.", field="package")
        billing_services.sku_price_change(
            sku=sku,
            effective_from=data["effective_from"],
            transfer_price=data["transfer_price"],
            actor=self.actor,
        )
        self.success_message = (
            f"{sku.sku} costs {data['transfer_price']} from {data['effective_from'].isoformat()}."
        )


class SetupAssistEnableView(PartnerObjectMixin, View):
    """POST enabled=1|0: the partner's A-Wholesale order for Wholesale Setup Assist (PH-11)."""

    def post(self, request, partner_id):
        partner = self.get_partner()
        back = reverse("console:partner_detail", kwargs={"partner_id": partner.pk})
        subscription = getattr(partner, "wholesale_subscription", None)
        if subscription is None:
            messages.error(request, f"{partner.name} has no wholesale subscription yet.")
            return redirect_after_post(request, back)
        enabled = request.POST.get("enabled") == "1"
        try:
            billing_services.setup_assist_enable(
                subscription=subscription, enabled=enabled, actor=self.actor
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                f"{partner.name} can request Wholesale Setup Assist; price its Express and "
                "Standard SKUs below."
                if enabled
                else f"{partner.name} can no longer request Wholesale Setup Assist.",
            )
        return redirect_after_post(request, back)


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


class ComplianceView(OperatorMixin, TemplateView):
    """Compliance reviewers (add, remove) and the Denied Persons List (upload with preview)."""

    template_name = "console/compliance.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("reviewer_form", ReviewerForm())
        context.setdefault("dpl_form", DplUploadForm())
        context.update(
            section="compliance",
            reviewers=selectors.compliance_reviewers(),
            dpl_count=selectors.denied_party_count(),
        )
        return context

    def post(self, request):
        action = request.POST.get("action", "")
        if action == "add_reviewer":
            form = ReviewerForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(
                    self.get_context_data(reviewer_form=form), status=400
                )
            try:
                user = services.compliance_reviewer_add(
                    email=form.cleaned_data["email"], actor=self.actor
                )
            except ApplicationError as exc:
                form.add_error("email", exc.message)
                return self.render_to_response(
                    self.get_context_data(reviewer_form=form), status=400
                )
            messages.success(request, f"{user.email} is a compliance reviewer.")
        elif action == "remove_reviewer":
            user = selectors.compliance_reviewers().filter(pk=posted_id(request, "user")).first()
            if user is None:
                raise Http404("No such reviewer")
            services.platform_role_revoke(
                user=user, role=Role.COMPLIANCE_REVIEWER, actor=self.actor
            )
            messages.success(request, f"{user.email} is no longer a compliance reviewer.")
        else:
            return self.render_to_response(
                self.get_context_data(action_error="Unknown action."), status=400
            )
        return redirect_after_post(request, reverse("console:compliance"))


class DplUploadView(ComplianceView):
    """POST a Denied Persons List file: the preview of what it changes, to confirm."""

    def get(self, request, *args, **kwargs):
        return redirect(reverse("console:compliance"))

    def post(self, request):
        form = DplUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(dpl_form=form), status=400)
        raw = form.cleaned_data["file"].read()
        text = raw.decode("utf-8-sig", errors="replace")
        try:
            token, preview = services.dpl_stage(text=text)
        except ApplicationError as exc:
            form.add_error("file", exc.message)
            return self.render_to_response(self.get_context_data(dpl_form=form), status=400)
        return self.render_to_response(
            self.get_context_data(
                preview=preview, token=token, file_name=form.cleaned_data["file"].name
            )
        )


class DplConfirmView(ComplianceView):
    def get(self, request, *args, **kwargs):
        return redirect(reverse("console:compliance"))

    def post(self, request):
        try:
            count = services.dpl_confirm(token=request.POST.get("token", ""), actor=self.actor)
        except ApplicationError as exc:
            return self.render_to_response(
                self.get_context_data(action_error=exc.message), status=400
            )
        messages.success(request, f"The Denied Persons List now has {count} entries.")
        return redirect_after_post(request, reverse("console:compliance"))


class OperatorAuditLogView(OperatorMixin, AuditLogView):
    """What the operator did: partners, subscriptions, prices, staff, the Denied Persons List."""

    template_name = "console/audit_log.html"

    def get_events(self):
        return selectors.operator_events()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["section"] = "audit"
        return context


class SetupAssistQueueView(SetupAssistTeamMixin, TemplateView):
    """The Setup Assist team's queue (PH-11): open requests by target date, then the finished
    ones (?status=completed|cancelled|all)."""

    template_name = "console/setup_assist_queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = self.request.GET.get("status", "open")
        requests = wholesale_selectors.setup_assist_requests().order_by("target_date", "id")
        if shown == "open":
            requests = requests.filter(status__in=SETUP_ASSIST_OPEN)
        elif shown in SetupAssistStatus.values:
            requests = requests.filter(status=shown)
        else:
            shown = "all"
        requests = list(requests[:500])
        for item in requests:
            item.phases = setup_assist.phases_of(item.item)
            item.current = setup_assist.current_phase(item)
        context.update(requests=requests, shown=shown, statuses=SetupAssistStatus.choices)
        return context


class SetupAssistDetailView(ServiceFormMixin, SetupAssistTeamMixin, TemplateView):
    """One request: its location, contacts, prerequisites and phases; the team finishes the
    current phase with a note and its day (the last one completes and charges it)."""

    template_name = "console/setup_assist_detail.html"
    form_class = SetupAssistAdvanceForm
    form_name = "form"

    def get_request(self):
        item = (
            wholesale_selectors.setup_assist_requests().filter(pk=self.kwargs["request_id"]).first()
        )
        if item is None:
            raise Http404("No such request")
        return item

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.get_request()
        context.setdefault("form", SetupAssistAdvanceForm(initial={"day": today_utc()}))
        context.update(
            item=item,
            phases=setup_assist.phases_of(item.item),
            current=setup_assist.current_phase(item),
            prerequisites=[
                label
                for key, label in setup_assist.PREREQUISITES.items()
                if key in item.prerequisites
            ],
        )
        return context

    def make_form(self):
        return self.form_class(self.request.POST)

    def apply(self, form):
        item = self.get_request()
        name = setup_assist.current_phase(item)
        item = setup_assist.setup_assist_advance(
            request=item,
            note=form.cleaned_data["note"],
            day=form.cleaned_data["day"],
            actor=self.actor,
        )
        self.success_message = (
            f"{name} is finished; the request is completed and charged."
            if item.status == SetupAssistStatus.COMPLETED
            else f"{name} is finished; next: {setup_assist.current_phase(item)}."
        )

    def get_success_url(self):
        return reverse("console:setup_assist_detail", kwargs=self.kwargs)
