"""Reporting periods, figures and grant priority (issue 6); reports and packages come with later issues."""

from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("rapportering/perioder/", views.period_list_view, name="period-list"),
    path("rapportering/perioder/ny/", views.period_create, name="period-create"),
    path("rapportering/perioder/<slug:slug>/endre/", views.period_edit, name="period-edit"),
    path("embeter/<slug:slug>/tall/", views.office_figures, name="office-figures"),
    path(
        "embeter/<slug:slug>/tall/<slug:key>/",
        views.office_figure_municipalities,
        name="office-figure-municipalities",
    ),
    path("embeter/<slug:slug>/tilskudd/", views.office_grants, name="office-grants"),
    path("embeter/<slug:slug>/tilskudd/regneark/", views.office_grants_xlsx, name="office-grants-xlsx"),
    path("embeter/<slug:slug>/tilskudd/<str:number>/", views.grant_confirm, name="grant-confirm"),
    path("tilskudd/", views.grant_national, name="grant-national"),
    path("tilskudd/regneark/", views.grant_national_xlsx, name="grant-national-xlsx"),
    path("tilskudd/ordninger/ny/", views.scheme_create, name="scheme-create"),
    path("tilskudd/ordninger/<int:pk>/endre/", views.scheme_edit, name="scheme-edit"),
]
