"""The one view mixin that resolves the organization named in the URL (STYLE rule 4).

Unknown or invisible organization: 404. Visible but missing the permission: 403. Handlers
get the organization as ``self.organization`` (also ``request.organization``) and an
``Actor`` for the services they call.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from portal.access import permissions as p
from portal.access.entitlements import acting_on_behalf_of
from portal.audit import Actor
from portal.models import Customer, Partner

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class OrganizationMixin:
    organization_model: type[Partner] | type[Customer]
    organization_url_kwarg: str
    #: Needed to know the organization exists at all; without it the answer is 404.
    visibility_permission: str
    #: Needed for GET/HEAD/OPTIONS.
    permission_required: str
    #: Needed for every other method; None refuses them (denied by default).
    write_permission_required: str | None = None

    def get_organization_queryset(self):
        return self.organization_model.objects.all()

    def required_permission(self, method: str) -> str | None:
        if method in SAFE_METHODS:
            return self.permission_required
        return self.write_permission_required

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        organization = (
            self.get_organization_queryset().filter(pk=kwargs[self.organization_url_kwarg]).first()
        )
        if organization is None or not user.has_perm(self.visibility_permission, organization):
            raise Http404("No such organization")
        # Set before the permission check so the 403 page keeps the organization's navigation.
        self.organization = request.organization = organization
        self.on_behalf_of = request.on_behalf_of = acting_on_behalf_of(user, organization)
        needed = self.required_permission(request.method)
        if needed is None or not user.has_perm(needed, organization):
            raise PermissionDenied
        self.actor = Actor(user=user, on_behalf_of=self.on_behalf_of)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organization"] = self.organization
        return context


class PartnerMixin(OrganizationMixin):
    """Views under /partner/<partner_id>/ (Partner Hub)."""

    organization_model = Partner
    organization_url_kwarg = "partner_id"
    visibility_permission = p.PARTNER_VIEW
    permission_required = p.PARTNER_VIEW

    def get_organization_queryset(self):
        return Partner.objects.select_related("parent")


class CustomerMixin(OrganizationMixin):
    """Views under /org/<org_id>/ (Control Hub)."""

    organization_model = Customer
    organization_url_kwarg = "org_id"
    visibility_permission = p.ORG_VIEW
    permission_required = p.ORG_VIEW

    def get_organization_queryset(self):
        return Customer.objects.select_related("owner__parent")


class PlatformMixin:
    """Views outside any organization (compliance review): a platform permission or 403."""

    permission_required: str

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        self.actor = Actor(user=request.user)
        return super().dispatch(request, *args, **kwargs)
