from django.views.generic import TemplateView

from portal.access import permissions as p
from portal.access.views import PartnerMixin
from portal.models import Customer
from portal.selectors import audit_events_for
from portal.views import AuditLogView


class PartnerOverviewView(PartnerMixin, TemplateView):
    template_name = "partnerhub/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        customers = Customer.objects.visible_to(self.request.user).filter(owner=self.organization)
        context["customer_count"] = customers.count()
        context["sub_partner_count"] = self.organization.sub_partners.count()
        return context


class PartnerAuditLogView(PartnerMixin, AuditLogView):
    permission_required = p.PARTNER_VIEW_AUDIT

    def get_events(self):
        return audit_events_for(self.organization, user=self.request.user)
