"""Public Partner SSO sign-in endpoints (FEATURES PH-10), mounted at /sso/ by portal/urls.py."""

from django.urls import path

from partnerhub.views import settings as branding_views
from partnerhub.views import sso_signin as v

urlpatterns = [
    path("oidc/<uuid:partner_id>/start/", v.OidcStartView.as_view(), name="sso_oidc_start"),
    path(
        "oidc/<uuid:partner_id>/callback/",
        v.OidcCallbackView.as_view(),
        name="sso_oidc_callback",
    ),
    path(
        "saml/<uuid:partner_id>/metadata/",
        v.SamlMetadataView.as_view(),
        name="sso_saml_metadata",
    ),
    path("saml/<uuid:partner_id>/start/", v.SamlStartView.as_view(), name="sso_saml_start"),
    path("saml/<uuid:partner_id>/acs/", v.saml_acs, name="sso_saml_acs"),
    # The logos the sign-in page and the emails show (issue 16, PH-6): public.
    path(
        "brand/<uuid:org_id>/<str:kind>/",
        branding_views.PublicBrandLogoView.as_view(),
        name="sso_brand_logo",
    ),
]
