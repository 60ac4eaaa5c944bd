from django.contrib import admin
from django.urls import include, path

from accounts.views import accessibility_statement, home

admin.site.site_header = "Leve hele livet – administrasjon"
admin.site.site_title = "Leve hele livet"

urlpatterns = [
    path("", home, name="home"),
    path("tilgjengelighet/", accessibility_statement, name="accessibility"),
    path("konto/", include("accounts.urls")),
    path("", include("municipalities.urls")),
    path("", include("municipalities.sheet_urls")),
    path("", include("networks.urls")),
    path("", include("reporting.urls")),
    path("", include("reporting.reports.urls")),
    path("", include("reporting.packages.urls")),
    path("", include("reporting.dashboard.urls")),
    path("", include("regional.urls")),
    path("", include("jobs.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "common.errors.server_error"
