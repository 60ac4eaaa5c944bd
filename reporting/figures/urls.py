"""An office's figures (in the `reporting` namespace, see reporting/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("embeter/<slug:slug>/tall/", views.office_figures, name="office-figures"),
    path(
        "embeter/<slug:slug>/tall/<slug:key>.xlsx",
        views.office_figure_municipalities_xlsx,
        name="office-figure-municipalities-xlsx",
    ),
    path(
        "embeter/<slug:slug>/tall/<slug:key>/",
        views.office_figure_municipalities,
        name="office-figure-municipalities",
    ),
]
