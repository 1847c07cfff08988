from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path, reverse_lazy

from portal import token_views, views
from portal.api.root import api
from portal.forms import SignInForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="portal/login.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # One-time link shown to whoever set up a first administrator (no email is sent, PH-8).
    path(
        "set-password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="portal/set_password.html",
            success_url=reverse_lazy("login"),
            post_reset_login=False,
        ),
        name="set_password",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("partner/<uuid:partner_id>/", include("partnerhub.urls")),
    path("partner/<uuid:partner_id>/billing/", include("billing.urls")),
    path("org/<uuid:org_id>/", include("controlhub.urls")),
    path("compliance/", include("screening.urls")),
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
