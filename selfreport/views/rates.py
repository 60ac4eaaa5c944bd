"""The directorate's view of the status rounds: the response rate of each office's latest round (a page of the
national dashboard; every reader sees it, as every dashboard page)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from accounts.requests import AuthenticatedRequest

from ..selectors import response_rates


@require_safe
def dashboard_rates(request: AuthenticatedRequest) -> HttpResponse:
    rows = response_rates()
    asked = sum(r.municipalities for r in rows)
    answered = sum(r.answered for r in rows)
    return render(
        request,
        "selfreport/rates.html",
        {
            "rows": rows,
            "asked": asked,
            "answered": answered,
            "accepted": sum(r.accepted for r in rows),
            "rate": answered / asked if asked else None,
            "active": "selfreport",
            "overview_url": reverse("dashboard:overview"),
            "map_url": reverse("dashboard:map"),
            "trends_url": reverse("dashboard:trends"),
        },
    )
