"""The regional work start page: every office's plan, events, nominations and meetings."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.requests import AuthenticatedRequest
from municipalities.selectors import office_list

from ..selectors import published_plans_by_office


@require_safe
def index(request: AuthenticatedRequest) -> HttpResponse:
    latest = published_plans_by_office()
    rows = [(office, latest.get(office.pk)) for office in office_list()]
    return render(request, "regional/index.html", {"rows": rows})
