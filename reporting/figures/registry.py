"""The figure registry: every number the portal reports, defined once, computed over the as-of query.

A figure is a count (and share) of a set of municipalities whose status, as of a date, meets a predicate.
The codes and Norwegian names are those a period may ask for (`reporting.periods.models.FIGURE_NAMES`); how
each is computed is defined here, once. "The reference year" of the dialogue figures is the calendar year of
the as-of date. `phase3_priorities` is the one breakdown: among phase-3 municipalities, how many prioritise
each solution and each focus area (a municipality counts for an area when it prioritises the area itself or
any of its solutions).

Pages, workbooks, the dashboard and the commands all call `figure_table()`; nothing else counts.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from common.fresh_stack import run_on_fresh_stack
from common.gc_pause import gc_paused
from municipalities.models import FocusArea, Municipality, Office, Solution
from municipalities.registry import FACT_TYPES, MEETING_HELD_OR_PLANNED, questions
from municipalities.registry.types import NETWORK_PARTICIPATING
from municipalities.selectors import MunicipalityStatus, figure_statuses, status_as_of, status_as_of_dates
from reporting.periods.models import FIGURE_KEYS, PRIORITIES_KEY, figure_label

Predicate = Callable[[MunicipalityStatus, int], bool]

DIALOGUE_ANY = tuple(FACT_TYPES["dialogue_meeting"].values)  # offered, declined, planned, held, cancelled


@dataclass(frozen=True)
class Figure:
    key: str
    predicate: Predicate

    @property
    def label(self) -> str:
        """The figure's Norwegian name, which the periods define with the code (reporting.periods.models)."""
        return figure_label(self.key)


def plan_or_process(status: MunicipalityStatus, year: int = 0) -> bool:
    return questions.plan_or_process(status)


def decided_or_in_process(status: MunicipalityStatus, year: int = 0) -> bool:
    if questions.process_described(status):
        return True
    return questions.plan_adopted(status) and questions.areas_considered(status)


def samfunnsdel_anchored_or_planned(status: MunicipalityStatus, year: int = 0) -> bool:
    return questions.anchored_or_planned(status, "samfunnsdel")


def in_networks_or_planned(status: MunicipalityStatus, year: int = 0) -> bool:
    return status.in_any_network()


def phase(status: MunicipalityStatus) -> str | None:
    return questions.phase(status)


FIGURES: dict[str, Figure] = {
    f.key: f
    for f in [
        Figure("dialogue_offered", lambda s, year: s.has_meeting_in_year(year, DIALOGUE_ANY)),
        Figure("dialogue_meetings", lambda s, year: s.has_meeting_in_year(year, MEETING_HELD_OR_PLANNED)),
        Figure("plan_or_process", plan_or_process),
        Figure("decided_or_in_process", decided_or_in_process),
        Figure("plan_adopted", lambda s, y: questions.plan_adopted(s)),
        Figure("in_networks_or_planned", in_networks_or_planned),
        Figure("in_networks", lambda s, y: s.in_any_network(NETWORK_PARTICIPATING)),
        Figure("samfunnsdel_anchored_or_planned", samfunnsdel_anchored_or_planned),
        Figure(
            "other_plans_anchored_or_planned",
            lambda s, y: (
                questions.anchored_or_planned(s, "action_plan") or questions.anchored_or_planned(s, "other_plans")
            ),
        ),
        Figure("phase_2", lambda s, y: phase(s) == "2"),
        Figure("phase_3", lambda s, y: phase(s) == "3"),
        Figure("phase_not_assessed", lambda s, y: phase(s) is None),
    ]
}
# Every code a period may ask for has its computation here, in the same order: the simple figures, then the
# one breakdown (PRIORITIES_KEY).
if (*FIGURES, PRIORITIES_KEY) != FIGURE_KEYS:
    raise ImproperlyConfigured("reporting.figures.registry.FIGURES must compute every figure a period may ask for.")


