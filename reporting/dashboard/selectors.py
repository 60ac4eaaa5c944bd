"""The national dashboard's reads: live figures per as-of date (cached by data version), the overview with
report states and drift, the trends across periods, and the map's statuses per municipality.

Every number comes from the figure registry (`reporting.figures.registry.figure_table`); the report states
come from the office reports (`reporting.reports.selectors.report_states`). Each function below runs a fixed
number of queries whatever the number of municipalities or facts, and fewer when its cache entry is warm. The
cache is optional: with it empty, unreachable (Redis down) or a dummy backend, the pages compute everything and
are only slower.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.data_version import data_version
from municipalities.models import Municipality, Office
from municipalities.registry import FACT_TYPES
from municipalities.selectors import figure_statuses
from reporting.figures.registry import FIGURES, PRIORITIES_KEY, FigureEntry, figure_label, figure_table, figure_tables
from reporting.grants.selectors import grant_criteria, grant_years, latest_confirmations
from reporting.periods.models import ReportingPeriod
from reporting.periods.selectors import period_latest_passed, period_list
from reporting.reports.selectors import NOT_STARTED_STATE, ReportState, report_states, report_states_by_period

logger = logging.getLogger(__name__)

CACHE_TIMEOUT = 24 * 60 * 60  # entries are keyed by data version: a new fact makes new keys, old ones expire
SOURCE_LIVE, SOURCE_SUBMITTED = "live", "submitted"


# ---- cache and data version ----------------------------------------------------------------------------------


def cache_get(key: str):
    """The cached value, or None when absent or the cache is unreachable (the page then computes it)."""
    try:
        return cache.get(key)
    except Exception:  # a Redis backend raises its own connection errors; the page must still work
        logger.warning("dashboard cache unavailable (get %s)", key, exc_info=True)
        return None


def cache_set(key: str, value) -> None:
    try:
        cache.set(key, value, CACHE_TIMEOUT)
    except Exception:
        logger.warning("dashboard cache unavailable (set %s)", key, exc_info=True)


# ---- periods and the choice of date --------------------------------------------------------------------------


def period_list_for_dashboard() -> list[ReportingPeriod]:
    return list(period_list())


def default_period(periods: list[ReportingPeriod], today: datetime.date | None = None) -> ReportingPeriod | None:
    """The latest period whose reference date has passed (the first one when none has)."""
    return period_latest_passed(periods, today)


def office_list_for_dashboard() -> list[Office]:
    return list(Office.objects.order_by("position"))


def office_report_states(period: ReportingPeriod, offices: Iterable[Office]) -> dict[int, ReportState]:
    """The report state of each office for the period, by office id (three queries)."""
    states = report_states(period=period)
    return {office.pk: states.get(office.pk, NOT_STARTED_STATE) for office in offices}


def office_report_states_by_period(
    periods: list[ReportingPeriod], offices: Iterable[Office]
) -> dict[int, dict[int, ReportState]]:
    """office_report_states for several periods, by period id, in the same three queries."""
    offices = list(offices)
    by_period = report_states_by_period(periods=periods)
    return {
        period.pk: {office.pk: by_period[period.pk].get(office.pk, NOT_STARTED_STATE) for office in offices}
        for period in periods
    }


# ---- live figures --------------------------------------------------------------------------------------------


@dataclass
class LiveFigures:
    """Every registry figure as of a date, per office slug and nationally (no member lists)."""

    as_of: datetime.date
    offices: dict[str, FigureEntry]
    national: FigureEntry
    areas: list[tuple[str, str]]
    solutions: list[tuple[str, str, str]]

    def as_cache(self) -> dict:
        return {
            "offices": {slug: entry.as_json() for slug, entry in self.offices.items()},
            "national": self.national.as_json(),
            "areas": [list(a) for a in self.areas],
            "solutions": [list(s) for s in self.solutions],
        }

    @classmethod
    def from_cache(cls, as_of: datetime.date, data: dict) -> LiveFigures:
        return cls(
            as_of=as_of,
            offices={slug: FigureEntry.from_json(entry) for slug, entry in data["offices"].items()},
            national=FigureEntry.from_json(data["national"]),
            areas=[tuple(a) for a in data["areas"]],
            solutions=[tuple(s) for s in data["solutions"]],
        )


def live_figures(as_of: datetime.date, *, version: str | None = None) -> LiveFigures:
    """The live figures of `report_figures` as of a date: from the cache, else five queries (figure_table)."""
    version = version if version is not None else data_version()
    key = f"dashboard:figures:{as_of.isoformat()}:{version}"
    cached = cache_get(key)
    if cached is not None:
        return LiveFigures.from_cache(as_of, cached)
    table = figure_table(as_of=as_of)
    result = LiveFigures(
        as_of=as_of,
        offices=table.offices,
        national=table.national,
        areas=table.catalogue.areas,
        solutions=table.catalogue.solutions,
    )
    cache_set(key, result.as_cache())
    return result


def live_figures_many(dates: list[datetime.date], *, version: str | None = None) -> dict[datetime.date, LiveFigures]:
    """live_figures for several dates: cached ones from the cache, the rest from one pass (figure_tables)."""
    version = version if version is not None else data_version()
    result: dict[datetime.date, LiveFigures] = {}
    missing = []
    for as_of in dict.fromkeys(dates):
        cached = cache_get(f"dashboard:figures:{as_of.isoformat()}:{version}")
        if cached is not None:
            result[as_of] = LiveFigures.from_cache(as_of, cached)
        else:
            missing.append(as_of)
    for as_of, table in (figure_tables(dates=missing) if missing else {}).items():
        figures = LiveFigures(
            as_of=as_of,
            offices=table.offices,
            national=table.national,
            areas=table.catalogue.areas,
            solutions=table.catalogue.solutions,
        )
        cache_set(f"dashboard:figures:{as_of.isoformat()}:{version}", figures.as_cache())
        result[as_of] = figures
    return result


# ---- the national overview -----------------------------------------------------------------------------------


@dataclass
class FigureCell:
    key: str
    count: int
    share: float
    source: str  # SOURCE_SUBMITTED or SOURCE_LIVE
    live_count: int
    live_share: float
    url: str = ""  # the municipalities behind the count (set by the view)

    @property
    def percent(self) -> float:
        return self.share * 100

    @property
    def live_percent(self) -> float:
        return self.live_share * 100

    @property
    def drift(self) -> bool:
        """A submitted value that the live figures no longer agree with."""
        return self.source == SOURCE_SUBMITTED and self.count != self.live_count


def _cells(keys: list[str], shown: FigureEntry, live: FigureEntry, source: str) -> list[FigureCell]:
    return [
        FigureCell(key, shown.counts[key], shown.share(key), source, live.counts[key], live.share(key)) for key in keys
    ]


@dataclass
class OfficeOverviewRow:
    office: Office
    title: str
    municipalities: int
    cells: list[FigureCell]
    state: ReportState
    source: str
    is_own: bool
    priorities: dict[str, int] = field(default_factory=dict)
    lateness: str = ""  # «levert N dager etter fristen» (reporting.reports.selectors.days_late), else ""

    @property
    def drift(self) -> bool:
        return any(c.drift for c in self.cells)


@dataclass
class NationalOverview:
    as_of: datetime.date
    period: ReportingPeriod | None
    keys: list[str]
    labels: list[tuple[str, str]]
    rows: list[OfficeOverviewRow]
    national: list[FigureCell]
    national_municipalities: int
    live_only: bool
    days_to_deadline: int | None
    priorities: list[dict]

    @property
    def days_overdue(self) -> int:
        return -self.days_to_deadline if self.days_to_deadline is not None else 0

    @property
    def any_submitted(self) -> bool:
        return any(r.source == SOURCE_SUBMITTED for r in self.rows)


def _entry_shown(state: ReportState, live: FigureEntry, live_only: bool) -> tuple[FigureEntry, str]:
    if not live_only and state.uses_snapshot and state.submitted_figures is not None:
        return FigureEntry.from_json(state.submitted_figures), SOURCE_SUBMITTED
    return live, SOURCE_LIVE


def figure_keys_for(period: ReportingPeriod | None) -> list[str]:
    """The simple figures a period asks for (all of them without a period), in registry order."""
    asked = set(period.figures) if period is not None else set(FIGURES)
    return [key for key in FIGURES if key in asked]


def national_overview(
    *,
    as_of: datetime.date,
    period: ReportingPeriod | None,
    offices: list[Office],
    live_only: bool = False,
    own_office_id: int | None = None,
    today: datetime.date | None = None,
    version: str | None = None,
) -> NationalOverview:
    """The ten offices side by side: each figure as count and share, national totals, report states.

    A submitted (or accepted) report shows its snapshot's figures with the live ones beside them where they
    differ, unless `live_only`. Queries: live_figures' (none when cached) plus the report-state adapter's.
    """
    live = live_figures(as_of, version=version)
    states = office_report_states(period, offices) if period is not None else {}
    keys = figure_keys_for(period)
    rows = []
    for office in offices:
        state = states.get(office.pk, NOT_STARTED_STATE)
        live_entry = live.offices[office.slug]
        shown, source = _entry_shown(state, live_entry, live_only)
        rows.append(
            OfficeOverviewRow(
                office=office,
                title=office.title_on(as_of),
                municipalities=shown.municipalities,
                cells=_cells(keys, shown, live_entry, source),
                state=state,
                source=source,
                is_own=office.pk == own_office_id,
                priorities=shown.priorities,
                lateness=state.lateness(period.deadline) if period is not None else "",
            )
        )
    if any(r.source == SOURCE_SUBMITTED for r in rows):
        shown_entries = [
            _entry_shown(states.get(o.pk, NOT_STARTED_STATE), live.offices[o.slug], live_only)[0] for o in offices
        ]
        national_shown = FigureEntry.total(shown_entries)
        national_source = SOURCE_SUBMITTED
    else:
        national_shown, national_source = live.national, SOURCE_LIVE
    today = today or timezone.localdate()
    priorities = []
    if period is None or PRIORITIES_KEY in period.figures:
        names = dict(live.areas) | {code: name for code, name, _area in live.solutions}
        for area_code, _area_name in live.areas:
            for code in [area_code] + [c for c, _n, a in live.solutions if a == area_code]:
                priorities.append(
                    {
                        "code": code,
                        "name": names[code],
                        "is_area": code == area_code,
                        "national": national_shown.priorities.get(code, 0),
                        "offices": [r.priorities.get(code, 0) for r in rows],
                    }
                )
    return NationalOverview(
        as_of=as_of,
        period=period,
        keys=keys,
        labels=[(key, figure_label(key)) for key in keys],
        rows=rows,
        national=_cells(keys, national_shown, live.national, national_source),
        national_municipalities=national_shown.municipalities,
        live_only=live_only,
        days_to_deadline=(period.deadline - today).days if period is not None else None,
        priorities=priorities,
    )


# ---- trends across periods -----------------------------------------------------------------------------------


@dataclass
class TrendPoint:
    period: ReportingPeriod
    count: int
    municipalities: int
    source: str

    @property
    def share(self) -> float:
        return self.count / self.municipalities if self.municipalities else 0.0

    @property
    def percent(self) -> float:
        return self.share * 100

    @property
    def is_live(self) -> bool:
        return self.source == SOURCE_LIVE


@dataclass
class TrendSeries:
    slug: str  # office slug, or "" for the country
    name: str
    points: list[TrendPoint]


@dataclass
class FigureTrend:
    key: str
    label: str
    national: TrendSeries
    offices: list[TrendSeries]


def figure_trends(
    *, periods: list[ReportingPeriod], offices: list[Office], version: str | None = None
) -> list[FigureTrend]:
    """Each simple figure across the periods, per office and nationally: the submitted value where the
    office's report for the period was submitted (or accepted), else the live one as of the reference date.
    The national value sums the offices' values. Queries: live_figures_many's (none when cached) plus the
    report states' three for all periods."""
    per_period = []
    lives = live_figures_many([p.reference_date for p in periods], version=version)
    states_by_period = office_report_states_by_period(periods, offices)
    for period in periods:
        live = lives[period.reference_date]
        states = states_by_period[period.pk]
        entries: dict[str, tuple[FigureEntry, str]] = {}
        for office in offices:
            entries[office.slug] = _entry_shown(
                states.get(office.pk, NOT_STARTED_STATE), live.offices[office.slug], False
            )
        national_source = (
            SOURCE_SUBMITTED if all(src == SOURCE_SUBMITTED for _e, src in entries.values()) else SOURCE_LIVE
        )
        national = FigureEntry.total(e for e, _src in entries.values())
        per_period.append((period, entries, national, national_source))

    trends = []
    for key in FIGURES:
        country = TrendSeries(
            "",
            str(_("Hele landet")),
            [TrendPoint(p, n.counts[key], n.municipalities, src) for p, _e, n, src in per_period],
        )
        series = [
            TrendSeries(
                office.slug,
                office.region,
                [
                    TrendPoint(p, e[office.slug][0].counts[key], e[office.slug][0].municipalities, e[office.slug][1])
                    for p, e, _n, _s in per_period
                ],
            )
            for office in offices
        ]
        trends.append(FigureTrend(key, figure_label(key), country, series))
    return trends


