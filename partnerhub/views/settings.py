"""Partner-level pages: custom tags, admins, advanced branding and partner SSO."""

import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView, View

from partnerhub.forms import (
    AdminInviteForm,
    AdminSignInForm,
    BrandingForm,
    OidcForm,
    SamlMetadataForm,
    TagForm,
)
from partnerhub.models import OidcIdentityProvider, SamlIdentityProvider, Tag
from partnerhub.selectors import partner_admins, tags_for
from partnerhub.services import admins as admin_services
from partnerhub.services.branding import (
    BRANDING_FIELDS,
    LOGO_FIELDS,
    branding_for,
    branding_of,
    branding_update,
)
from partnerhub.services.sso import (
    OIDC_FIELDS,
    SsoError,
    admin_sign_in_set,
    oidc_configure,
    saml_metadata_upload,
)
from partnerhub.services.tags import tag_create, tag_delete, tag_rename
from partnerhub.views.base import PartnerCustomerMixin
from portal.access import permissions as p
from portal.access.roles import PARTNER_ROLES
from portal.access.views import PartnerMixin
from portal.accounts.invitations import invitation_for
from portal.accounts.views import invitation_message
from portal.errors import ApplicationError
from portal.models import PartnerRoleAssignment, User
from portal.pages import posted_id

DEFAULT_COLOURS = {
    "light_primary_color": "#0d6efd",
    "light_accent_color": "#6f42c1",
    "dark_primary_color": "#6ea8fe",
    "dark_accent_color": "#a98eda",
}


class TagsView(PartnerMixin, TemplateView):
    """Custom tags: every admin sees them; full admins and partner admins change them."""

    permission_required = p.PARTNER_VIEW
    write_permission_required = p.PARTNER_MANAGE_TAGS
    template_name = "partnerhub/tags.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", TagForm())
        context["tags"] = tags_for(self.organization)
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "create")
        try:
            if action == "create":
                form = TagForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(form=form), status=400)
                tag = tag_create(
                    partner=self.organization, actor=self.actor, name=form.cleaned_data["name"]
                )
                messages.success(request, f"Tag {tag.name} was created.")
            else:
                tag = (
                    Tag.objects.for_org(self.organization)
                    .filter(pk=posted_id(request, "tag"))
                    .first()
                )
                if tag is None:
                    raise ApplicationError("That tag does not exist any more.")
                if action == "rename":
                    old = tag.name
                    tag_rename(tag=tag, actor=self.actor, name=request.POST.get("name", ""))
                    messages.success(request, f"Tag {old} is now {tag.name}.")
                elif action == "delete":
                    tag_delete(tag=tag, actor=self.actor)
                    messages.success(request, f"Tag {tag.name} was deleted.")
        except ApplicationError as exc:
            form = TagForm(request.POST if action == "create" else None)
            context = self.get_context_data(form=form, error=exc.message)
            context["typed_rename"] = (request.POST.get("tag"), request.POST.get("name", ""))
            return self.render_to_response(context, status=400)
        return redirect(request.path)


class AdminsView(PartnerMixin, TemplateView):
    """ "Admins": the partner's administrators and their roles (FEATURES PH-1)."""

    permission_required = p.PARTNER_VIEW_ADMINS
    write_permission_required = p.PARTNER_MANAGE_ADMINS
    template_name = "partnerhub/admins.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", AdminInviteForm())
        context["admins"] = list(partner_admins(self.organization))
        context["roles"] = PARTNER_ROLES
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "invite")
        if action == "invite":
            form = AdminInviteForm(request.POST)
            if form.is_valid():
                try:
                    user = admin_services.partner_admin_invite(
                        partner=self.organization, actor=self.actor, **form.cleaned_data
                    )
                    messages.success(request, f"{user.email} is now an administrator.")
                    invitation_message(request, invitation_for(self.organization, user.pk))
                    return redirect(request.path)
                except ApplicationError as exc:
                    form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if action == "two_factor":
            admin_services.partner_two_factor_policy_set(
                partner=self.organization,
                actor=self.actor,
                own_admins=request.POST.get("require_two_factor") == "on",
                customer_admins=request.POST.get("require_two_factor_for_customers") == "on",
            )
            messages.success(request, "Two-step verification requirements were saved.")
            return redirect(request.path)
        # Only admins of this partner can be changed here (client-sent ids are not trusted).
        user = User.objects.filter(
            pk__in=PartnerRoleAssignment.objects.for_org(self.organization).values("user"),
            pk=posted_id(request, "user"),
        ).first()
        try:
            if user is None:
                raise ApplicationError("That person is not an administrator here.")
            if action == "roles":
                admin_services.partner_admin_set_roles(
                    partner=self.organization,
                    user=user,
                    roles=request.POST.getlist("roles"),
                    actor=self.actor,
                )
                messages.success(request, f"Roles of {user.email} were saved.")
            elif action == "remove":
                admin_services.partner_admin_remove(
                    partner=self.organization, user=user, actor=self.actor
                )
                messages.success(request, f"{user.email} is no longer an administrator.")
            elif action == "resend":
                invitation = admin_services.partner_admin_resend_invitation(
                    partner=self.organization, user=user, actor=self.actor
                )
                invitation_message(request, invitation)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect(request.path)


