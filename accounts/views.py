from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_safe

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    """Sends a reset link by e-mail; says the same whether or not the address is known."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Staff land on their office; everyone else on the national overview."""
    user = request.user
    if user.is_office_staff and user.office_id:
        return redirect("municipalities:office-detail", slug=user.office.slug)
    return redirect(reverse("dashboard:overview"))


def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    return render(request, "accounts/locked_out.html", status=429)


@login_not_required
@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (tilgjengelighetserklæring), public like the login page."""
    return render(request, "accessibility_statement.html")
