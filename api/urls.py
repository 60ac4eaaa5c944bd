"""The API, version 1, under /api/v1/ (namespace `api`). Every route answers by its Bearer token alone."""

from django.urls import path

from .views import docs
from .views.base import api_path
from .views.figures import FiguresView
from .views.grants import GrantPriorityView
from .views.reference import (
    CountyListView,
    MunicipalityDetailView,
    MunicipalityListView,
    OfficeDetailView,
    OfficeListView,
)
from .views.reports import ReportListView, ReportTextsView
from .views.status import MunicipalityFactsView, MunicipalityStatusView, StatusListView

app_name = "api"

urlpatterns = [
    api_path("openapi.json", docs.SchemaView, "schema"),
    path("docs/", docs.docs, name="docs"),
    api_path("offices/", OfficeListView, "office-list"),
    api_path("offices/<slug:slug>/", OfficeDetailView, "office-detail"),
    api_path("counties/", CountyListView, "county-list"),
    api_path("municipalities/", MunicipalityListView, "municipality-list"),
    api_path("municipalities/<str:number>/", MunicipalityDetailView, "municipality-detail"),
    api_path("municipalities/<str:number>/status/", MunicipalityStatusView, "municipality-status"),
    api_path("municipalities/<str:number>/facts/", MunicipalityFactsView, "municipality-facts"),
    api_path("status/", StatusListView, "status-list"),
    api_path("reports/", ReportListView, "report-list"),
    api_path("reports/<slug:period>/<slug:office>/", ReportTextsView, "report-texts"),
    api_path("grant-priority/", GrantPriorityView, "grant-priority"),
    api_path("figures/", FiguresView, "figures"),
]
