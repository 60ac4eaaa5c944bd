"""The national dashboard: overview, trends, map, search and the national status download.

The chosen period, as-of date and filters live in the query string, so every view can be bookmarked.
Every signed-in reader sees these pages (office staff with their own office highlighted).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from accounts.requests import AuthenticatedRequest
from common.cache import fragment_key
from common.conditional import conditional_page
from common.data_version import request_data_version
from common.http import ascii_slug, same_site_path, xlsx_response
from municipalities.exporting import status_workbook_bytes
from municipalities.mapshapes import ATTRIBUTION
from municipalities.selectors import municipality_list_for_user, municipality_search
from reporting.figures.members_workbook import members_workbook_bytes
from reporting.figures.registry import FIGURES, figure_label
from reporting.periods.models import ReportingPeriod

from .drilldown import Drilldown, figure_drilldown
from .forms import DashboardChoiceForm
from .selectors import (
    MAP_CATEGORIES,
    MAP_KIND_LABELS,
    MAP_KINDS,
    category_counts,
    default_period,
    figure_trends,
    grant_year_for,
    map_rows,
    national_overview,
    office_list_for_dashboard,
    period_list_for_dashboard,
)
from .svg import map_svg, pattern_defs, swatch, trend_chart


@dataclass
class Choice:
    form: DashboardChoiceForm
    periods: list[ReportingPeriod]
    period: ReportingPeriod | None
    as_of: datetime.date
    date_given: bool

    def params(self, **extra) -> dict:
        params: dict = {}
        if self.period is not None:
            params["periode"] = self.period.slug
        if self.date_given or self.period is None:
            params["dato"] = self.as_of.isoformat()
        params.update({k: v for k, v in extra.items() if v})
        return params

    def query(self, **extra) -> str:
        return urlencode(self.params(**extra))


def _choice(request: AuthenticatedRequest) -> Choice:
    periods = period_list_for_dashboard()
    data = {k: request.GET[k] for k in ("periode", "dato") if k in request.GET}
    form = DashboardChoiceForm(data or None, periods=periods)
    period, date = None, None
    if form.is_bound and form.is_valid():
        slug = form.cleaned_data["periode"]
        period = next((p for p in periods if p.slug == slug), None)
        date = form.cleaned_data["dato"]
    if period is None and date is None:
        period = default_period(periods)
        if not form.is_bound:
            form = DashboardChoiceForm(initial={"periode": period.slug if period else ""}, periods=periods)
    as_of = date or (period.reference_date if period else timezone.localdate())
    return Choice(form=form, periods=periods, period=period, as_of=as_of, date_given=date is not None)


def _page_key(request: AuthenticatedRequest, name: str, *parts: object) -> str:
    """The cache key of a page's rendered content: the data version, the date (days to a deadline), the raw
    query string (a bad value is shown back as typed) and what the reader's office changes (`parts`)."""
    return fragment_key(
        f"dashboard:{name}", request_data_version(request), timezone.localdate(), request.GET.urlencode(), *parts
    )


def _own_office_id(request: AuthenticatedRequest) -> int | None:
    user = request.user
    return user.office_id if user.is_office_staff else None


def _nav(choice: Choice) -> dict:
    query = choice.query()
    return {
        "overview_url": f"{reverse('dashboard:overview')}?{query}",
        "trends_url": f"{reverse('dashboard:trends')}",
        "map_url": f"{reverse('dashboard:map')}?{query}",
        "xlsx_url": f"{reverse('dashboard:status-xlsx')}?{query}",
    }


