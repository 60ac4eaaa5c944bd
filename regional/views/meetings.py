"""Monthly status meetings: the directorate writes the minutes, every reader reads them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions
from accounts.requests import AuthenticatedRequest
from municipalities.models import Office

from ..forms import FollowUpFormSet, StatusMeetingForm
from ..models import StatusMeeting
from ..selectors import meetings_of_office
from ..services import meeting_save


@require_safe
def office_meetings(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    office = permissions.get_for_reading(request, Office, slug=slug)
    return render(
        request,
        "regional/office_meetings.html",
        {
            "office": office,
            "meetings": meetings_of_office(office),
            "can_write": permissions.can_write_minutes(request.user),
        },
    )


@require_safe
def meeting_detail(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    office = permissions.get_for_reading(request, Office, slug=slug)
    meeting = permissions.get_for_reading(request, meetings_of_office(office).select_related("updated_by"), pk=pk)
    return render(
        request,
        "regional/meeting_detail.html",
        {"office": office, "meeting": meeting, "can_write": permissions.can_write_minutes(request.user)},
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedRequest, slug: str, pk: int | None = None) -> HttpResponse:
    office = permissions.get_for_reading(request, Office, slug=slug)
    permissions.require(
        request, permissions.can_write_minutes(request.user), target=f"meeting:{office.slug}/{pk or 'new'}"
    )
    meeting = permissions.get_for_reading(request, StatusMeeting, office=office, pk=pk) if pk is not None else None
    form = StatusMeetingForm(request.POST or None, instance=meeting, office=office)
    formset = FollowUpFormSet(request.POST or None, instance=meeting or StatusMeeting(office=office), prefix="oppf")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        saved = meeting_save(form=form, formset=formset, user=request.user)
        messages.success(request, _("Referatet fra statusmøtet %(date)s er lagret.") % {"date": saved.date})
        return redirect("regional:meeting-detail", slug=office.slug, pk=saved.pk)
    return render(
        request,
        "regional/meeting_edit.html",
        {"office": office, "form": form, "formset": formset, "meeting": meeting},
    )
