"""Report packages: build and offer; files are served by jobs:download."""

from django.urls import path

from . import views as package_views

app_name = "packages"

urlpatterns = [
    path("rapportering/<slug:period>/pakke/", package_views.package_national, name="national"),
    path("rapportering/<slug:period>/embeter/<slug:slug>/pakke/", package_views.package_office, name="office"),
]
