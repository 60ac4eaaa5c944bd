"""The office staff's start page panel: their office's report for the current period.

Registered in settings.OFFICE_START_PANELS; the office overview (`municipalities.views.office_detail`, a lower
layer) renders it for the office's own staff by dotted path. The current period is `current_period`: the
earliest whose deadline has not passed, otherwise the latest.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from accounts import permissions
from accounts.requests import AuthenticatedRequest
from municipalities.models import Municipality, Office
from municipalities.selectors import status_as_of
from reporting.periods.selectors import period_list

from .completeness import completeness_items
from .selectors import current_period, days_left, report_states


def office_report_panel(request: AuthenticatedRequest, office: Office) -> str:
    """The panel's HTML, or "" for anyone but the office's own staff (or without periods)."""
    if not permissions.can_see_drafts(request.user, office):
        return ""
    today = timezone.localdate()
    period = current_period(list(period_list()), today)
    if period is None:
        return ""
    state = report_states(period=period, offices=[office])[office.pk]
    municipalities = list(Municipality.objects.filter(office=office).select_related("county").by_name())
    statuses = status_as_of(municipalities, as_of=period.reference_date)
    items = completeness_items(municipalities=municipalities, statuses=statuses, as_of=period.reference_date)
    left = days_left(period, today)
    return render_to_string(
        "reports/_start_panel.html",
        {
            "office": office,
            "period": period,
            "state": state,
            "days_left": left,
            "days_overdue": max(0, -left),
            "lateness": state.lateness(period.deadline),
            "completeness_count": len(items),
        },
        request=request,
    )