@dataclass(frozen=True)
class Catalogue:
    """The focus areas and solutions, in catalogue order: what phase3_priorities is broken down by."""

    areas: list[tuple[str, str]]  # (code, name)
    solutions: list[tuple[str, str, str]]  # (code, name, area code)

    @classmethod
    def load(cls) -> Catalogue:  # two queries
        areas = list(FocusArea.objects.order_by("position").values_list("code", "name"))
        solutions = list(
            Solution.objects.order_by("area__position", "position").values_list("code", "name", "area__code")
        )
        return cls(areas=areas, solutions=solutions)

    @property
    def codes(self) -> list[str]:
        return [code for code, _name in self.areas] + [code for code, _name, _area in self.solutions]

    def names(self) -> dict[str, str]:
        return dict(self.areas) | {code: name for code, name, _area in self.solutions}

    def rows(self) -> list[tuple[str, str, bool]]:
        """(code, name, is_area) in reading order: each area followed by its solutions."""
        result = []
        for area_code, area_name in self.areas:
            result.append((area_code, area_name, True))
            result += [(c, n, False) for c, n, a in self.solutions if a == area_code]
        return result

    def counted_codes(self, prioritised: Iterable[str]) -> set[str]:
        """The codes a municipality counts for: what it prioritised, plus the area of every solution."""
        chosen = set(prioritised)
        result = {c for c, _n, _a in self.solutions if c in chosen}
        result |= {code for code, _name in self.areas if code in chosen}
        result |= {a for c, _n, a in self.solutions if c in chosen}
        return result


@dataclass
class FigureEntry:
    """The figures of one set of municipalities (an office, or the country)."""

    municipalities: int
    counts: dict[str, int]
    priorities: dict[str, int]
    # The municipality ids behind each count (empty for an entry rebuilt from stored JSON).
    members: dict[str, list[int]] = field(default_factory=dict)
    priority_members: dict[str, list[int]] = field(default_factory=dict)

    def share(self, key: str) -> float:
        return self.counts[key] / self.municipalities if self.municipalities else 0.0

    def as_json(self) -> dict:
        data: dict = {"municipalities": self.municipalities}
        for key in FIGURES:
            data[key] = {"count": self.counts[key], "share": self.share(key)}
        data[PRIORITIES_KEY] = dict(self.priorities)
        return data

    @classmethod
    def from_json(cls, data: dict) -> FigureEntry:
        """An entry as stored (a report snapshot, a cache), without members."""
        return cls(
            municipalities=int(data["municipalities"]),
            counts={key: int(data[key]["count"]) for key in FIGURES},
            priorities={code: int(c) for code, c in data[PRIORITIES_KEY].items()},
        )

    @classmethod
    def total(cls, entries: Iterable[FigureEntry]) -> FigureEntry:
        """The sum of several entries (a national entry from the offices' entries)."""
        entries = list(entries)
        codes = sorted({c for e in entries for c in e.priorities})
        return cls(
            municipalities=sum(e.municipalities for e in entries),
            counts={key: sum(e.counts[key] for e in entries) for key in FIGURES},
            priorities={code: sum(e.priorities.get(code, 0) for e in entries) for code in codes},
        )

    def rows(self, keys: Iterable[str] | None = None) -> list[tuple[str, str, int, float]]:
        """(key, label, count, share) for the simple figures among `keys` (default all), in registry order."""
        wanted = set(FIGURES if keys is None else keys)
        return [(k, figure_label(k), self.counts[k], self.share(k)) for k in FIGURES if k in wanted]


@dataclass
class FigureTable:
    """Every figure as of a date, per office and for the whole set."""

    as_of: datetime.date
    known_at: datetime.datetime | None
    offices: dict[str, FigureEntry]  # by office slug, in office order
    national: FigureEntry
    catalogue: Catalogue
    statuses: dict[int, MunicipalityStatus]

    @property
    def year(self) -> int:
        return self.as_of.year


def _union(entries: Iterable[FigureEntry], catalogue: Catalogue) -> FigureEntry:
    entries = list(entries)
    members = {key: [mid for e in entries for mid in e.members[key]] for key in FIGURES}
    priority_members = {code: [mid for e in entries for mid in e.priority_members[code]] for code in catalogue.codes}
    return FigureEntry(
        municipalities=sum(e.municipalities for e in entries),
        counts={key: len(v) for key, v in members.items()},
        priorities={code: len(v) for code, v in priority_members.items()},
        members=members,
        priority_members=priority_members,
    )


