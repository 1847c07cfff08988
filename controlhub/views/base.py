"""Control Hub pages (FEATURES CH-1 … CH-8, CH-11). Thin: parse, call a service or selector,
render. Access is decided once by CustomerMixin from `permission_required` (GET) and
`write_permission_required` (POST), i.e. by the access backend Restricted-by-Partner mode
feeds into; the templates ask the same backend to grey out what a POST would refuse."""

from django.core.paginator import Paginator
from django.urls import reverse
from django.views.generic import TemplateView

from controlhub.restrictions import denial_reason
from portal.access.views import CustomerMixin
from portal.pages import HtmxPartialMixin


class Page(CustomerMixin, HtmxPartialMixin, TemplateView):
    """A Control Hub page; htmx requests get `partial_template_name` when there is one."""

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"controlhub:{name}", kwargs={"org_id": self.organization.pk, **kwargs})

    def reason(self, perm: str) -> str:
        return denial_reason(self.request.user, perm, self.organization)

    def filtered_page(self, filterset, per_page: int = 25) -> dict:
        """The context of a filtered list: its FilterSet's form and fields and the requested
        page of its rows, paginated in SQL (users, workspaces and devices share it)."""
        page = Paginator(filterset.qs, per_page).get_page(self.request.GET.get("page"))
        return {"filter_form": filterset.form, "filter_fields": filterset.page_fields, "page": page}

    def invalid(self, **context):
        return self.render_to_response(self.get_context_data(**context), status=400)
