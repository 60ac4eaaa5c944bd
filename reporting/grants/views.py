"""Grant priority: an office's list (confirm or override each proposal with a reason), the national list with
the year's schemes, their workbooks, and the directorate's scheme forms."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions
from accounts.requests import AuthenticatedRequest
from common.cache import fragment_key
from common.conditional import conditional_page
from common.data_version import request_data_version
from common.http import xlsx_response
from municipalities.selectors import municipality_list_for_user, office_list

from .forms import GrantConfirmForm, GrantFilterForm, GrantSchemeForm, criteria_code
from .models import GrantScheme
from .selectors import CRITERIA_LABELS, GrantRow, default_as_of, grant_row, grant_rows, grant_schemes, grant_years
from .services import StaleProposalError, grant_confirmation_record, grant_scheme_save
from .workbook import grant_workbook_bytes


def _grant_choice(request: AuthenticatedRequest) -> tuple[GrantFilterForm, int, datetime.date]:
    today = timezone.localdate()
    years = grant_years()
    year = min(max(today.year, years[0]), years[-1])
    form = GrantFilterForm(request.GET or None, initial={"aar": year})
    date = None
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["aar"] or year
        date = form.cleaned_data["dato"]
    return form, year, date or default_as_of(year, today)


def _grant_query(year: int, as_of: datetime.date) -> str:
    return urlencode({"aar": str(year), "dato": as_of.isoformat()})


def _page_key(request: AuthenticatedRequest, name: str, *parts: object) -> str:
    """The cache key of a grant page's rendered content (common.cache.fragment_key): the data version, today
    (the default date), the raw query string and what the reader may do on the page (`parts`)."""
    return fragment_key(
        f"grants:{name}", request_data_version(request), timezone.localdate(), request.GET.urlencode(), *parts
    )


@require_safe
@conditional_page
def office_grants(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    office = permissions.get_for_reading(request, office_list(), slug=slug)
    form, year, as_of = _grant_choice(request)
    can_confirm = permissions.can_write_office(request.user, office)
    page_key = _page_key(request, f"office:{office.slug}", can_confirm)
    rows = SimpleLazyObject(lambda: grant_rows(year=year, as_of=as_of, office=office, order="name"))
    return render(
        request,
        "reporting/grant_office.html",
        {
            "office": office,
            "form": form,
            "year": year,
            "as_of": as_of,
            "rows": rows,
            "criteria_labels": CRITERIA_LABELS,
            "query": _grant_query(year, as_of),
            "can_confirm": can_confirm,
            "page_key": page_key,
            "proposed_count": SimpleLazyObject(lambda: sum(r.proposed for r in rows)),
            "confirmed_count": SimpleLazyObject(lambda: sum(r.confirmation is not None for r in rows)),
            "stale_count": SimpleLazyObject(lambda: sum(r.stale for r in rows)),
        },
    )


@require_safe
@conditional_page
def office_grants_xlsx(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    office = permissions.get_for_reading(request, office_list(), slug=slug)
    _form, year, as_of = _grant_choice(request)
    rows = grant_rows(year=year, as_of=as_of, office=office, order="name")
    content = grant_workbook_bytes(
        rows=rows,
        schemes=grant_schemes(year=year),
        year=year,
        as_of=as_of,
        generated_at=timezone.now(),
        office_name=office.title_on(as_of),
    )
    return xlsx_response(content, f"tilskuddsprioritering-{office.slug}-{year}-{as_of.isoformat()}.xlsx")


@require_http_methods(["GET", "POST"])
def grant_confirm(request: AuthenticatedRequest, slug: str, number: str) -> HttpResponse:
    office = permissions.get_for_reading(request, office_list(), slug=slug)
    municipality = permissions.municipality_for_writing(
        request,
        municipality_list_for_user(user=request.user).filter(office=office),
        target=lambda found: f"grant:{found.number}",
        number=number,
    )
    _filter, year, as_of = _grant_choice(request)
    row = grant_row(municipality=municipality, year=year, as_of=as_of)
    query = _grant_query(year, as_of)
    initial = {"prioritised": "yes" if row.proposed else "no", "seen": criteria_code(row.criteria)}
    form = GrantConfirmForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            grant_confirmation_record(
                municipality=municipality,
                year=year,
                confirmed=form.cleaned_data["prioritised"],
                reason=form.cleaned_data["reason"],
                as_of=as_of,
                user=request.user,
                seen=form.seen_criteria,
                submission=form.submission_token,
            )
        except StaleProposalError:
            messages.error(
                request,
                _(
                    "Statusen til %(name)s er endret siden siden ble lastet. Se over kriteriene og lagre på nytt; "
                    "begrunnelsen din står fortsatt i skjemaet."
                )
                % {"name": municipality.display_name},
            )
            data = request.POST.copy()
            data["seen"] = criteria_code(row.criteria)
            form = GrantConfirmForm(data)
        else:
            messages.success(request, _("Vurderingen av %(name)s er lagret.") % {"name": municipality.display_name})
            return redirect(reverse("reporting:office-grants", args=[office.slug]) + "?" + query)
    return render(
        request,
        "reporting/grant_confirm.html",
        {
            "office": office,
            "municipality": municipality,
            "row": row,
            "year": year,
            "as_of": as_of,
            "form": form,
            "query": query,
            "criteria": list(zip(CRITERIA_LABELS, row.criteria, strict=True)),
        },
    )


def _national_offices(rows: Iterable[GrantRow]) -> list[dict]:
    by_office: dict[int, list] = {}
    for row in rows:
        by_office.setdefault(row.municipality.office_id, []).append(row)
    offices = []
    for office in office_list():
        office_rows = by_office.get(office.pk, [])
        offices.append(
            {
                "office": office,
                "n": len(office_rows),
                "proposed": sum(r.proposed for r in office_rows),
                "confirmed": sum(r.confirmation is not None for r in office_rows),
                "prioritised": sum(r.prioritised for r in office_rows),
                "stale": sum(r.stale for r in office_rows),
            }
        )
    return offices


@require_safe
@conditional_page
def grant_national(request: AuthenticatedRequest) -> HttpResponse:
    form, year, as_of = _grant_choice(request)
    rows = SimpleLazyObject(lambda: grant_rows(year=year, as_of=as_of, order="number"))
    schemes = SimpleLazyObject(lambda: list(grant_schemes(year=year)))
    can_edit_schemes = permissions.can_edit_catalogue(request.user)
    return render(
        request,
        "reporting/grant_national.html",
        {
            "form": form,
            "year": year,
            "as_of": as_of,
            "rows": rows,
            "offices": SimpleLazyObject(lambda: _national_offices(rows)),
            "prioritised_schemes": SimpleLazyObject(
                lambda: [s for s in schemes if s.priority_rule == GrantScheme.Rule.LEVE_HELE_LIVET]
            ),
            "announced_schemes": SimpleLazyObject(
                lambda: [s for s in schemes if s.priority_rule == GrantScheme.Rule.ANNOUNCED]
            ),
            "criteria_labels": CRITERIA_LABELS,
            "query": _grant_query(year, as_of),
            "can_edit_schemes": can_edit_schemes,
            "page_key": _page_key(request, "national", can_edit_schemes),
        },
    )


@require_safe
@conditional_page
def grant_national_xlsx(request: AuthenticatedRequest) -> HttpResponse:
    _form, year, as_of = _grant_choice(request)
    rows = grant_rows(year=year, as_of=as_of, order="number")
    content = grant_workbook_bytes(
        rows=rows, schemes=grant_schemes(year=year), year=year, as_of=as_of, generated_at=timezone.now()
    )
    return xlsx_response(content, f"tilskuddsprioritering-{year}-{as_of.isoformat()}.xlsx")


def _scheme_form(request: AuthenticatedRequest, scheme: GrantScheme | None) -> HttpResponse:
    form = GrantSchemeForm(request.POST or None, instance=scheme)
    if request.method == "POST" and form.is_valid():
        saved = grant_scheme_save(scheme=form.save(commit=False), user=request.user)
        messages.success(request, _("Tilskuddsordningen er lagret."))
        return redirect(reverse("reporting:grant-national") + "?" + urlencode({"aar": saved.year}))
    return render(request, "reporting/scheme_form.html", {"form": form, "scheme": scheme})


@require_http_methods(["GET", "POST"])
def scheme_create(request: AuthenticatedRequest) -> HttpResponse:
    permissions.require(request, permissions.can_edit_catalogue(request.user), target="grant-scheme:new")
    return _scheme_form(request, None)


@require_http_methods(["GET", "POST"])
def scheme_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = permissions.get_for_reading(request, GrantScheme, pk=pk)
    permissions.require(request, permissions.can_edit_catalogue(request.user), target=f"grant-scheme:{scheme.pk}")
    return _scheme_form(request, scheme)