def _entry(ids: list[int], statuses: dict[int, MunicipalityStatus], year: int, catalogue: Catalogue) -> FigureEntry:
    members: dict[str, list[int]] = {key: [] for key in FIGURES}
    priority_members: dict[str, list[int]] = {code: [] for code in catalogue.codes}
    # Each figure's test with the list its members go to, looked up once (this loop runs 12 times per
    # municipality and date: on the trends page some 13,000 times per cold request).
    checks = [(figure.predicate, members[key].append) for key, figure in FIGURES.items()]
    for mid in ids:
        status = statuses[mid]
        for predicate, add in checks:
            if predicate(status, year):
                add(mid)
        if phase(status) == "3":
            for code in catalogue.counted_codes(status.priority_codes()):
                priority_members[code].append(mid)
    return FigureEntry(
        municipalities=len(ids),
        counts={key: len(v) for key, v in members.items()},
        priorities={code: len(v) for code, v in priority_members.items()},
        members=members,
        priority_members=priority_members,
    )


@gc_paused
def figure_table(
    *,
    as_of: datetime.date,
    known_at: datetime.datetime | None = None,
    municipalities: QuerySet[Municipality] | None = None,
    full_statuses: bool = False,
) -> FigureTable:
    """Every registry figure for a set of municipalities (default: the whole country) as of a date.

    Five queries whatever the number of municipalities or facts: offices, municipalities, the as-of facts,
    the focus areas and the solutions. `offices` holds every office (an office outside the set has n = 0).
    `statuses` holds what the figures read (FigureFact); with `full_statuses`, every column (FactView), for
    callers that show more of the status than its figures (the completeness list, the package's sheets).
    """
    offices = list(Office.objects.order_by("position").values_list("pk", "slug"))
    source = Municipality.objects.all() if municipalities is None else municipalities
    pairs = list(source.order_by().values_list("pk", "office_id"))
    ids = [pk for pk, _office in pairs]
    statuses: dict[int, MunicipalityStatus]
    if full_statuses:
        statuses = status_as_of(ids, as_of=as_of, known_at=known_at)
    else:
        statuses = figure_statuses(ids, as_of=as_of, known_at=known_at, whole_country=municipalities is None)
    return _table(as_of, known_at, offices, pairs, statuses, Catalogue.load())


@gc_paused
def figure_tables(
    *, dates: list[datetime.date], known_at: datetime.datetime | None = None
) -> dict[datetime.date, FigureTable]:
    """figure_table for the whole country on several dates, from one fact query (five queries in all)."""
    offices = list(Office.objects.order_by("position").values_list("pk", "slug"))
    pairs = list(Municipality.objects.order_by().values_list("pk", "office_id"))
    ids = [pk for pk, _office in pairs]
    by_date = status_as_of_dates(ids, dates=dates, known_at=known_at, whole_country=True)
    catalogue = Catalogue.load()
    return {d: _table(d, known_at, offices, pairs, statuses, catalogue) for d, statuses in by_date.items()}


def _table(as_of, known_at, offices, pairs, statuses, catalogue) -> FigureTable:
    """The figures of every office from the statuses, computed on a fresh interpreter stack (see fresh_stack)."""
    return run_on_fresh_stack(_table_here, as_of, known_at, offices, pairs, statuses, catalogue)


def _table_here(as_of, known_at, offices, pairs, statuses, catalogue) -> FigureTable:
    year = as_of.year
    by_office: dict[int, list[int]] = {pk: [] for pk, _slug in offices}
    for pk, office_id in pairs:
        by_office.setdefault(office_id, []).append(pk)
    entries = {slug: _entry(by_office[pk], statuses, year, catalogue) for pk, slug in offices}
    return FigureTable(
        as_of=as_of,
        known_at=known_at,
        offices=entries,
        # Every municipality belongs to exactly one office: the whole set is the union of the offices' entries.
        national=_union(entries.values(), catalogue),
        catalogue=catalogue,
        statuses=statuses,
    )


def figure_member_ids(entry: FigureEntry, key: str, code: str | None = None) -> list[int] | None:
    """The municipality ids behind one count (None for an unknown figure or code)."""
    if key == PRIORITIES_KEY:
        return entry.priority_members.get(code or "")
    return entry.members.get(key)


def figure_members(entry: FigureEntry, key: str, code: str | None = None) -> QuerySet[Municipality] | None:
    """The municipalities behind one count, in Norwegian name order (one query when evaluated)."""
    ids = figure_member_ids(entry, key, code)
    if ids is None:
        return None
    return Municipality.objects.filter(pk__in=ids).select_related("county").by_name()
