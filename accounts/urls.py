from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("logg-inn/", login_not_required(views.LoginView.as_view()), name="login"),
    path("logg-ut/", views.LogoutView.as_view(), name="logout"),
]
