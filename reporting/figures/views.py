"""An office's figures as of a period or date, and the municipalities behind each count."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts import permissions
from accounts.requests import AuthenticatedRequest
from common.http import ascii_slug, xlsx_response
from municipalities.selectors import office_list
from reporting.periods.models import ReportingPeriod
from reporting.periods.selectors import period_latest_passed, period_list

from .forms import AsOfForm
from .members_workbook import members_workbook_bytes
from .registry import FIGURES, PRIORITIES_KEY, figure_label, figure_members, figure_table


def _as_of_choice(request: AuthenticatedRequest) -> tuple[AsOfForm, ReportingPeriod | None, datetime.date]:
    """The period and date asked for in the URL; the latest period up to today when nothing (valid) is asked."""
    form = AsOfForm(request.GET or None)
    period, date = None, None
    if form.is_bound and form.is_valid():
        period, date = form.cleaned_data["periode"], form.cleaned_data["dato"]
    if period is None and date is None:
        period = period_latest_passed(list(period_list()))
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
def office_figures(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    office = permissions.get_for_reading(request, office_list(), slug=slug)
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


def _members(request: AuthenticatedRequest, slug: str, key: str):
    office = permissions.get_for_reading(request, office_list(), slug=slug)
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
    return office, period, as_of, label, list(members.select_related("office")), entry.municipalities, code


@require_safe
def office_figure_municipalities(request: AuthenticatedRequest, slug: str, key: str) -> HttpResponse:
    office, period, as_of, label, members, n, code = _members(request, slug, key)
    xlsx_query = _figures_query(period, as_of, **({"kode": code} if code else {}))
    return render(
        request,
        "reporting/figure_municipalities.html",
        {
            "office": office,
            "period": period,
            "as_of": as_of,
            "label": label,
            "municipalities": members,
            "n": n,
            "back_query": _figures_query(period, as_of),
            "xlsx_url": reverse("reporting:office-figure-municipalities-xlsx", args=[office.slug, key])
            + "?"
            + xlsx_query,
        },
    )


@require_safe
def office_figure_municipalities_xlsx(request: AuthenticatedRequest, slug: str, key: str) -> HttpResponse:
    """The live list of the municipalities behind one of the office's numbers, as shown, as an .xlsx file."""
    office, period, as_of, label, members, _n, _code = _members(request, slug, key)
    lines: list[list] = [[_("Per dato"), as_of], [_("Kilde"), _("Tall nå")]]
    if period is not None:
        lines.insert(0, [_("Periode"), period.name])
    content = members_workbook_bytes(
        label=label,
        who=office.title_on(as_of),
        lines=lines,
        municipalities=members,
        period=period.name if period else "",
    )
    return xlsx_response(content, f"lhl-kommuner-{ascii_slug(label)}-{office.slug}-{as_of.isoformat()}.xlsx")
