"""Control Hub overview, audit log and services (FEATURES CH-1, CH-11)."""

from controlhub import selectors
from controlhub.models import Location
from controlhub.views.base import Page
from portal.access import permissions as p
from portal.access.views import CustomerMixin
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
        )
        return context


class OrgAuditLogView(CustomerMixin, AuditLogView):
    permission_required = p.ORG_VIEW_AUDIT

    def get_events(self):
        return audit_events_for(self.organization, user=self.request.user)


class ServicesView(Page):
    """SERVICES: Migrations and Connected UC, suppressed in Restricted-by-Partner mode."""

    permission_required = p.ORG_VIEW
    template_name = "controlhub/services.html"
