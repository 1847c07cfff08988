"""Control Hub account, organization and calling settings (FEATURES CH-5, CH-6)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect

from controlhub import forms as f
from controlhub import selectors
from controlhub.models import Domain
from controlhub.services import domains
from controlhub.services import settings as settings_services
from controlhub.views.base import Page
from portal.access import permissions as p
from portal.errors import ApplicationError
from portal.pages import ServiceFormMixin, redirect_after_post

# --- Account, organization settings, calling -----------------------------------------------


class AccountView(Page):
    permission_required = p.ORG_VIEW_ACCOUNT
    write_permission_required = p.ORG_EDIT_COMPANY_NAME
    template_name = "controlhub/account.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "form",
            f.CompanyNameForm(
                initial={"name": self.organization.name},
                locked=self.reason(p.ORG_EDIT_COMPANY_NAME),
            ),
        )
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = f.CompanyNameForm(request.POST)
        if not form.is_valid():
            return self.invalid(form=form)
        try:
            settings_services.company_name_update(
                customer=self.organization, actor=self.actor, name=form.cleaned_data["name"]
            )
        except ApplicationError as exc:
            form.add_error("name", exc.message)
            return self.invalid(form=form)
        messages.success(request, "Saved the company name.")
        return redirect_after_post(request, self.url("account"))


class SettingsView(Page):
    """Organization settings: domains, email, authentication. Each form posts to its own URL."""

    permission_required = p.ORG_VIEW_SETTINGS
    template_name = "controlhub/settings.html"
    form_name: str | None = None

    def get_context_data(self, **kwargs):
        org = self.organization
        settings = selectors.organization_settings(org)
        kwargs.setdefault("domain_form", f.DomainForm(locked=self.reason(p.ORG_MANAGE_DOMAINS)))
        kwargs.setdefault(
            "email_form",
            f.EmailSettingsForm(
                initial={
                    "suppress_admin_invite_emails": settings.suppress_admin_invite_emails,
                    "email_locale": settings.email_locale,
                },
                locked=self.reason(p.ORG_MANAGE_EMAIL_SETTINGS),
            ),
        )
        kwargs.setdefault(
            "auth_form",
            f.AuthenticationForm(
                initial={
                    "sign_in_method": settings.sign_in_method,
                    "idp_entity_id": settings.idp_entity_id,
                    "allow_password_sign_in": settings.allow_password_sign_in,
                },
                current_method=settings.sign_in_method,
                locked=self.reason(p.ORG_MANAGE_AUTHENTICATION),
            ),
        )
        kwargs.update(
            settings=settings,
            domains=[(d, domains.txt_record(d)) for d in selectors.domain_list(org)],
        )
        return super().get_context_data(**kwargs)

    def get(self, request, *args, **kwargs):
        if self.form_name:
            return redirect(self.url("settings"))
        return super().get(request, *args, **kwargs)


class SettingsFormView(ServiceFormMixin, SettingsView):
    """One settings form posted to its own URL; `apply(form)` calls its service."""

    success_url_name = "settings"

    def get_success_url(self) -> str:
        return self.url(self.success_url_name)


class DomainAddView(SettingsFormView):
    write_permission_required = p.ORG_MANAGE_DOMAINS
    form_class = f.DomainForm
    form_name = "domain_form"
    success_message = "Added the domain. Add the TXT record to its DNS, then verify it."

    def apply(self, form):
        data = form.cleaned_data
        from django.core.exceptions import ValidationError

        try:
            domains.domain_add(customer=self.organization, actor=self.actor, name=data["name"])
        except ValidationError as exc:
            raise ApplicationError(" ".join(exc.messages)) from None


class DomainActionView(SettingsView):
    """Verify, claim or remove one of the organization's domains."""

    write_permission_required = p.ORG_MANAGE_DOMAINS
    form_name = "domain_form"
    ACTIONS = {
        "verify": (domains.domain_verify, "Verified {}."),
        "claim": (domains.domain_claim, "Claimed {}."),
        "remove": (domains.domain_remove, "Removed {}."),
    }

    def post(self, request, *args, **kwargs):
        domain_id = request.POST.get("domain", "")
        domain = get_object_or_404(
            Domain.objects.for_org(self.organization), pk=domain_id if domain_id.isdigit() else 0
        )
        action = self.ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            messages.error(request, "Unknown action.")
            return redirect_after_post(request, self.url("settings"))
        service, message = action
        try:
            service(domain=domain, actor=self.actor)
            messages.success(request, message.format(domain.name))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect_after_post(request, self.url("settings"))


class EmailSettingsView(SettingsFormView):
    write_permission_required = p.ORG_MANAGE_EMAIL_SETTINGS
    form_class = f.EmailSettingsForm
    form_name = "email_form"
    success_message = "Saved the email settings."

    def apply(self, form):
        data = form.cleaned_data
        settings_services.email_settings_update(
            customer=self.organization, actor=self.actor, **data
        )


class AuthenticationView(SettingsFormView):
    write_permission_required = p.ORG_MANAGE_AUTHENTICATION
    form_class = f.AuthenticationForm
    form_name = "auth_form"
    success_message = "Saved the authentication settings."

    def make_form(self):
        current = selectors.organization_settings(self.organization).sign_in_method
        return self.form_class(self.request.POST, current_method=current)

    def apply(self, form):
        data = form.cleaned_data
        settings_services.authentication_update(
            customer=self.organization, actor=self.actor, **data
        )


class CallingView(SettingsView):
    permission_required = p.ORG_VIEW_CALLING
    template_name = "controlhub/calling.html"

    def get_context_data(self, **kwargs):
        settings = selectors.organization_settings(self.organization)
        kwargs.setdefault(
            "priority_form",
            f.CallPriorityForm(
                initial={"call_priority": settings.call_priority},
                locked=self.reason(p.ORG_MANAGE_CALL_PRIORITY),
            ),
        )
        kwargs.setdefault(
            "behavior_form",
            f.CallingBehaviorForm(
                initial={"calling_behavior": settings.calling_behavior},
                locked=self.reason(p.ORG_MANAGE_CALLING_BEHAVIOR),
            ),
        )
        return super().get_context_data(**kwargs)

    def get(self, request, *args, **kwargs):
        if self.form_name:
            return redirect(self.url("calling"))
        return super().get(request, *args, **kwargs)


class CallPriorityView(CallingView, SettingsFormView):
    write_permission_required = p.ORG_MANAGE_CALL_PRIORITY
    form_class = f.CallPriorityForm
    form_name = "priority_form"
    success_message = "Saved the app options call priority."
    success_url_name = "calling"

    def apply(self, form):
        data = form.cleaned_data
        settings_services.call_priority_update(customer=self.organization, actor=self.actor, **data)


class CallingBehaviorView(CallingView, SettingsFormView):
    write_permission_required = p.ORG_MANAGE_CALLING_BEHAVIOR
    form_class = f.CallingBehaviorForm
    form_name = "behavior_form"
    success_message = "Saved the calling behavior."
    success_url_name = "calling"

    def apply(self, form):
        data = form.cleaned_data
        settings_services.calling_behavior_update(
            customer=self.organization, actor=self.actor, **data
        )
