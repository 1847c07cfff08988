from django.views.generic import TemplateView

from portal.access import permissions as p
from portal.access.views import CustomerMixin
from portal.selectors import audit_events_for
from portal.views import AuditLogView


class OrgOverviewView(CustomerMixin, TemplateView):
    template_name = "controlhub/overview.html"


class OrgAuditLogView(CustomerMixin, AuditLogView):
    permission_required = p.ORG_VIEW_AUDIT

    def get_events(self):
        return audit_events_for(self.organization, user=self.request.user)
