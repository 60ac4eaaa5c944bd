"""Pages of the country: the office list, the office overview, the municipality page with its record form,
retraction and good examples, the status download, and the catalogue."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions
from accounts.requests import AuthenticatedRequest
from common.http import xlsx_response

from .catalogue import catalogue_name_correct
from .fact_forms import FactForm, fact_form_data
from .facts import StatusFact
from .forms import CatalogueNameForm, GoodExampleForm, OverviewFilterForm, RetractForm
from .gaps import shows_in_filter
from .models import Municipality
from .registry import FACT_TYPES, MEETING_RANK, SINGLE_FACTS
from .selectors import (
    FactView,
    MunicipalityStatus,
    catalogue_areas,
    catalogue_entry,
    changes_since,
    examples_of,
    fact_recorded_by,
    facts_timeline,
    municipality_list_for_user,
    network_list,
    network_names,
    office_list,
    status_as_of,
)
from .services import StaleStatusError, example_record, fact_record, fact_retract

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# How far back the conflict page looks when the form carried no usable load time.
CONFLICT_FALLBACK = datetime.timedelta(minutes=30)
CONFLICT_MAX_CHANGES = 20
ANCHORING_SHORT = {
    "samfunnsdel": gettext_lazy("Samfunnsdelen"),
    "action_plan": gettext_lazy("Handlings-/økonomiplan"),
    "other_plans": gettext_lazy("Andre planer"),
}


@require_safe
def office_list_view(request: AuthenticatedRequest) -> HttpResponse:
    offices = office_list().prefetch_related("counties").annotate(municipality_count=Count("municipalities"))
    rows = [(office, office.municipality_count) for office in offices]
    return render(request, "municipalities/office_list.html", {"rows": rows, "today": timezone.localdate()})


# --- The office overview --------------------------------------------------------------------------------


@dataclass
class OverviewRow:
    municipality: Municipality
    status: MunicipalityStatus
    meeting_state: str | None
    meetings: list[FactView]
    networks: list  # the networks taken part in (selectors.NetworkName, or the qualified slug)
    as_of: datetime.date

    @property
    def phase(self) -> FactView | None:
        return self.status.facts.get("phase")

    @property
    def decision(self) -> FactView | None:
        return self.status.facts.get("decision")

    @property
    def anchoring(self) -> list[tuple[StrOrPromise, FactView | None]]:
        return [(label, self.status.facts.get(key)) for key, label in ANCHORING_SHORT.items()]

    @property
    def meeting_state_label(self) -> str:
        return str(FACT_TYPES["dialogue_meeting"].values[self.meeting_state]) if self.meeting_state else ""

    def is_missing(self, what: str) -> bool:
        return shows_in_filter(self.status, what, as_of=self.as_of)


def _last_change_key(row: OverviewRow) -> float:
    last = row.status.last_change
    return last.recorded_at.timestamp() if last else 0.0


def overview_rows(municipalities: list[Municipality], *, as_of: datetime.date, networks: dict) -> list[OverviewRow]:
    """One row per municipality from one as-of query (constant queries)."""
    statuses = status_as_of(municipalities, as_of=as_of)
    rows = []
    for m in municipalities:
        status = statuses[m.pk]
        meetings = status.meetings_in_year(as_of.year, states=MEETING_RANK)
        rows.append(
            OverviewRow(
                municipality=m,
                status=status,
                meeting_state=status.meeting_state_in_year(as_of.year),
                meetings=meetings,
                networks=[networks.get(key, key) for key in status.networks_in()],
                as_of=as_of,
            )
        )
    return rows


# The overview's sortable columns: (column, its sort key); a second click sorts the other way.
SORT_COLUMNS = {"name": "name", "number": "number", "phase": "phase", "last_change": "last_change"}


def _phase_key(row: OverviewRow) -> int:
    return int(row.phase.value) if row.phase is not None else 0


def _matches(municipality: Municipality, query: str) -> bool:
    """A search by name (any of its names, any case) or by number (its beginning)."""
    if query.isdigit():
        return municipality.number.startswith(query)
    needle = query.casefold()
    return needle in municipality.display_name.casefold() or needle in municipality.name.casefold()


@dataclass
class OverviewSelection:
    form: OverviewFilterForm
    as_of: datetime.date
    rows: list[OverviewRow]
    total: int
    filtered: bool
    sort: str


def overview_selection(request: AuthenticatedRequest, office) -> OverviewSelection:
    """The rows the office overview shows for the query string: searched, filtered and sorted (the page and
    its .xlsx use the same)."""
    form = OverviewFilterForm(request.GET or None, counties=list(office.counties.all()))
    as_of = form.value_or_default("as_of") or timezone.localdate()
    query = (form.value_or_default("q") or "").strip()
    county = form.value_or_default("county")
    phase = form.value_or_default("phase")
    missing = form.value_or_default("missing")
    sort = form.value_or_default("sort") or "name"

    municipalities = municipality_list_for_user(user=request.user).filter(office=office).select_related("office")
    if county:
        municipalities = municipalities.filter(county__number=county)
    municipalities = municipalities.order_by("number") if sort.lstrip("-") == "number" else municipalities.by_name()
    found = [m for m in municipalities if not query or _matches(m, query)]
    rows = overview_rows(found, as_of=as_of, networks=network_names())
    total = len(rows) if not query else municipality_list_for_user(user=request.user).filter(office=office).count()
    if phase == "none":
        rows = [r for r in rows if r.phase is None]
    elif phase:
        rows = [r for r in rows if r.phase is not None and r.phase.value == phase]
    if missing:
        rows = [r for r in rows if r.is_missing(missing)]
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    if key == "last_change":
        rows.sort(key=_last_change_key, reverse=not descending)  # «last_change»: the newest first
    elif key == "phase":
        rows.sort(key=_phase_key, reverse=descending)
    elif descending:
        rows.reverse()
    return OverviewSelection(
        form=form,
        as_of=as_of,
        rows=rows,
        total=total,
        filtered=bool(query or county or phase or missing),
        sort=sort,
    )


def _sort_headers(request: AuthenticatedRequest, sort: str) -> dict[str, dict]:
    """Per sortable column: the link that sorts by it (the other way when it is the current sort) and its
    aria-sort value ("ascending", "descending" or "none")."""
    headers = {}
    for column in SORT_COLUMNS:
        newest_first = column == "last_change"
        if sort.lstrip("-") == column:
            current = "descending" if sort.startswith("-") != newest_first else "ascending"
            next_sort = column if sort.startswith("-") else f"-{column}"
        else:
            current, next_sort = "none", column
        params = request.GET.copy()
        params["sort"] = next_sort
        headers[column] = {"url": "?" + params.urlencode(), "aria_sort": current}
    return headers


def _xlsx_query(request: AuthenticatedRequest, as_of: datetime.date, today: datetime.date) -> str:
    params: dict[str, str] = {"as_of": as_of.isoformat()} if as_of != today else {}
    for key in ("q", "county", "phase", "missing", "sort"):
        value = request.GET.get(key, "")
        if value:
            params[key] = value
    return urlencode(params)


@require_safe
def office_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The office overview: one row per municipality, searched, filtered and sorted from the query string."""
    office = get_object_or_404(office_list(), slug=slug)
    today = timezone.localdate()
    chosen = overview_selection(request, office)
    xlsx_url = reverse("municipalities:office-status-xlsx", kwargs={"slug": office.slug})
    query = _xlsx_query(request, chosen.as_of, today)
    if query:
        xlsx_url += f"?{query}"
    return render(
        request,
        "municipalities/office_detail.html",
        {
            "office": office,
            "form": chosen.form,
            "rows": chosen.rows,
            "municipalities": [row.municipality for row in chosen.rows],
            "total": chosen.total,
            "as_of": chosen.as_of,
            "is_today": chosen.as_of == today,
            "year": chosen.as_of.year,
            "filtered": chosen.filtered,
            "sort_headers": _sort_headers(request, chosen.sort),
            "can_write": permissions.can_write_office(request.user, office),
            "can_read_contacts": permissions.can_read_contacts(request.user, office),
            "xlsx_url": xlsx_url,
            "start_panels": [import_string(path)(request, office) for path in settings.OFFICE_START_PANELS],
        },
    )


