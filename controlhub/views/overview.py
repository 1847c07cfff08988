"""Control Hub overview, audit log and services (FEATURES CH-1, CH-11)."""

from django.contrib import messages
from django.shortcuts import redirect

from controlhub import selectors
from controlhub.models import Location, MeetingSite
from controlhub.services import meeting_sites
from controlhub.views.base import Page
from portal.access import permissions as p
from portal.access.views import CustomerMixin
from portal.errors import ApplicationError
from portal.pages import redirect_after_post
from portal.selectors import audit_events_for
from portal.views import AuditLogView


class OrgOverviewView(Page):
    template_name = "controlhub/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.organization
        context.update(
            user_count=selectors.current_subscribers(org).count(),
            location_count=Location.objects.for_org(org).count(),
            free_number_count=selectors.free_numbers(org).count(),
            # The overview's analytics (PH-9): licenses, users by status, numbers, admin
            # activity and the service term.
            licenses=selectors.license_overview(org),
            users_by_status=selectors.users_by_status(org),
            numbers=selectors.number_counts(org),
            service_term=getattr(org, "subscription", None)
            if hasattr(org, "subscription")
            else None,
        )
        if self.request.user.has_perm(p.ORG_VIEW_AUDIT, org):
            context["recent_activity"] = (
                audit_events_for(org, user=self.request.user)
                .select_related("on_behalf_of")
                .order_by("-occurred_at", "-id")[:8]
            )
        return context


class OrgAuditLogView(CustomerMixin, AuditLogView):
    permission_required = p.ORG_VIEW_AUDIT

    def get_events(self):
        return audit_events_for(self.organization, user=self.request.user)


class ServicesView(Page):
    """SERVICES: Meetings (the meeting site, CH-13), Migrations and Connected UC (suppressed in
    Restricted-by-Partner mode)."""

    permission_required = p.ORG_VIEW
    template_name = "controlhub/services.html"

    def get_context_data(self, **kwargs):
        kwargs["site"] = MeetingSite.objects.for_org(self.organization).first()
        return super().get_context_data(**kwargs)


class WebexAssistantView(Page):
    """Services → Meetings: switch Webex Assistant on or off (partner and customer admins)."""

    permission_required = p.ORG_VIEW
    write_permission_required = p.ORG_MANAGE_MEETINGS

    def get(self, request, *args, **kwargs):
        return redirect(self.url("services") + "#meetings")

    def post(self, request, *args, **kwargs):
        enabled = request.POST.get("enabled") == "on"
        try:
            meeting_sites.webex_assistant_set(
                customer=self.organization, actor=self.actor, enabled=enabled
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Webex Assistant is {'on' if enabled else 'off'}.")
        return redirect_after_post(request, self.url("services") + "#meetings")