@require_safe
@conditional_page
def overview(request: AuthenticatedRequest) -> HttpResponse:
    choice = _choice(request)
    offices = office_list_for_dashboard()
    live_only = request.GET.get("tall") == "levende"
    own_office_id = _own_office_id(request)
    here = request.get_full_path()
    tall = "levende" if live_only else ""

    def compute():
        data = national_overview(
            as_of=choice.as_of,
            period=choice.period,
            offices=offices,
            live_only=live_only,
            own_office_id=own_office_id,
            version=request_data_version(request),
        )
        for row in data.rows:
            for cell in row.cells:
                cell.url = drilldown_url(choice, cell.key, embete=row.office.slug, tall=tall, tilbake=here)
        for cell in data.national:
            cell.url = drilldown_url(choice, cell.key, tall=tall, tilbake=here)
        return data

    office_query = urlencode({"as_of": choice.as_of.isoformat()}) if choice.as_of <= timezone.localdate() else ""
    return render(
        request,
        "dashboard/overview.html",
        {
            "choice": choice,
            "form": choice.form,
            "data": SimpleLazyObject(compute),
            "page_key": _page_key(request, "overview", own_office_id),
            "as_of": choice.as_of,
            "period": choice.period,
            "live_only": live_only,
            "live_url": "?" + choice.query(tall="levende"),
            "submitted_url": "?" + choice.query(),
            "office_query": office_query,
            "figures_query": choice.query(),
            **_nav(choice),
        },
    )


def drilldown_url(choice: Choice, key: str, **extra) -> str:
    return f"{reverse('dashboard:drilldown', args=[key])}?{choice.query(**extra)}"


def _drilldown(request: AuthenticatedRequest, key: str) -> tuple[Choice, Drilldown, str]:
    if key not in FIGURES:
        raise Http404
    choice = _choice(request)
    offices = office_list_for_dashboard()
    slug = request.GET.get("embete")
    office = next((o for o in offices if o.slug == slug), None)
    if slug and office is None:
        raise Http404
    live_only = request.GET.get("tall") == "levende"
    data = figure_drilldown(
        key=key, period=choice.period, as_of=choice.as_of, offices=offices, office=office, live_only=live_only
    )
    return choice, data, "levende" if live_only else ""


@require_safe
def drilldown(request: AuthenticatedRequest, key: str) -> HttpResponse:
    """The municipalities behind one number of the overview: submitted as known then, or live; says which."""
    choice, data, tall = _drilldown(request, key)
    back = same_site_path(request.GET.get("tilbake")) or f"{reverse('dashboard:overview')}?{choice.query(tall=tall)}"
    embete = data.office.slug if data.office else ""
    xlsx_url = reverse("dashboard:drilldown-xlsx", args=[key]) + "?" + choice.query(embete=embete, tall=tall)
    return render(
        request,
        "dashboard/drilldown.html",
        {"data": data, "choice": choice, "back_url": back, "xlsx_url": xlsx_url, "as_of": choice.as_of},
    )


@require_safe
def drilldown_xlsx(request: AuthenticatedRequest, key: str) -> HttpResponse:
    """The drill-down list as shown, as an .xlsx file."""
    _choice_made, data, _tall = _drilldown(request, key)
    who = data.office.title_on(data.as_of) if data.office else gettext("Hele landet")
    lines: list[list] = [[gettext("Tall"), data.label], [gettext("Per dato"), data.as_of]]
    if data.period is not None:
        lines.insert(0, [gettext("Periode"), data.period.name])
    content = members_workbook_bytes(
        label=data.label,
        who=who,
        lines=lines,
        municipalities=data.municipalities,
        sources=data.source_by_office(),
        period=data.period.name if data.period else "",
    )
    name = "-".join(
        part
        for part in ["lhl-kommuner", ascii_slug(data.label), data.office.slug if data.office else "hele-landet"]
        if part
    )
    return xlsx_response(content, f"{name}-{data.as_of.isoformat()}.xlsx")


@require_safe
@conditional_page
def trends(request: AuthenticatedRequest) -> HttpResponse:
    periods = period_list_for_dashboard()
    offices = office_list_for_dashboard()
    slugs = {o.slug for o in offices}
    own = next((o.slug for o in offices if o.pk == _own_office_id(request)), None)
    highlight = request.GET.get("embete") or own
    if highlight not in slugs:
        highlight = None
    chosen_key = request.GET.get("tall")
    if chosen_key not in FIGURES:
        chosen_key = None

    version = request_data_version(request)

    def compute():
        return _trend_charts(periods, offices, chosen_key, highlight, version)

    return render(
        request,
        "dashboard/trends.html",
        {
            "charts": SimpleLazyObject(compute),
            "page_key": _page_key(request, "trends", highlight),
            "periods": periods,
            "offices": offices,
            "highlight": highlight,
            "highlight_office": next((o for o in offices if o.slug == highlight), None),
            "chosen_key": chosen_key,
            "figure_choices": [(key, figure_label(key)) for key in FIGURES],
            "overview_url": reverse("dashboard:overview"),
            "map_url": reverse("dashboard:map"),
        },
    )


