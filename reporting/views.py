from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions
from common.http import xlsx_response
from municipalities.models import Municipality
from municipalities.selectors import office_list

from .figures import FIGURES, PRIORITIES_KEY, figure_label, figure_members, figure_table
from .forms import AsOfForm, GrantConfirmForm, GrantFilterForm, GrantSchemeForm, PeriodForm, criteria_code
from .grant_xlsx import grant_workbook_bytes
from .grants import (
    CRITERIA_LABELS,
    StaleProposalError,
    default_as_of,
    grant_confirmation_record,
    grant_row,
    grant_rows,
    grant_schemes,
    grant_years,
)
from .models import GrantScheme, ReportingPeriod
from .selectors import period_list

# ---- periods -------------------------------------------------------------------------------------------------


@require_safe
def period_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reporting/period_list.html",
        {"periods": period_list(), "can_manage": permissions.can_manage_periods(request.user)},
    )


def _period_form(request: HttpRequest, period: ReportingPeriod | None) -> HttpResponse:
    if not permissions.can_manage_periods(request.user):
        raise permissions.deny(request, target=f"period:{period.slug if period else 'new'}")
    form = PeriodForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.changed_at = timezone.now()
        saved.changed_by = request.user
        saved.save()
        messages.success(request, _("Perioden «%(name)s» er lagret.") % {"name": saved.name})
        return redirect("reporting:period-list")
    return render(request, "reporting/period_form.html", {"form": form, "period": period})


@require_http_methods(["GET", "POST"])
def period_create(request: HttpRequest) -> HttpResponse:
    return _period_form(request, None)


@require_http_methods(["GET", "POST"])
def period_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _period_form(request, get_object_or_404(ReportingPeriod, slug=slug))


# ---- figures -------------------------------------------------------------------------------------------------


def _as_of_choice(request: HttpRequest) -> tuple[AsOfForm, ReportingPeriod | None, datetime.date]:
    """The period and date asked for in the URL; the latest period up to today when nothing (valid) is asked."""
    form = AsOfForm(request.GET or None)
    period, date = None, None
    if form.is_bound and form.is_valid():
        period, date = form.cleaned_data["periode"], form.cleaned_data["dato"]
    if period is None and date is None:
        today = timezone.localdate()
        periods = list(period_list())
        passed = [p for p in periods if p.reference_date <= today]
        period = passed[-1] if passed else (periods[0] if periods else None)
        if not form.is_bound:
            form = AsOfForm(initial={"periode": period})
    as_of = date or (period.reference_date if period else timezone.localdate())
    return form, period, as_of


def _figures_query(period: ReportingPeriod | None, as_of: datetime.date, **extra) -> str:
    params = {"dato": as_of.isoformat(), **extra}
    if period is not None:
        params = {"periode": period.slug, **params}
    return urlencode(params)


@require_safe
def office_figures(request: HttpRequest, slug: str) -> HttpResponse:
    office = get_object_or_404(office_list(), slug=slug)
    form, period, as_of = _as_of_choice(request)
    table = figure_table(as_of=as_of, municipalities=office.municipalities.all())
    entry = table.offices[office.slug]
    asked = list(period.figures) if period else list(FIGURES)
    query = _figures_query(period, as_of)
    members_url = reverse("reporting:office-figure-municipalities", args=[office.slug, "_KEY_"])

    def row(key: str, label: str, count: int, share: float) -> dict:
        return {
            "key": key,
            "label": label,
            "count": count,
            "percent": share * 100,
            "url": members_url.replace("_KEY_", key) + "?" + query,
        }

    rows = [row(*r) for r in entry.rows()]
    priorities = []
    priorities_url = members_url.replace("_KEY_", PRIORITIES_KEY)
    for code, name, is_area in table.catalogue.rows():
        priorities.append(
            {
                "code": code,
                "name": name,
                "is_area": is_area,
                "count": entry.priorities[code],
                "url": f"{priorities_url}?{_figures_query(period, as_of, kode=code)}",
            }
        )
    return render(
        request,
        "reporting/office_figures.html",
        {
            "office": office,
            "form": form,
            "period": period,
            "as_of": as_of,
            "n": entry.municipalities,
            "phase_3": entry.counts["phase_3"],
            "asked_rows": [r for r in rows if r["key"] in asked],
            "other_rows": [r for r in rows if r["key"] not in asked],
            "priorities": priorities,
            "priorities_asked": PRIORITIES_KEY in asked,
            "office_title": office.title_on(as_of),
        },
    )