@require_safe
def office_status_xlsx(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The status export of exactly what the office overview shows (search, filters, sort, date) as .xlsx."""
    from .exporting import status_workbook_bytes

    office = get_object_or_404(office_list(), slug=slug)
    date_form = OverviewFilterForm({"as_of": request.GET.get("as_of", "")})
    if not date_form.is_valid():
        return HttpResponse(
            _("Ugyldig dato i as_of (bruk ÅÅÅÅ-MM-DD, ikke senere enn i dag)."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    chosen = overview_selection(request, office)
    municipalities = [row.municipality for row in chosen.rows]
    return xlsx_response(
        status_workbook_bytes(municipalities, chosen.as_of, office=office),
        f"lhl-status-{office.slug}-{chosen.as_of.isoformat()}.xlsx",
    )


# --- The municipality page ------------------------------------------------------------------------------


def _catalogue_names(areas) -> dict[str, str]:
    names = {}
    for area in areas:
        names[area.code] = area.name
        for solution in area.solutions.all():
            names[solution.code] = solution.name
    return names


def _networks_for_form(municipality: Municipality) -> list:
    """The municipality's own office's networks first, then the other offices' networks."""
    networks = network_list()
    return sorted(networks, key=lambda n: n.office_id != municipality.office_id)


def _municipality_get(request: AuthenticatedRequest, number: str) -> Municipality:
    return permissions.get_for_reading(request, municipality_list_for_user(user=request.user), number=number)


def _municipality_for_writing(request: AuthenticatedRequest, number: str, action: str) -> Municipality:
    return permissions.municipality_for_writing(
        request,
        municipality_list_for_user(user=request.user),
        target=lambda m: f"municipality:{m.number}:{action}",
        number=number,
    )


def _period_hint(request: AuthenticatedRequest, today: datetime.date) -> tuple[datetime.date, str] | None:
    """From a report's completeness list (`?periode=<slug>`): the period's reference date, when it has passed,
    and why the form starts there. A fact dated later would not count for that report."""
    slug = request.GET.get("periode", "")
    if not slug or len(slug) > 50:
        return None
    found = import_string(settings.FACT_FORM_PERIOD_LOOKUP)(slug)
    if found is None or found[0] >= today:
        return None
    reference, name = found
    why = _("Rettingen må gjelde fra referansedatoen %(date)s for å telle med i rapporten for %(period)s.") % {
        "date": f"{reference.day}.{reference.month}.{reference.year}",
        "period": name[:1].lower() + name[1:],
    }
    return reference, why


def _page_context(
    request: AuthenticatedRequest,
    municipality: Municipality,
    *,
    form: FactForm | None = None,
    areas=None,
    networks: list | None = None,
) -> dict:
    today = timezone.localdate()
    areas = list(areas if areas is not None else catalogue_areas())
    networks = networks if networks is not None else _networks_for_form(municipality)
    by_slug = {n.qualified_slug: n for n in networks}
    names = _catalogue_names(areas)

    def describe(fact: StatusFact | FactView) -> str:
        return fact.fact_type.detail_text(fact, office_id=municipality.office_id, names=names, networks=by_slug)

    status = status_as_of([municipality], as_of=today)[municipality.pk]
    can_write = permissions.can_edit_municipality(request.user, municipality)
    hint = _period_hint(request, today) if can_write else None
    if can_write and form is None:
        initial = {"effective_date": hint[0]} if hint else {}
        form = FactForm(municipality=municipality, networks=networks, areas=areas, initial=initial)
    single = []
    for key in SINGLE_FACTS:
        fact = status.facts.get(key)
        single.append(
            {
                "type": FACT_TYPES[key],
                "fact": fact,
                "detail": describe(fact) if fact else "",
            }
        )
    timeline = list(facts_timeline(municipality=municipality))
    for entry in timeline:
        entry.detail_text = describe(entry)
    networks_now = []
    for _key, fact in sorted(status.networks.items()):
        networks_now.append({"fact": fact, "name": describe(fact)})
    examples = list(examples_of(municipality=municipality))
    for example in examples:
        example.code_name = names.get(example.code, example.code)
    return {
        "municipality": municipality,
        "period_hint": hint[1] if hint else "",
        "status": status,
        "single": single,
        "meetings": status.meetings_in_year(today.year),
        "networks_now": networks_now,
        "priorities": [(code, names.get(code, code)) for code in status.priority_codes()],
        "timeline": timeline,
        "examples": examples,
        "fact_form_data": fact_form_data(),
        "can_write": can_write,
        "can_see_reporters": permissions.can_read_contacts(request.user, municipality.office_id),
        "form": form,
        "fact_types": list(FACT_TYPES.values()),
        "today": today,
        "year": today.year,
    }


@require_safe
def municipality_detail(request: AuthenticatedRequest, number: str) -> HttpResponse:
    municipality = _municipality_get(request, number)
    return render(request, "municipalities/municipality_detail.html", _page_context(request, municipality))


def _refreshed(data, municipality: Municipality):
    """The user's input with the current version and load time, so a deliberate re-submit goes through."""
    data = data.copy()
    data["status_version"] = str(municipality.status_version)
    data["loaded_at"] = timezone.now().isoformat()
    return data


def _only_change_since(municipality: Municipality, version: int) -> bool:
    """Was exactly one change recorded for the municipality since the form showed `version`? (Every recording,
    of one fact or a whole sheet, moves the status version on by one.)"""
    return municipality.status_version == version + 1


def _page_url(municipality: Municipality, anchor: str) -> str:
    return reverse("municipalities:municipality-detail", args=[municipality.number]) + f"#{anchor}"


def _render_conflict(request, template: str, context: dict, *, municipality, since, status: int) -> HttpResponse:
    changes = changes_since(municipality, since, limit=CONFLICT_MAX_CHANGES)
    latest = changes[0] if changes else None
    context.update({"conflict": True, "bad_version": status == 400, "changes": changes, "latest": latest})
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def fact_create(request: AuthenticatedRequest, number: str) -> HttpResponse:
    """Record one change (POST from the municipality page). Errors and conflicts re-render the form here."""
    municipality = _municipality_for_writing(request, number, "fact-create")
    areas = list(catalogue_areas())
    networks = _networks_for_form(municipality)

    def make_form(data=None) -> FactForm:
        return FactForm(data, municipality=municipality, networks=networks, areas=areas)

    def page(form: FactForm, *, status: int = 200, since=None) -> HttpResponse:
        context = {
            "municipality": municipality,
            "form": form,
            "fact_types": FACT_TYPES.values(),
            "fact_form_data": fact_form_data(),
        }
        if status in (400, 409):
            changes = changes_since(municipality, since, limit=CONFLICT_MAX_CHANGES)
            latest = changes[0] if changes else None
            context.update({"conflict": True, "bad_version": status == 400, "changes": changes, "latest": latest})
        return render(request, "municipalities/fact_form.html", context, status=status)

    if request.method == "GET":
        return page(make_form())
    form = make_form(request.POST)
    version = form.version()
    since = form.loaded_at_time()
    if version is None:  # missing or tampered (abc, -1): nothing is written
        municipality.refresh_from_db(fields=["status_version"])
        return page(make_form(_refreshed(request.POST, municipality)), status=400, since=since)
    if not form.is_valid():
        return page(form)
    item = form.item
    assert item is not None, "a valid fact form holds its fact"
    try:
        fact_record(item=item, user=request.user, source="form", expected_version=version)
    except StaleStatusError:
        municipality.refresh_from_db(fields=["status_version"])
        # A repeated submission is «already saved» only while its first submission is the one change since the
        # form was loaded; once anything else was recorded, it is a stale save like any other (409, the changes).
        if _only_change_since(municipality, version) and fact_recorded_by(
            item=item, user=request.user, since=since or timezone.now() - CONFLICT_FALLBACK
        ):
            messages.info(request, _("Allerede lagret: endringen ble registrert ved første innsending."))
            return redirect(_page_url(municipality, "tidslinje"))
        return page(make_form(_refreshed(request.POST, municipality)), status=409, since=since)
    ft = FACT_TYPES[item.fact]
    messages.success(
        request, _("Registrert: %(fact)s – %(value)s.") % {"fact": ft.label, "value": ft.values[item.value]}
    )
    return redirect(_page_url(municipality, "tidslinje"))


@require_http_methods(["GET", "POST"])
def fact_retract_view(request: AuthenticatedRequest, number: str, pk: int) -> HttpResponse:
    """Retract one mistaken fact with a reason, after a confirmation page."""
    municipality = _municipality_get(request, number)
    fact = permissions.get_for_writing(
        request,
        facts_timeline(municipality=municipality),
        office=lambda found: municipality.office_id,
        target=lambda found: f"fact:{found.pk}:retract",
        pk=pk,
    )
    page_url = _page_url(municipality, "tidslinje")
    retracted = getattr(fact, "retraction", None)
    form = RetractForm(request.POST or None, municipality=municipality)
    template = "municipalities/fact_retract.html"
    context = {"municipality": municipality, "fact": fact, "form": form}
    if retracted is not None:
        if request.method == "POST" and retracted.recorded_by_id == request.user.pk:
            version = form.version()
            if version is not None and municipality.status_version > version + 1:
                # Replayed after other changes: show them, as for any stale save.
                context["form"] = RetractForm(_refreshed(request.POST, municipality), municipality=municipality)
                return _render_conflict(
                    request, template, context, municipality=municipality, since=form.loaded_at_time(), status=409
                )
            messages.info(request, _("Allerede lagret: opplysningen er trukket tilbake."))
        else:
            messages.info(request, _("Opplysningen er allerede trukket tilbake."))
        return redirect(page_url)
    if request.method == "GET":
        return render(request, template, context)
    version = form.version()
    since = form.loaded_at_time()
    if version is None:
        municipality.refresh_from_db(fields=["status_version"])
        context["form"] = RetractForm(_refreshed(request.POST, municipality), municipality=municipality)
        return _render_conflict(request, template, context, municipality=municipality, since=since, status=400)
    if not form.is_valid():
        return render(request, template, context)
    try:
        fact_retract(fact=fact, reason=form.cleaned_data["reason"], user=request.user, expected_version=version)
    except StaleStatusError:
        municipality.refresh_from_db(fields=["status_version"])
        context["form"] = RetractForm(_refreshed(request.POST, municipality), municipality=municipality)
        return _render_conflict(request, template, context, municipality=municipality, since=since, status=409)
    messages.success(request, _("Opplysningen er trukket tilbake."))
    return redirect(page_url)


@require_http_methods(["GET", "POST"])
def example_create(request: AuthenticatedRequest, number: str) -> HttpResponse:
    municipality = _municipality_for_writing(request, number, "example-create")
    form = GoodExampleForm(request.POST or None, areas=list(catalogue_areas()), initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        example_record(
            municipality=municipality,
            user=request.user,
            example=form.save(commit=False),
            submission=form.submission_token,
        )
        messages.success(request, _("Eksempelet er lagret."))
        return redirect(reverse("municipalities:municipality-detail", args=[municipality.number]) + "#eksempler")
    return render(request, "municipalities/example_form.html", {"municipality": municipality, "form": form})


# --- The catalogue --------------------------------------------------------------------------------------


@require_safe
def catalogue_list(request: AuthenticatedRequest) -> HttpResponse:
    areas = catalogue_areas()
    return render(
        request,
        "municipalities/catalogue_list.html",
        {"areas": areas, "can_edit": permissions.can_edit_catalogue(request.user)},
    )


@require_http_methods(["GET", "POST"])
def catalogue_edit(request: AuthenticatedRequest, code: str) -> HttpResponse:
    entry = catalogue_entry(code=code)
    if entry is None:
        raise Http404
    permissions.require(request, permissions.can_edit_catalogue(request.user), target=f"catalogue:{code}")
    form = CatalogueNameForm(request.POST or None, initial={"name": entry.name})
    if request.method == "POST" and form.is_valid():
        if catalogue_name_correct(entry=entry, name=form.cleaned_data["name"], user=request.user):
            messages.success(request, _("Navnet er rettet."))
        else:
            messages.info(request, _("Navnet var uendret."))
        return redirect("municipalities:catalogue")
    return render(request, "municipalities/catalogue_edit.html", {"entry": entry, "form": form})