def _trend_charts(periods, offices, chosen_key, highlight, version: str) -> list[dict]:
    charts = []
    for index, trend in enumerate(figure_trends(periods=periods, offices=offices, version=version)):
        if chosen_key and trend.key != chosen_key:
            continue
        table_id = f"trend-table-{index}"
        charts.append(
            {
                "trend": trend,
                "table_id": table_id,
                "svg": trend_chart(
                    label=trend.label,
                    national=trend.national,
                    offices=trend.offices,
                    highlight=highlight,
                    table_id=table_id,
                ),
            }
        )
    return charts


def _table_row(row, kind: str, labels: dict, office_names: dict) -> dict:
    code = row.categories[kind]
    return {"row": row, "code": code, "label": labels[code], "office": office_names.get(row.office, row.office)}


@require_safe
@conditional_page
def map_view(request: AuthenticatedRequest) -> HttpResponse:
    choice = _choice(request)
    offices = office_list_for_dashboard()
    kind = request.GET.get("status")
    if kind not in MAP_KINDS:
        kind = MAP_KINDS[0]
    office = next((o for o in offices if o.slug == request.GET.get("embete")), None)
    as_table = request.GET.get("visning") == "tabell"
    own_slug = next((o.slug for o in offices if o.pk == _own_office_id(request)), None)
    embete = office.slug if office else ""
    version = request_data_version(request)
    shown = SimpleLazyObject(
        lambda: [r for r in map_rows(choice.as_of, version=version) if office is None or r.office == office.slug]
    )
    labels = dict(MAP_CATEGORIES[kind])
    office_names = {o.slug: o.region for o in offices}

    def legend():
        counts = category_counts(shown, kind)
        return [
            {"code": c, "label": label, "count": counts[c], "swatch": swatch(kind, c)}
            for c, label in MAP_CATEGORIES[kind]
        ]

    page_query = choice.query(status=kind, embete=embete)
    return render(
        request,
        "dashboard/map.html",
        {
            "choice": choice,
            "form": choice.form,
            "as_of": choice.as_of,
            "period": choice.period,
            "kind": kind,
            "kind_label": MAP_KIND_LABELS[kind],
            "kinds": [(k, MAP_KIND_LABELS[k]) for k in MAP_KINDS],
            "offices": offices,
            "office": office,
            "own_slug": own_slug,
            "own_zoom_url": "?" + choice.query(status=kind, embete=own_slug) if own_slug else "",
            "country_url": "?" + choice.query(status=kind),
            "as_table": as_table,
            "table_url": "?" + choice.query(status=kind, embete=embete, visning="tabell"),
            "map_only_url": "?" + page_query,
            "legend": SimpleLazyObject(legend),
            "page_key": _page_key(request, "map", own_slug),
            "grant_year": grant_year_for(choice.as_of) if kind == "tilskudd" else None,
            "defs": pattern_defs(),
            "svg": None
            if as_table
            else SimpleLazyObject(lambda: map_svg(list(shown), kind, office=embete or None, title_id="map-title")),
            "table_rows": SimpleLazyObject(lambda: [_table_row(r, kind, labels, office_names) for r in shown])
            if as_table
            else [],
            "attribution": ATTRIBUTION,
            **_nav(choice),
        },
    )


@require_safe
def search(request: AuthenticatedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    results = municipality_search(query=query, limit=50) if query else []
    return render(request, "dashboard/search.html", {"query": query, "results": results})


@require_safe
@conditional_page
def status_xlsx(request: AuthenticatedRequest) -> HttpResponse:
    """All 356 municipalities' status as of the chosen date, as an .xlsx file."""
    choice = _choice(request)
    content = status_workbook_bytes(municipality_list_for_user(user=request.user), choice.as_of)
    return xlsx_response(content, f"lhl-status-nasjonal-{choice.as_of.isoformat()}.xlsx")


@require_safe
def ping(request: AuthenticatedRequest) -> HttpResponse:
    """A trivial signed-in page: the benchmark's yardstick for the dashboard pages."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
