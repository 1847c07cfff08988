"""View plumbing shared by the Partner Hub pages."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from partnerhub.selectors import customer_for_partner_hub
from portal.access import permissions as p
from portal.access.views import SAFE_METHODS


class PartnerCustomerMixin:
    """After PartnerMixin in the MRO: resolves /customers/<org_id>/ inside the partner.

    A customer the user may not see is a 404; for write methods the user also needs
    `customer_write_permission` in that customer (denied by default).
    """

    permission_required = p.PARTNER_VIEW_CUSTOMERS
    customer_write_permission: str | None = None

    def dispatch(self, request, *args, **kwargs):
        self.customer = customer_for_partner_hub(self.organization, request.user, kwargs["org_id"])
        if self.customer is None:
            raise Http404("No such customer")
        if request.method not in SAFE_METHODS:
            needed = self.customer_write_permission
            if needed is None or not request.user.has_perm(needed, self.customer):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["customer"] = self.customer
        return context
