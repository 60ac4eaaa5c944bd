"""Leve hele livet prize nominations: one municipality per county and year."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions
from accounts.requests import AuthenticatedRequest
from common.dates import LATEST_YEAR
from common.numbers import parse_int
from municipalities.models import Office

from ..forms import NominationForm
from ..models import Nomination
from ..selectors import counties_without_nomination, nominations_of_office, nominations_of_year
from ..services import nomination_save


def _year(request: AuthenticatedRequest) -> int:
    year = parse_int(request.GET.get("ar", ""), max_digits=4)
    return year if year is not None and 2019 <= year <= LATEST_YEAR else timezone.localdate().year


@require_safe
def nomination_overview(request: AuthenticatedRequest) -> HttpResponse:
    """All nominations of a year, and the counties still without one."""
    year = _year(request)
    nominations = list(nominations_of_year(year))
    missing = counties_without_nomination(nominations)
    return render(
        request,
        "regional/nomination_overview.html",
        {"year": year, "nominations": nominations, "missing": missing, "years": range(2019, year + 3)},
    )


@require_safe
def office_nominations(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    office = permissions.get_for_reading(request, Office, slug=slug)
    nominations = nominations_of_office(office)
    return render(
        request,
        "regional/office_nominations.html",
        {
            "office": office,
            "nominations": nominations,
            "counties": office.counties.order_by("number"),
            "can_write": permissions.can_write_office(request.user, office),
        },
    )


@require_http_methods(["GET", "POST"])
def nomination_edit(request: AuthenticatedRequest, slug: str, pk: int | None = None) -> HttpResponse:
    office = permissions.office_for_writing(
        request, Office, target=lambda found: f"nomination:{found.slug}/{pk or 'new'}", slug=slug
    )
    nomination = permissions.get_for_reading(request, Nomination, office=office, pk=pk) if pk is not None else None
    initial = {} if nomination else {"year": timezone.localdate().year}
    form = NominationForm(
        request.POST or None,
        instance=nomination,
        office=office,
        initial=initial,
        refresh_url=request.path,
        county_hint=request.GET.get("county"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = nomination_save(form=form, user=request.user)
        except ValidationError as exc:  # the county's nomination was saved by someone else at the same moment
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(municipality)s er nominert for %(county)s %(year)d.")
                % {"municipality": saved.municipality.display_name, "county": saved.county.name, "year": saved.year},
            )
            return redirect("regional:office-nominations", slug=office.slug)
    return render(request, "regional/nomination_edit.html", {"office": office, "form": form, "nomination": nomination})
