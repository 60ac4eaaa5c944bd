"""A URLconf with a view that fails, for the 500-page test (B-6)."""

from django.urls import include, path


def boom(request):
    raise RuntimeError("forced failure with SECRET details")


urlpatterns = [path("boom/", boom), path("", include("lhl_portal.urls"))]

handler500 = "common.errors.server_error"


def database_away(request):
    from django.db import OperationalError

    raise OperationalError("connection refused")


urlpatterns.insert(0, path("db-away/", database_away))