# ---- the map -------------------------------------------------------------------------------------------------

MAP_KINDS = ("fase", "vedtak", "samfunnsdel", "tilskudd")
# The map kinds that show one fact of the registry, and the fact each shows.
MAP_FACTS = {"fase": "phase", "vedtak": "decision", "samfunnsdel": "samfunnsdel"}
UNRECORDED_CATEGORY = "unrecorded"  # never recorded (or retracted): apart from a recorded «no» or «none»


def _fact_categories(fact: str) -> list[tuple[str, Promise]]:
    """A fact's map categories, from the registry: its values furthest first (the registry lists them from the
    least to the furthest), then never recorded, read as the registry says («Ikke registrert», the phase's
    «Ikke vurdert»)."""
    fact_type = FACT_TYPES[fact]
    values = list(fact_type.values.items())
    return [*reversed(values), (UNRECORDED_CATEGORY, fact_type.unrecorded_label)]


MAP_CATEGORIES: dict[str, list[tuple[str, Promise]]] = {
    **{kind: _fact_categories(fact) for kind, fact in MAP_FACTS.items()},
    "tilskudd": [
        ("confirmed_yes", _("Prioriteres (bekreftet)")),
        ("proposed_yes", _("Prioriteres (foreslått, ikke bekreftet)")),
        ("proposed_no", _("Prioriteres ikke (foreslått, ikke bekreftet)")),
        ("confirmed_no", _("Prioriteres ikke (bekreftet)")),
    ],
}
MAP_KIND_LABELS = {
    "fase": _("Fase"),
    "vedtak": _("Politisk vedtak"),
    "samfunnsdel": _("Forankring i kommuneplanens samfunnsdel"),
    "tilskudd": _("Prioritering i tilskuddsordninger"),
}


