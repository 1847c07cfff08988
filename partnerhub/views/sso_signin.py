"""Partner SSO sign-in endpoints (FEATURES PH-10, AC-4), public: they run before anyone is
signed in. /sso/oidc/<partner>/start|callback/ and /sso/saml/<partner>/start|acs|metadata/.

Every refusal is a page with the reason (status 403) and signs nobody in.
"""

from django.contrib.auth import login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from partnerhub.models import OidcIdentityProvider, SamlIdentityProvider
from partnerhub.services.sso_oidc import oidc_authorize_redirect, oidc_complete
from partnerhub.services.sso_saml import SESSION_KEY as SAML_SESSION_KEY
from partnerhub.services.sso_saml import (
    saml_authn_redirect,
    saml_complete,
    sp_metadata,
)
from partnerhub.services.sso_signin import SsoRefused

NEXT_KEY = "sso_next"
REPOST_FIELD = "_sso_repost"
BACKEND = "portal.access.backend.OrganizationRoleBackend"


def _safe_next(request, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


def refused(request, exc: SsoRefused):
    return render(
        request,
        "partnerhub/sso_refused.html",
        {"reason": exc.message, "code": exc.reason},
        status=exc.status,
    )


def _signed_in(request, user, next_url: str):
    login(request, user, backend=BACKEND)
    # The IdP did the person's authentication; a portal authenticator is not asked for again.
    request.session["sso_signed_in"] = True
    return redirect(next_url or reverse("home"))


def oidc_redirect_uri(request, partner_id) -> str:
    return request.build_absolute_uri(
        reverse("sso_oidc_callback", kwargs={"partner_id": partner_id})
    )


def saml_urls(request, partner_id) -> tuple[str, str]:
    """The SP entity ID (= its metadata URL) and ACS URL for one partner's IdP."""
    kwargs = {"partner_id": partner_id}
    return (
        request.build_absolute_uri(reverse("sso_saml_metadata", kwargs=kwargs)),
        request.build_absolute_uri(reverse("sso_saml_acs", kwargs=kwargs)),
    )


def _oidc_idp(partner_id) -> OidcIdentityProvider:
    idp = OidcIdentityProvider.objects.filter(partner_id=partner_id).select_related("partner")
    idp = idp.first()
    if idp is None:
        raise Http404("No OpenID Connect IdP is configured for this partner.")
    return idp


def _saml_idp(partner_id) -> SamlIdentityProvider:
    idp = SamlIdentityProvider.objects.filter(partner_id=partner_id).select_related("partner")
    idp = idp.first()
    if idp is None:
        raise Http404("No SAML IdP is configured for this partner.")
    return idp


class OidcStartView(View):
    def get(self, request, partner_id):
        idp = _oidc_idp(partner_id)
        request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next", ""))
        try:
            return oidc_authorize_redirect(
                request, idp, oidc_redirect_uri(request, partner_id), request.GET.get("email", "")
            )
        except SsoRefused as exc:
            return refused(request, exc)


class OidcCallbackView(View):
    def get(self, request, partner_id):
        idp = _oidc_idp(partner_id)
        try:
            user = oidc_complete(request, idp)
        except SsoRefused as exc:
            return refused(request, exc)
        return _signed_in(request, user, request.session.pop(NEXT_KEY, ""))


class SamlMetadataView(View):
    def get(self, request, partner_id):
        _saml_idp(partner_id)
        entity_id, acs_url = saml_urls(request, partner_id)
        try:
            xml = sp_metadata(entity_id=entity_id, acs_url=acs_url)
        except SsoRefused as exc:
            return refused(request, exc)
        response = HttpResponse(xml, content_type="application/samlmetadata+xml")
        response["Content-Disposition"] = 'attachment; filename="sp-metadata.xml"'
        return response


class SamlStartView(View):
    def get(self, request, partner_id):
        idp = _saml_idp(partner_id)
        entity_id, acs_url = saml_urls(request, partner_id)
        try:
            url = saml_authn_redirect(
                request,
                idp,
                entity_id=entity_id,
                acs_url=acs_url,
                next_url=_safe_next(request, request.GET.get("next", "")),
            )
        except SsoRefused as exc:
            return refused(request, exc)
        return redirect(url)


@csrf_exempt  # the IdP posts the answer from another site; its signature is the protection
def saml_acs(request, partner_id):
    if request.method != "POST":
        return refused(request, SsoRefused("Sign in from the sign-in page.", "sso_invalid"))
    idp = _saml_idp(partner_id)
    if (
        request.POST.get("SAMLResponse")
        and SAML_SESSION_KEY not in request.session
        and not request.POST.get(REPOST_FIELD)
    ):
        # The IdP's auto-posted form comes from another site, so the browser leaves out the
        # session cookie (SameSite=Lax). Post it once more from this page, same-site, so the
        # answer is checked against the request this browser's session made.
        return render(
            request,
            "partnerhub/sso_repost.html",
            {"fields": request.POST.items(), "repost_field": REPOST_FIELD},
        )
    entity_id, acs_url = saml_urls(request, partner_id)
    try:
        user, next_url = saml_complete(request, idp, entity_id=entity_id, acs_url=acs_url)
    except SsoRefused as exc:
        return refused(request, exc)
    return _signed_in(request, user, _safe_next(request, next_url))
