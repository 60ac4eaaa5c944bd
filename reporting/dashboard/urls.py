"""The national dashboard."""

from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", views.overview, name="overview"),
    path("dashboard/utvikling/", views.trends, name="trends"),
    path("dashboard/kart/", views.map_view, name="map"),
    path("dashboard/sok/", views.search, name="search"),
    path("dashboard/tall/<slug:key>/", views.drilldown, name="drilldown"),
    path("dashboard/tall/<slug:key>.xlsx", views.drilldown_xlsx, name="drilldown-xlsx"),
    path("dashboard/status.xlsx", views.status_xlsx, name="status-xlsx"),
    path("dashboard/ping/", views.ping, name="ping"),
]
