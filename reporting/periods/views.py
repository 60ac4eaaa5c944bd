"""The list of reporting periods (every reader) and the directorate's create and edit forms."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions
from accounts.requests import AuthenticatedRequest

from .forms import PeriodForm
from .models import ReportingPeriod
from .selectors import period_list
from .services import period_save


@require_safe
def period_list_view(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "reporting/period_list.html",
        {"periods": period_list(), "can_manage": permissions.can_manage_periods(request.user)},
    )


def _period_form(request: AuthenticatedRequest, period: ReportingPeriod | None) -> HttpResponse:
    form = PeriodForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        saved = period_save(period=form.save(commit=False), user=request.user)
        messages.success(request, _("Perioden «%(name)s» er lagret.") % {"name": saved.name})
        return redirect("reporting:period-list")
    return render(request, "reporting/period_form.html", {"form": form, "period": period})


@require_http_methods(["GET", "POST"])
def period_create(request: AuthenticatedRequest) -> HttpResponse:
    permissions.require(request, permissions.can_manage_periods(request.user), target="period:new")
    return _period_form(request, None)


@require_http_methods(["GET", "POST"])
def period_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    period = permissions.get_for_reading(request, ReportingPeriod, slug=slug)
    permissions.require(request, permissions.can_manage_periods(request.user), target=f"period:{period.slug}")
    return _period_form(request, period)
