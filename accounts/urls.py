from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("logg-inn/", login_not_required(views.LoginView.as_view()), name="login"),
    path("logg-ut/", views.LogoutView.as_view(), name="logout"),
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
