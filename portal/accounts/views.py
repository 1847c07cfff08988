"""Sign-in pages around the password (AC-1, AC-2, AC-3): accepting an invitation, forgotten
password, changing it, and the locked-out answer."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Max, Q
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from portal.accounts.forms import ChoosePasswordForm, PasswordResetRequestForm
from portal.accounts.invitations import invitation_accept, invitation_link
from portal.accounts.passwords import password_reset_request
from portal.accounts.protection import axes_username, client_ip
from portal.accounts.tokens import invitation_token_generator
from portal.forms import SignInForm
from portal.models import EmailStatus, Invitation


def invitation_message(request, invitation: Invitation | None) -> None:
    """Tell the inviting admin what happened: an email is on its way, or (invite emails
    suppressed by the organization) the one-time link to hand over themselves."""
    if invitation is None:
        return
    email = invitation.user.email
    if invitation.email_status == EmailStatus.SUPPRESSED:
        url = request.build_absolute_uri(invitation_link(invitation))
        messages.info(
            request,
            f"Invitation emails are suppressed for this organization, so none was sent. Give "
            f"{email} this one-time link to choose a password: {url}",
        )
    else:
        messages.info(request, f"An invitation to choose a password is on its way to {email}.")


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The link in an invitation: choose a password, then sign in with it."""

    template_name = "accounts/accept_invitation.html"
    token_generator = invitation_token_generator
    form_class = ChoosePasswordForm
    post_reset_login = False
    success_url = reverse_lazy("login")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.user is not None:
            context["invitations"] = list(
                Invitation.objects.filter(user=self.user).select_related("partner", "customer")
            )
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        invitation_accept(user=form.user)
        messages.success(
            self.request, f"Your password is set. Sign in as {form.user.email} to continue."
        )
        return response


class PasswordResetRequestView(FormView):
    """ "Forgot password?": the same answer whether or not the address has an account."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetRequestForm

    def form_valid(self, form):
        password_reset_request(email=form.cleaned_data["email"])
        return redirect("password_reset_sent")


class PasswordResetSentView(TemplateView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The emailed reset link. Setting the password ends every other session of the account
    (their session hash no longer matches) and accepts open invitations."""

    template_name = "accounts/password_reset_confirm.html"
    form_class = ChoosePasswordForm
    post_reset_login = False
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        response = super().form_valid(form)
        invitation_accept(user=form.user)
        from axes.utils import reset

        reset(username=form.user.email)
        messages.success(self.request, "Your new password is set. Sign in with it.")
        return response


