"""Indirect providers tab (FEATURES PH-8): list, set up, suspend/activate, cross-launch.

Only admins holding both partner full admin and wholesale admin in a top-level partner have
the permissions these views ask for; a sub-partner outside the parent is a 404.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.generic import TemplateView, View

from billing.models import WholesaleSubscription
from partnerhub.forms import SubPartnerForm
from portal.access import permissions as p
from portal.access.views import PartnerMixin
from portal.accounts.invitations import invitation_for, invitation_link
from portal.errors import ApplicationError
from portal.models import PartnerState
from portal.pages import HtmxPartialMixin
from wholesale.filtersets import SubPartnerFilterSet
from wholesale.selectors import sub_partner_for, sub_partner_list
from wholesale.services.sub_partners import (
    sub_partner_cross_launch,
    sub_partner_set_state,
    sub_partner_set_up,
)

PAGE_SIZE = 20


class SubPartnersView(PartnerMixin, HtmxPartialMixin, TemplateView):
    """The list: search, state filter, customer counts, server-side pagination (no cap)."""

    permission_required = p.PARTNER_VIEW_SUBPARTNERS
    template_name = "partnerhub/sub_partners.html"
    partial_template_name = "partnerhub/partials/_sub_partner_table.html"
    filterset_class = SubPartnerFilterSet

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset_class(
            self.request.GET, queryset=sub_partner_list(self.organization)
        )
        sub_partners = filterset.qs
        search, state = filterset.values.get("q", "")[:100], filterset.values.get("state", "")
        page = Paginator(sub_partners, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            page=page,
            sub_partners=page.object_list,
            search=search,
            state=state,
            states=PartnerState.choices,
            can_manage=self.request.user.has_perm(p.PARTNER_MANAGE_SUBPARTNERS, self.organization),
        )
        return context


class SubPartnerCreateView(PartnerMixin, TemplateView):
    """Set up an indirect provider; its first admin is emailed an invitation, and the page
    afterwards shows the same one-time link to copy."""

    permission_required = p.PARTNER_MANAGE_SUBPARTNERS
    write_permission_required = p.PARTNER_MANAGE_SUBPARTNERS
    template_name = "partnerhub/sub_partner_create.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subscription"] = WholesaleSubscription.objects.filter(
            partner=self.organization, parent__isnull=True
        ).first()
        context.setdefault("form", SubPartnerForm(initial={"billing_start": timezone.localdate()}))
        return context

    def post(self, request, *args, **kwargs):
        form = SubPartnerForm(request.POST)
        if form.is_valid():
            try:
                sub_partner, admin = sub_partner_set_up(
                    parent=self.organization, actor=self.actor, **form.cleaned_data
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                return render(
                    request,
                    "partnerhub/sub_partner_created.html",
                    self.get_context_data(
                        sub_partner=sub_partner,
                        admin=admin,
                        invitation_days=settings.INVITATION_MAX_AGE // 86400,
                        set_password_url=request.build_absolute_uri(
                            invitation_link(invitation_for(sub_partner, admin.pk))
                        ),
                    ),
                )
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SubPartnerActionMixin(PartnerMixin):
    """POST-only actions on one of the parent's sub-partners: anything else is a 404."""

    permission_required = p.PARTNER_VIEW_SUBPARTNERS
    write_permission_required = p.PARTNER_MANAGE_SUBPARTNERS

    def get_sub_partner(self):
        sub_partner = sub_partner_for(self.organization, self.kwargs["sub_partner_id"])
        if sub_partner is None:
            raise Http404("No such indirect provider")
        return sub_partner


class SubPartnerStateView(SubPartnerActionMixin, View):
    """Suspend or activate (the form posts the wanted state)."""

    def post(self, request, *args, **kwargs):
        sub_partner = self.get_sub_partner()
        state, reason = request.POST.get("state", ""), request.POST.get("reason", "").strip()
        if state == "suspended" and not reason:
            messages.error(request, f"Give the reason for suspending {sub_partner.name}.")
            return redirect("partnerhub:sub_partners", partner_id=self.organization.pk)
        try:
            sub_partner = sub_partner_set_state(
                sub_partner=sub_partner, state=state, actor=self.actor, reason=reason
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, f"{sub_partner.name} is {sub_partner.get_state_display().lower()}."
            )
        return redirect("partnerhub:sub_partners", partner_id=self.organization.pk)


class SubPartnerLaunchView(SubPartnerActionMixin, View):
    """Cross-launch into the sub-partner's Partner Hub as the parent admin (audited)."""

    write_permission_required = p.PARTNER_VIEW_SUBPARTNERS

    def post(self, request, *args, **kwargs):
        sub_partner = self.get_sub_partner()
        sub_partner_cross_launch(sub_partner=sub_partner, actor=self.actor)
        return redirect("partnerhub:overview", partner_id=sub_partner.pk)
