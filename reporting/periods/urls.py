"""Reporting periods (in the `reporting` namespace, see reporting/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("rapportering/perioder/", views.period_list_view, name="period-list"),
    path("rapportering/perioder/ny/", views.period_create, name="period-create"),
    path("rapportering/perioder/<slug:slug>/endre/", views.period_edit, name="period-edit"),
]
