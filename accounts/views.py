from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views import View
from django.views.decorators.http import require_safe

from . import throttle
from .forms import LoginForm
from .identity.config import is_break_glass, password_login_enabled, provider_settings
from .identity.provider import logout_url
from .identity.views import ID_TOKEN_KEY, ISSUER_KEY, absolute_url
from .permissions import log_security_event
from .requests import AuthenticatedRequest


class LoginView(auth_views.LoginView):
    """The password form (unless PASSWORD_LOGIN=0) and, with single sign-on, the link that starts it."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["provider"] = provider_settings()
        context["password_login"] = password_login_enabled()
        return context

    def post(self, request, *args, **kwargs):
        if not password_login_enabled():
            # Passwords are off: a password POST signs nobody in (the break-glass account uses /admin/login/).
            log_security_event(request, target="password-login-disabled")
            return self.render_to_response(self.get_context_data(password_refused=True), status=403)
        return super().post(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    """Ends the portal session and, after a sign-in through the provider, the provider's session too
    (RP-initiated logout: the browser goes to the provider's end-session endpoint and comes back to login)."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get(ID_TOKEN_KEY)
        issuer = request.session.get(ISSUER_KEY)
        response = super().post(request, *args, **kwargs)
        provider = provider_settings()
        if id_token and provider is not None and provider.issuer == issuer:
            url = logout_url(
                id_token=id_token, post_logout_redirect_uri=absolute_url(request, reverse("accounts:login"))
            )
            if url:
                return HttpResponseRedirect(url)
        return response


class PasswordLoginOnlyMixin(View):
    """Password reset exists only while passwords are on (PASSWORD_LOGIN)."""

    def dispatch(self, request, *args, **kwargs):
        if not password_login_enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class PasswordResetView(PasswordLoginOnlyMixin, auth_views.PasswordResetView):
    """Sends a reset link by e-mail; says the same whether or not the address is known, and whether or not a rate
    limit (accounts.throttle: per client address, per e-mail address) held the e-mail back."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def post(self, request, *args, **kwargs):
        self.address_allowed = throttle.password_reset_request_allowed(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if self.address_allowed and throttle.password_reset_email_allowed(self.request, form.cleaned_data["email"]):
            return super().form_valid(form)
        log_security_event(self.request, target="password-reset-throttled")
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(PasswordLoginOnlyMixin, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(PasswordLoginOnlyMixin, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(PasswordLoginOnlyMixin, auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@require_safe
def home(request: AuthenticatedRequest) -> HttpResponse:
    """Staff land on their office; everyone else on the national overview."""
    user = request.user
    if user.is_office_staff and user.office is not None:
        return redirect("municipalities:office-detail", slug=user.office.slug)
    return redirect(reverse("dashboard:overview"))


def admin_password_change(request: HttpRequest) -> HttpResponse:
    """The admin's own password change, gone with PASSWORD_LOGIN=0 except for the break-glass account."""
    if not password_login_enabled() and not is_break_glass(request.user):
        raise Http404
    return admin.site.admin_view(admin.site.password_change, cacheable=False)(request)


def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    return render(request, "accounts/locked_out.html", status=429)


@login_not_required
@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (tilgjengelighetserklæring), public like the login page."""
    return render(request, "accessibility_statement.html")
