"""The user's own page for API tokens, under /konto/ (namespace `api-tokens`)."""

from django.urls import path

from .views import tokens

app_name = "api-tokens"

urlpatterns = [
    path("", tokens.token_list, name="list"),
    path("<int:pk>/trekk-tilbake/", tokens.token_revoke, name="revoke"),
]