class PasswordChangeView(LoginRequiredMixin, auth_views.PasswordChangeView):
    """Profile → Change password; this session stays signed in, the others end."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password was changed. Other devices are signed out.")
        return response


class ProfileView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/profile.html"


def locked_out(request, response=None, credentials=None):
    """django-axes' answer once an account or an address has failed too often: the sign-in
    page with when to try again (429)."""
    username = axes_username(request, credentials)
    ip = client_ip(request)
    from axes.models import AccessAttempt

    latest = (
        AccessAttempt.objects.filter(
            Q(username=username) | Q(ip_address=ip),
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        ).aggregate(latest=Max("attempt_time"))["latest"]
        or timezone.now()
    )
    retry_at = latest + settings.AXES_COOLOFF_TIME
    minutes = max(1, round((retry_at - timezone.now()).total_seconds() / 60))
    message = (
        f"Too many failed sign-ins for this account or from this address. Sign-in is locked "
        f"until {timezone.localtime(retry_at):%H:%M} UTC (about {minutes} minute"
        f"{'s' if minutes != 1 else ''}); then try again, or reset your password."
    )
    page = render(
        request,
        "portal/login.html",
        {
            "form": SignInForm(request),
            "locked_out": message,
            "email": username,
            "next": request.POST.get("next", ""),
            "forgot_url": reverse("password_reset"),
        },
        status=429,
    )
    page["Retry-After"] = str(max(1, int((retry_at - timezone.now()).total_seconds())))
    return page


def _safe_next(request, default: str) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class TwoFactorView(LoginRequiredMixin, TemplateView):
    """Profile → Two-step verification: set up an authenticator app (QR code, then a first
    code), new recovery codes, or switch it off when nobody requires it (AC-3)."""

    template_name = "accounts/two_factor.html"

    def get_context_data(self, **kwargs):
        from portal.accounts import two_factor as tf

        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["enabled"] = tf.has_two_factor(user)
        context["required_by"] = tf.two_factor_required_by(user)
        context["next"] = _safe_next(self.request, "")
        if not context["enabled"]:
            device = tf.two_factor_enrolment_start(user=user)
            context["qr_svg"] = tf.qr_svg(device)
            context["secret"] = tf.secret_base32(device)
        else:
            from django_otp.plugins.otp_static.models import StaticToken

            context["codes_left"] = StaticToken.objects.filter(device__user=user).count()
        return context

    def post(self, request, *args, **kwargs):
        from portal.accounts import two_factor as tf
        from portal.errors import ApplicationError

        action = request.POST.get("action")
        try:
            if action == "confirm":
                codes = tf.two_factor_enrolment_confirm(
                    request=request, user=request.user, token=request.POST.get("token", "")
                )
                messages.success(request, "Two-step verification is on.")
                return self.render_to_response(
                    self.get_context_data(codes=codes, continue_to=_safe_next(request, ""))
                )
            if action == "renew":
                codes = tf.two_factor_recovery_codes_renew(user=request.user)
                messages.success(request, "New recovery codes: the old ones no longer work.")
                return self.render_to_response(self.get_context_data(codes=codes))
            if action == "disable":
                tf.two_factor_disable(user=request.user)
                messages.success(request, "Two-step verification is off.")
                return redirect("two_factor")
        except ApplicationError as exc:
            context = self.get_context_data(error=exc.message)
            return self.render_to_response(context, status=exc.status)
        return redirect("two_factor")


class TwoFactorVerifyView(LoginRequiredMixin, TemplateView):
    """After the password: the code from the authenticator app or a recovery code."""

    template_name = "accounts/two_factor_verify.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = _safe_next(self.request, "")
        return context

    def post(self, request, *args, **kwargs):
        from portal.accounts import two_factor as tf

        if tf.two_factor_verify(
            request=request, user=request.user, token=request.POST.get("token")
        ):
            return redirect(_safe_next(request, reverse("home")))
        return self.render_to_response(
            self.get_context_data(error="That code is not right, or it was used already."),
            status=400,
        )


def sign_in_realm(email: str):
    """Home-realm discovery (AC-4): where this email signs in, asked of the app that owns
    Partner SSO through settings.SIGN_IN_REALM (the kernel imports no app). None: a password."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.utils.module_loading import import_string

    path = getattr(settings, "SIGN_IN_REALM", "")
    if not path or not email:
        return None
    try:
        validate_email(email)
    except ValidationError:
        return None
    return import_string(path)(email)


def sign_in_branding(*, brand: str = "", email: str = ""):
    """Cobranding on the sign-in page (issue 16, PH-6): the look of the partner whose link was
    followed (``?brand=<id>``) or whose customer owns the email's domain, asked of the app
    that owns branding through settings.SIGN_IN_BRANDING. None: the portal's own look."""
    from django.utils.module_loading import import_string

    path = getattr(settings, "SIGN_IN_BRANDING", "")
    if not path or not (brand or email):
        return None
    return import_string(path)(brand=brand, email=email)


class SignInView(auth_views.LoginView):
    """/login/: the email decides (AC-4). An email whose organization signs in through a
    partner's identity provider goes there; a password is taken only where the organization
    still allows one; everyone else signs in with a password as before."""

    template_name = "portal/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_initial(self):
        return {"username": self.request.GET.get("email", "")}

    def post(self, request, *args, **kwargs):
        email = request.POST.get("username", "").strip()
        password = request.POST.get("password", "")
        realm = sign_in_realm(email)
        if realm is not None:
            if not password:
                return redirect(realm.start_url(email, self.get_redirect_url()))
            if not realm.password_allowed:
                form = self.get_form()
                form.errors.clear()
                form.add_error(
                    None,
                    "Your organization signs in through its identity provider "
                    f"({realm.idp_label}); passwords are not accepted. Use the button below.",
                )
                return self.render_to_response(
                    self.get_context_data(form=form, realm=realm, email=email), status=400
                )
        elif not password:
            form = self.get_form()
            form.errors.clear()
            form.add_error("password", "Enter your password.")
            return self.render_to_response(self.get_context_data(form=form, email=email))
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        realm = context.get("realm")
        if realm is not None:
            context["sso_start_url"] = realm.start_url(
                context.get("email", ""), self.get_redirect_url()
            )
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        brand = data.get("brand", "")[:64]
        email = (context.get("email") or data.get("username") or data.get("email") or "")[:254]
        context["brand"] = brand
        context["brand_look"] = sign_in_branding(brand=brand, email=email.strip())
        return context
