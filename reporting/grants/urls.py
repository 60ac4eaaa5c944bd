"""Grant priority (in the `reporting` namespace, see reporting/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("embeter/<slug:slug>/tilskudd/", views.office_grants, name="office-grants"),
    path("embeter/<slug:slug>/tilskudd/regneark/", views.office_grants_xlsx, name="office-grants-xlsx"),
    path("embeter/<slug:slug>/tilskudd/<str:number>/", views.grant_confirm, name="grant-confirm"),
    path("tilskudd/", views.grant_national, name="grant-national"),
    path("tilskudd/regneark/", views.grant_national_xlsx, name="grant-national-xlsx"),
    path("tilskudd/ordninger/ny/", views.scheme_create, name="scheme-create"),
    path("tilskudd/ordninger/<int:pk>/endre/", views.scheme_edit, name="scheme-edit"),
]