class BrandingView(PartnerMixin, TemplateView):
    """Advanced branding: logos, light and dark colour schemes, support URLs, live preview."""

    permission_required = p.PARTNER_VIEW_SETTINGS
    write_permission_required = p.PARTNER_MANAGE_BRANDING
    template_name = "partnerhub/branding.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        branding = branding_for(self.organization)
        context["branding"] = branding
        context["form"] = form or BrandingForm(
            initial={f: getattr(branding, f) for f in BRANDING_FIELDS}
            if branding
            else DEFAULT_COLOURS
        )
        # The partner's sign-in link (issue 16, PH-6): the sign-in page in its look.
        link = f"{reverse('login')}?brand={self.organization.pk}"
        context["sign_in_link"] = link
        context["sign_in_link_full"] = self.request.build_absolute_uri(link)
        return context

    def post(self, request, *args, **kwargs):
        form = BrandingForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                branding_update(
                    organization=self.organization,
                    actor=self.actor,
                    logos={k: form.cleaned_data.get(k) for k in LOGO_FIELDS},
                    clear_logos=tuple(k for k in LOGO_FIELDS if request.POST.get(f"clear_{k}")),
                    **{k: form.cleaned_data[k] for k in BRANDING_FIELDS},
                )
                messages.success(
                    request,
                    "Branding saved. Your customers see it in Control Hub, on the sign-in page "
                    "and in invitation emails.",
                )
                return redirect(request.path)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _logo_response(branding, kind):
    if branding is None or kind not in LOGO_FIELDS or not getattr(branding, kind):
        raise Http404("No logo")
    logo = getattr(branding, kind)
    content_type = mimetypes.guess_type(logo.name)[0] or "application/octet-stream"
    response = FileResponse(logo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class BrandingLogoView(PartnerMixin, View):
    """Logos are served through the access check, not from a public media URL."""

    permission_required = p.PARTNER_VIEW_SETTINGS

    def get(self, request, *args, **kwargs):
        return _logo_response(branding_for(self.organization), kwargs["kind"])


class CustomerBrandingLogoView(PartnerMixin, PartnerCustomerMixin, View):
    def get(self, request, *args, **kwargs):
        return _logo_response(branding_for(self.customer), kwargs["kind"])


class SsoView(PartnerMixin, TemplateView):
    """Partner SSO: SAML metadata (entity ID read from it) and OpenID Connect IdP attributes."""

    permission_required = p.PARTNER_VIEW_SETTINGS
    write_permission_required = p.PARTNER_MANAGE_SSO
    template_name = "partnerhub/sso.html"

    def get_context_data(self, saml_form=None, oidc_form=None, admin_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        saml = SamlIdentityProvider.objects.for_org(self.organization).first()
        oidc = OidcIdentityProvider.objects.for_org(self.organization).first()
        admin_sign_in = (
            "saml"
            if saml and saml.required_for_admins
            else "oidc"
            if oidc and oidc.required_for_admins
            else "password"
        )
        kwargs_ = {"partner_id": self.organization.pk}
        absolute = self.request.build_absolute_uri
        context.update(
            # The values the partner copies into its IdP (PH-10, README "Connect your IdP").
            sp_entity_id=absolute(reverse("sso_saml_metadata", kwargs=kwargs_)),
            sp_acs_url=absolute(reverse("sso_saml_acs", kwargs=kwargs_)),
            oidc_redirect_uri=absolute(reverse("sso_oidc_callback", kwargs=kwargs_)),
            saml=saml,
            oidc=oidc,
            admin_form=admin_form or AdminSignInForm(initial={"admin_sign_in": admin_sign_in}),
            saml_form=saml_form or SamlMetadataForm(),
            oidc_form=oidc_form
            or OidcForm(initial={f: getattr(oidc, f) for f in OIDC_FIELDS} if oidc else None),
        )
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "admins":
            form = AdminSignInForm(request.POST)
            if form.is_valid():
                try:
                    admin_sign_in_set(
                        partner=self.organization, actor=self.actor, **form.cleaned_data
                    )
                    messages.success(request, "Saved how partner admins sign in.")
                    return redirect(request.path)
                except SsoError as exc:
                    form.add_error("admin_sign_in", exc.message)
            return self.render_to_response(self.get_context_data(admin_form=form), status=400)
        if request.POST.get("action") == "saml":
            form = SamlMetadataForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    idp = saml_metadata_upload(
                        partner=self.organization,
                        actor=self.actor,
                        raw=form.cleaned_data["metadata"].read(),
                    )
                    messages.success(
                        request, f"SAML metadata saved. IdP entity ID: {idp.entity_id}"
                    )
                    return redirect(request.path)
                except SsoError as exc:
                    form.add_error("metadata", exc.message)
            return self.render_to_response(self.get_context_data(saml_form=form), status=400)
        form = OidcForm(request.POST)
        if form.is_valid():
            try:
                oidc_configure(partner=self.organization, actor=self.actor, **form.cleaned_data)
                messages.success(request, "OpenID Connect IdP saved.")
                return redirect(request.path)
            except SsoError as exc:
                form.add_error(exc.field, exc.message)
        return self.render_to_response(self.get_context_data(oidc_form=form), status=400)


class PublicBrandLogoView(View):
    """A partner's (or a customer's override) logo for the sign-in page and the emails (issue
    16, PH-6): public, because both are seen before signing in; only the two logo files."""

    def get(self, request, *args, **kwargs):
        response = _logo_response(branding_of(kwargs["org_id"]), kwargs["kind"])
        response["Cache-Control"] = "public, max-age=300"
        return response
