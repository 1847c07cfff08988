"""The customer admin's side of attaching wholesale to an existing org (FEATURES PV-8).

When the org has 100 users or more, or a verified or claimed domain, the partner's attach waits
for the org's full administrator, who approves or declines it here, inside their Control Hub.
The decision itself is controlhub.services.attach's.
"""

from django.contrib import messages
from django.urls import reverse
from django.views.generic import TemplateView

from controlhub.selectors import attach_request_packages
from controlhub.services.attach import customer_attach_approve, customer_attach_decline
from portal.access import permissions as p
from portal.access.views import CustomerMixin
from portal.errors import ApplicationError
from portal.pages import redirect_after_post


class AttachRequestView(CustomerMixin, TemplateView):
    """GET: the waiting request (or that none is waiting); POST decision=approve|decline."""

    # Only the org's own full administrators: the partner cannot approve its own request.
    permission_required = p.ORG_APPROVE_PARTNER_ATTACH
    write_permission_required = p.ORG_APPROVE_PARTNER_ATTACH
    template_name = "controlhub/attach_request.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.organization
        context["pending"] = org.awaits_attach_approval
        if context["pending"]:
            context["packages"] = attach_request_packages(org)
        return context

    def post(self, request, *args, **kwargs):
        decision = request.POST.get("decision")
        services = {"approve": customer_attach_approve, "decline": customer_attach_decline}
        if decision not in services:
            return self.render_to_response(self.get_context_data(), status=400)
        try:
            services[decision](customer=self.organization, actor=self.actor)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            partner = self.organization.owner.name
            if decision == "approve":
                messages.success(
                    request, f"Approved: {partner} now adds Webex for Wholesale to your org."
                )
            else:
                messages.warning(request, f"Declined: {partner} does not attach to your org.")
        url = reverse("controlhub:overview", kwargs={"org_id": self.organization.pk})
        return redirect_after_post(request, url)
