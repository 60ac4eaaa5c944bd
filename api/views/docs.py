"""The API's description and its documentation: readable without a token (they hold no data).

The documentation is Swagger UI from drf-spectacular-sidecar (a Python package, served by the portal like every
static file) started by the portal's own script file, so it runs under the CSP without inline script or style.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularJSONAPIView


class SchemaView(SpectacularJSONAPIView):
    """The OpenAPI 3 description as JSON."""

    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes: list = []


@login_not_required
@require_safe
def docs(request: HttpRequest) -> HttpResponse:
    return render(request, "api/docs.html", {"schema_url": reverse("api:schema")})
