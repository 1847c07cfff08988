"""Onboarding templates (FEATURES PH-2): list, "Create template" wizard, detail, edit, delete."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import TemplateView, View

from billing.models import WholesaleSubscription
from partnerhub import wizard as steps
from partnerhub.forms import TemplateForm, template_initial
from partnerhub.selectors import templates_for
from partnerhub.services.templates import (
    PSTN_WARNING,
    TEMPLATE_FIELDS,
    sso_options,
    template_create,
    template_delete,
    template_delete_refusal,
    template_update,
)
from partnerhub.wizard import Wizard
from portal.access import permissions as p
from portal.access.views import PartnerMixin
from portal.errors import ApplicationError
from portal.models import OnboardingTemplate
from portal.pages import redirect_after_post


def subscriptions_for(partner) -> list[str]:
    """The wholesale subscriptions the partner's templates may name, its own first.

    A partner's own subscription is billing's WholesaleSubscription (a sub-partner's shares its
    parent's ID, PH-8); then the ones its (and its parent's) templates already use, and a
    default named after the partner for a first template when there is none.
    """
    own = list(
        WholesaleSubscription.objects.filter(partner=partner).values_list(
            "subscription_id", flat=True
        )
    )
    owners = [partner.pk] + ([partner.parent_id] if partner.parent_id else [])
    used = (
        OnboardingTemplate.objects.filter(partner_id__in=owners)
        .order_by("subscription_id")
        .values_list("subscription_id", flat=True)
        .distinct()
    )
    found = list(dict.fromkeys([*own, *used]))
    return found or [f"Sub-{partner.name.split()[0].upper()}-0001"]


class TemplatesView(PartnerMixin, TemplateView):
    permission_required = p.PARTNER_VIEW_TEMPLATES
    template_name = "partnerhub/templates.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["templates"] = templates_for(self.organization)
        return context


class TemplateDetailView(PartnerMixin, TemplateView):
    permission_required = p.PARTNER_VIEW_TEMPLATES
    template_name = "partnerhub/template_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        template = get_object_or_404(
            templates_for(self.organization), pk=self.kwargs["template_id"]
        )
        context["template"] = template
        context["delete_refusal"] = template_delete_refusal(template)
        return context


class TemplateWizardView(PartnerMixin, TemplateView):
    """ "Create template" and edit: Primary settings → Authentication method → Wholesale calling
    → Common settings and Call settings → review → Submit."""

    permission_required = p.PARTNER_MANAGE_TEMPLATES
    write_permission_required = p.PARTNER_MANAGE_TEMPLATES
    template_name = "partnerhub/template_wizard.html"

    def get_instance(self):
        return None

    def make_form(self, data=None):
        instance = self.get_instance()
        subscriptions = subscriptions_for(self.organization)
        # A new template starts on the partner's own (for a sub-partner: shared) subscription.
        initial = template_initial(instance) if instance else {"subscription_id": subscriptions[0]}
        return TemplateForm(
            data,
            initial=initial,
            subscriptions=subscriptions,
            sso=sso_options(self.organization),
        )

    def _render(self, wizard, error=None, status=200):
        context = self.get_context_data(
            wizard=wizard,
            form=wizard.form,
            instance=self.get_instance(),
            error=error,
            pstn_warning=PSTN_WARNING,
            sso=wizard.form.sso,
        )
        partial = self.request.htmx and not steps.restoring(self.request)
        name = "partnerhub/partials/_template_wizard.html" if partial else self.template_name
        # htmx swaps only 2xx answers: errors come back as 200 with the messages in the partial.
        response = render(self.request, name, context, status=200 if partial else status)
        return steps.with_step_url(self.request, response, wizard.index)

    def get(self, request, *args, **kwargs):
        # ?step=N reopens that step with what was typed (Back, refresh); no step starts afresh.
        data = steps.recall(request) if "step" in request.GET else None
        if data is None:
            steps.forget(request)
            return self._render(Wizard(self.make_form(), TemplateForm.STEPS))
        wizard = Wizard(self.make_form(data), TemplateForm.STEPS, data)
        wizard.resume(steps.requested_step(request))
        return self._render(wizard)

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        wizard = Wizard(form, TemplateForm.STEPS, request.POST)
        steps.remember(request, request.POST)
        if not wizard.advance():
            return self._render(wizard, status=400 if wizard.blocked else 200)
        fields = {name: form.cleaned_data[name] for name in TEMPLATE_FIELDS}
        try:
            instance = self.get_instance()
            if instance is None:
                template = template_create(partner=self.organization, actor=self.actor, **fields)
                messages.success(request, f"Template {template.name} was created.")
            else:
                template = template_update(template=instance, actor=self.actor, **fields)
                messages.success(
                    request,
                    f"Template {template.name} was saved. Customers created from now on get "
                    "the new settings; existing customers keep theirs.",
                )
        except ApplicationError as exc:
            return self._render(wizard, error=exc.message, status=400)
        steps.forget(request)
        url = reverse(
            "partnerhub:template_detail",
            kwargs={"partner_id": self.organization.pk, "template_id": template.pk},
        )
        return redirect_after_post(request, url)


class TemplateEditView(TemplateWizardView):
    def get_instance(self):
        if not hasattr(self, "_instance"):
            self._instance = get_object_or_404(
                OnboardingTemplate.objects.for_org(self.organization), pk=self.kwargs["template_id"]
            )
        return self._instance


class TemplateDeleteView(PartnerMixin, View):
    permission_required = p.PARTNER_VIEW_TEMPLATES
    write_permission_required = p.PARTNER_MANAGE_TEMPLATES

    def post(self, request, *args, **kwargs):
        template = get_object_or_404(
            OnboardingTemplate.objects.for_org(self.organization), pk=self.kwargs["template_id"]
        )
        try:
            template_delete(
                template=template, actor=self.actor, reason=request.POST.get("reason", "").strip()
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(
                "partnerhub:template_detail",
                partner_id=self.organization.pk,
                template_id=template.pk,
            )
        messages.success(request, f"Template {template.name} was deleted.")
        return redirect("partnerhub:templates", partner_id=self.organization.pk)
