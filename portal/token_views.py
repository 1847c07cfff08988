"""API tokens of a partner (FEATURES API-6): partner full admins issue and revoke them.

A new token is shown once, on the page that issued it; only its hash is stored.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, View

from portal.access import permissions as p
from portal.access.views import PartnerMixin
from portal.errors import ApplicationError
from portal.forms import ApiTokenForm
from portal.models import ApiToken
from portal.services import api_token_issue, api_token_revoke

#: Issuing credentials is administering the partner: full administrators only.
MANAGE_TOKENS = p.PARTNER_MANAGE_ADMINS


class ApiTokenListView(PartnerMixin, FormView):
    permission_required = MANAGE_TOKENS
    write_permission_required = MANAGE_TOKENS
    template_name = "portal/api_tokens.html"
    form_class = ApiTokenForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tokens"] = ApiToken.objects.for_org(self.organization).select_related("user")
        return context

    def form_valid(self, form):
        try:
            _, raw = api_token_issue(
                user=self.request.user,
                partner=self.organization,
                scopes=form.cleaned_data["scopes"],
                name=form.cleaned_data["name"],
                actor=self.actor,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        # Shown once: rendered into this response, never stored or redirected with.
        return self.render_to_response(self.get_context_data(form=self.form_class(), new_token=raw))


class ApiTokenRevokeView(PartnerMixin, View):
    permission_required = MANAGE_TOKENS
    write_permission_required = MANAGE_TOKENS

    def post(self, request, partner_id):
        token_id = request.POST.get("token", "")
        if not token_id.isdigit():
            raise Http404("No such token")
        token = get_object_or_404(ApiToken.objects.for_org(self.organization), pk=token_id)
        api_token_revoke(token=token, actor=self.actor)
        messages.success(request, f"Token {token.prefix}… is revoked.")
        return redirect(reverse("api_tokens", kwargs={"partner_id": self.organization.pk}))
