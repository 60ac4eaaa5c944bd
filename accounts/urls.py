from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views
from .identity import views as identity_views

app_name = "accounts"

urlpatterns = [
    path("logg-inn/", login_not_required(views.LoginView.as_view()), name="login"),
    path("logg-ut/", views.LogoutView.as_view(), name="logout"),
    # Single sign-on (404 unless OIDC_ISSUER and OIDC_CLIENT_ID are set): the start redirects to the provider,
    # which answers at sso-callback (register that address at the provider as the redirect URI).
    path("sso/start/", identity_views.sso_start, name="sso-start"),
    path("sso/tilbake/", identity_views.sso_callback, name="sso-callback"),
    path("glemt-passord/", login_not_required(views.PasswordResetView.as_view()), name="password-reset"),
    path(
        "glemt-passord/sendt/",
        login_not_required(views.PasswordResetDoneView.as_view()),
        name="password-reset-done",
    ),
    path(
        "nytt-passord/<uidb64>/<token>/",
        login_not_required(views.PasswordResetConfirmView.as_view()),
        name="password-reset-confirm",
    ),
    path(
        "nytt-passord/ferdig/",
        login_not_required(views.PasswordResetCompleteView.as_view()),
        name="password-reset-complete",
    ),
]
