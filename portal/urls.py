from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from portal import token_views, views
from portal.accounts import views as account_views
from portal.api.root import api

urlpatterns = [
    path("", views.home, name="home"),
    # Email first: home-realm discovery routes to a partner's IdP (AC-4).
    path("login/", account_views.SignInView.as_view(), name="login"),
    # Partner SSO sign-in (PH-10): OIDC callback, SAML metadata and ACS, public.
    path("sso/", include("partnerhub.sso_urls")),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The one-time link of an invitation (AC-1): choose a password.
    path(
        "set-password/<uidb64>/<token>/",
        account_views.InvitationAcceptView.as_view(),
        name="set_password",
    ),
    # Forgotten password (AC-2): the same answer for every address.
    path(
        "password-reset/",
        account_views.PasswordResetRequestView.as_view(),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        account_views.PasswordResetSentView.as_view(),
        name="password_reset_sent",
    ),
    path(
        "reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("profile/", account_views.ProfileView.as_view(), name="profile"),
    # Two-step verification (AC-3): set up in the profile, asked for after the password.
    path("profile/two-factor/", account_views.TwoFactorView.as_view(), name="two_factor"),
    path("login/verify/", account_views.TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path(
        "profile/password/",
        account_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path("healthz", views.healthz, name="healthz"),
    # The design system's components (DEBUG only).
    path("styleguide/", views.styleguide, name="styleguide"),
    path("partner/<uuid:partner_id>/", include("partnerhub.urls")),
    path("partner/<uuid:partner_id>/billing/", include("billing.urls")),
    path("org/<uuid:org_id>/", include("controlhub.urls")),
    path("compliance/", include("screening.urls")),
    path("operator/", include("console.urls")),
    path("v1/", api.urls),
    # Anything else under /v1/ is a 404 with Webex's error body, not the HTML page.
    re_path(r"^v1/", views.api_not_found),
    path(
        "partner/<uuid:partner_id>/api-tokens/",
        token_views.ApiTokenListView.as_view(),
        name="api_tokens",
    ),
    path(
        "partner/<uuid:partner_id>/api-tokens/revoke/",
        token_views.ApiTokenRevokeView.as_view(),
        name="api_token_revoke",
    ),
    path("admin/", admin.site.urls),
]