def grant_year_for(as_of: datetime.date) -> int:
    """The grant year of an as-of date, held within the years the mapping exists for (2021–2023)."""
    years = grant_years()
    return min(max(as_of.year, years[0]), years[-1])


@dataclass(frozen=True)
class MapRow:
    number: str
    name: str
    office: str  # slug
    categories: dict[str, str]  # map kind → category


def _grant_category(criteria, confirmation) -> str:
    if confirmation is not None:
        return "confirmed_yes" if confirmation.confirmed else "confirmed_no"
    return "proposed_yes" if all(criteria) else "proposed_no"


def _fact_category(status, fact: str) -> str:
    value = status.value(fact)
    return value if value in FACT_TYPES[fact].values else UNRECORDED_CATEGORY


def map_rows(as_of: datetime.date, *, version: str | None = None) -> list[MapRow]:
    """Every municipality (Norwegian name order) with its category in each map kind: three queries when
    the cache is cold (municipalities, the as-of facts, the grant confirmations), none when warm."""
    version = version if version is not None else data_version()
    key = f"dashboard:map:2:{as_of.isoformat()}:{version}"  # 2: never recorded is its own category
    cached = cache_get(key)
    if cached is not None:
        return [MapRow(number, name, office, categories) for number, name, office, categories in cached]
    municipalities = list(Municipality.objects.by_name().values_list("pk", "number", "name", "office__slug"))
    ids = [pk for pk, *_rest in municipalities]
    statuses = figure_statuses(ids, as_of=as_of, whole_country=True)
    confirmations = latest_confirmations(year=grant_year_for(as_of), municipality_ids=None)
    rows = []
    for pk, number, name, office in municipalities:
        status = statuses[pk]
        categories = {kind: _fact_category(status, fact) for kind, fact in MAP_FACTS.items()}
        categories["tilskudd"] = _grant_category(grant_criteria(status), confirmations.get(pk))
        rows.append(MapRow(number, name, office, categories))
    cache_set(key, [[r.number, r.name, r.office, r.categories] for r in rows])
    return rows


def category_counts(rows: Iterable[MapRow], kind: str) -> dict[str, int]:
    counts = {code: 0 for code, _label in MAP_CATEGORIES[kind]}
    for row in rows:
        counts[row.categories[kind]] = counts.get(row.categories[kind], 0) + 1
    return counts
