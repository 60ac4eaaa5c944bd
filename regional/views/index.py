"""The regional work start page: every office's plan, events, nominations and meetings."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from municipalities.models import Office

from ..models import PlanVersion


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    latest: dict[int, PlanVersion] = {}
    for version in PlanVersion.objects.filter(published_at__isnull=False).order_by("number"):
        latest[version.office_id] = version
    rows = [(office, latest.get(office.pk)) for office in Office.objects.order_by("position")]
    return render(request, "regional/index.html", {"rows": rows})