@require_safe
def office_figure_municipalities(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    office = get_object_or_404(office_list(), slug=slug)
    if key != PRIORITIES_KEY and key not in FIGURES:
        raise Http404
    _form, period, as_of = _as_of_choice(request)
    code = request.GET.get("kode") if key == PRIORITIES_KEY else None
    table = figure_table(as_of=as_of, municipalities=office.municipalities.all())
    entry = table.offices[office.slug]
    members = figure_members(entry, key, code)
    if members is None:
        raise Http404
    label = figure_label(key)
    if code:
        label = f"{label}: {table.catalogue.names().get(code, code)}"
    return render(
        request,
        "reporting/figure_municipalities.html",
        {
            "office": office,
            "period": period,
            "as_of": as_of,
            "label": label,
            "municipalities": list(members),
            "n": entry.municipalities,
            "back_query": _figures_query(period, as_of),
        },
    )


# ---- grant priority ------------------------------------------------------------------------------------------


def _grant_choice(request: HttpRequest) -> tuple[GrantFilterForm, int, datetime.date]:
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
    return urlencode({"aar": year, "dato": as_of.isoformat()})


@require_safe
def office_grants(request: HttpRequest, slug: str) -> HttpResponse:
    office = get_object_or_404(office_list(), slug=slug)
    form, year, as_of = _grant_choice(request)
    rows = grant_rows(year=year, as_of=as_of, office=office, order="name")
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
            "can_confirm": permissions.can_write_office(request.user, office),
            "proposed_count": sum(r.proposed for r in rows),
            "confirmed_count": sum(r.confirmation is not None for r in rows),
            "stale_count": sum(r.stale for r in rows),
        },
    )


@require_safe
def office_grants_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    office = get_object_or_404(office_list(), slug=slug)
    _form, year, as_of = _grant_choice(request)
    rows = grant_rows(year=year, as_of=as_of, office=office, order="name")
    content = grant_workbook_bytes(
        rows=rows, schemes=grant_schemes(year=year), year=year, as_of=as_of, generated_at=timezone.now()
    )
    return xlsx_response(content, f"tilskuddsprioritering-{office.slug}-{year}-{as_of.isoformat()}.xlsx")


@require_http_methods(["GET", "POST"])
def grant_confirm(request: HttpRequest, slug: str, number: str) -> HttpResponse:
    office = get_object_or_404(office_list(), slug=slug)
    municipality = get_object_or_404(Municipality.objects.select_related("office", "county"), number=number)
    if municipality.office_id != office.pk:
        raise Http404
    permissions.require_office_write(request, office, target=f"grant:{municipality.number}")
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


@require_safe
def grant_national(request: HttpRequest) -> HttpResponse:
    form, year, as_of = _grant_choice(request)
    rows = grant_rows(year=year, as_of=as_of, order="number")
    schemes = list(grant_schemes(year=year))
    offices = []
    by_office: dict[int, list] = {}
    for row in rows:
        by_office.setdefault(row.municipality.office_id, []).append(row)
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
    return render(
        request,
        "reporting/grant_national.html",
        {
            "form": form,
            "year": year,
            "as_of": as_of,
            "rows": rows,
            "offices": offices,
            "prioritised_schemes": [s for s in schemes if s.priority_rule == GrantScheme.Rule.LEVE_HELE_LIVET],
            "announced_schemes": [s for s in schemes if s.priority_rule == GrantScheme.Rule.ANNOUNCED],
            "criteria_labels": CRITERIA_LABELS,
            "query": _grant_query(year, as_of),
            "can_edit_schemes": permissions.can_edit_catalogue(request.user),
        },
    )


@require_safe
def grant_national_xlsx(request: HttpRequest) -> HttpResponse:
    _form, year, as_of = _grant_choice(request)
    rows = grant_rows(year=year, as_of=as_of, order="number")
    content = grant_workbook_bytes(
        rows=rows, schemes=grant_schemes(year=year), year=year, as_of=as_of, generated_at=timezone.now()
    )
    return xlsx_response(content, f"tilskuddsprioritering-{year}-{as_of.isoformat()}.xlsx")


def _scheme_form(request: HttpRequest, scheme: GrantScheme | None) -> HttpResponse:
    if not permissions.can_edit_catalogue(request.user):
        raise permissions.deny(request, target=f"grant-scheme:{scheme.pk if scheme else 'new'}")
    form = GrantSchemeForm(request.POST or None, instance=scheme)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.changed_at = timezone.now()
        saved.changed_by = request.user
        saved.save()
        messages.success(request, _("Tilskuddsordningen er lagret."))
        return redirect(reverse("reporting:grant-national") + "?" + urlencode({"aar": saved.year}))
    return render(request, "reporting/scheme_form.html", {"form": form, "scheme": scheme})


@require_http_methods(["GET", "POST"])
def scheme_create(request: HttpRequest) -> HttpResponse:
    return _scheme_form(request, None)


@require_http_methods(["GET", "POST"])
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _scheme_form(request, get_object_or_404(GrantScheme, pk=pk))
