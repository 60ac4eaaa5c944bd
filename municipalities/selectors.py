"""Reads: the country scoped to the user, and the as-of query every figure is computed from."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

from django.db.models import Case, Count, DateTimeField, F, Max, Prefetch, QuerySet, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from common.gc_pause import gc_paused
from common.queries import latest_per_key, latest_rows_per_key, value_rows

from .models import (
    FactRetraction,
    FocusArea,
    GoodExample,
    Municipality,
    MunicipalityQuerySet,
    Office,
    Solution,
    StatusConfirmation,
    StatusFact,
)
from .registry import FACT_TYPES, KEYED_FACTS, MEETING_RANK, NETWORK_MEMBER_STATES, PRIORITISED


def as_aware(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A naive known_at is Europe/Oslo time."""
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment, timezone.get_default_timezone())


class FactRow(NamedTuple):
    """The StatusFact columns the as-of query reads, in `values_list` order."""

    id: int
    municipality_id: int
    fact: str
    value: str
    detail: str
    effective_date: datetime.date
    target_date: datetime.date | None
    link: str
    meeting_format: str
    participants: str
    note: str
    network_id: int | None
    recorded_at: datetime.datetime
    recorded_by_id: int
    source: str


FACT_FIELDS = FactRow._fields


class FactView(FactRow):
    """A current fact as the as-of query returns it: the StatusFact's fields as a plain tuple.

    Figures read thousands of these per request, so they are built straight from value rows, not as model
    instances; `recorded_by` and `network` load on access (pages that show them for many facts use
    `facts_timeline`, which joins them).
    """

    __slots__ = ()

    @property
    def pk(self) -> int:
        return self.id

    @property
    def fact_type(self):
        return FACT_TYPES[self.fact]

    @property
    def value_label(self) -> str:
        return self.fact_type.value_label(self.value)

    @property
    def lacks_target_date(self) -> bool:
        return self.fact_type.lacks_target_date(self)

    @property
    def recorded_by(self):
        from accounts.models import User

        return User.objects.get(pk=self.recorded_by_id)

    @property
    def network(self):
        if self.network_id is None:
            return None
        return StatusFact.objects.select_related("network__office").get(pk=self.id).network


class FigureFact(NamedTuple):
    """A current fact with only what the figures, the map and the grant criteria read (`figure_statuses`):
    which fact, its value and its key. A third of FactView's columns, and no dates to convert."""

    id: int
    municipality_id: int
    fact: str
    value: str
    detail: str


FIGURE_FIELDS = FigureFact._fields


class CurrentFact(Protocol):
    """What every current fact has, whether a FactView or a FigureFact."""

    @property
    def id(self) -> int: ...
    @property
    def fact(self) -> str: ...
    @property
    def value(self) -> str: ...
    @property
    def detail(self) -> str: ...


FactT = TypeVar("FactT", bound=CurrentFact)


class MunicipalityStatus(Generic[FactT]):
    """What was true for one municipality on a date (as known at a time).

    Its facts are FactViews (status_as_of: every column) or FigureFacts (figure_statuses: what figures read).
    A plain class with slots: the dashboard builds one per municipality and date on every cold page.
    """

    __slots__ = ("facts", "meetings", "municipality_id", "networks", "priorities")

    def __init__(self, municipality_id: int) -> None:
        self.municipality_id = municipality_id
        self.facts: dict[str, FactT] = {}  # single-valued facts by key
        self.meetings: dict[str, FactT] = {}  # by meeting date (YYYY-MM-DD)
        self.networks: dict[str, FactT] = {}  # by "office/network"
        self.priorities: dict[str, FactT] = {}  # by code

    def __repr__(self) -> str:
        return f"MunicipalityStatus({self.municipality_id}, facts={self.facts!r}, meetings={self.meetings!r})"

    def value(self, fact: str) -> str | None:
        found = self.facts.get(fact)
        return found.value if found else None

    def meeting_state_in_year(self, year: int) -> str | None:
        """The furthest state among meetings dated in the year (held > planned > offered > declined)."""
        best: str | None = None
        for date, meeting in self.meetings.items():
            if not date.startswith(f"{year:04d}-") or meeting.value not in MEETING_RANK:
                continue
            if best is None or MEETING_RANK[meeting.value] > MEETING_RANK[best]:
                best = meeting.value
        return best

    def meetings_in_year(self, year: int, states: Iterable[str] | None = None) -> list[FactT]:
        if not self.meetings:
            return []
        wanted = set(states) if states is not None else None
        prefix = f"{year:04d}-"
        return [
            m
            for d, m in sorted(self.meetings.items())
            if d.startswith(prefix) and (wanted is None or m.value in wanted)
        ]

    def has_meeting_in_year(self, year: int, states: Iterable[str]) -> bool:
        """Is any meeting dated in the year in one of `states`? (bool(meetings_in_year(...)), without the list.)"""
        prefix = f"{year:04d}-"
        return any(d.startswith(prefix) and m.value in states for d, m in self.meetings.items())

    def in_any_network(self, states: Iterable[str] = NETWORK_MEMBER_STATES) -> bool:
        """bool(networks_in(states)), without the sorted list."""
        return any(f.value in states for f in self.networks.values())

    def networks_in(self, states: Iterable[str] = NETWORK_MEMBER_STATES) -> list[str]:
        wanted = set(states)
        return sorted(k for k, f in self.networks.items() if f.value in wanted)

    def priority_codes(self) -> list[str]:
        return sorted(code for code, f in self.priorities.items() if f.value in PRIORITISED)

    @property
    def last_change(self: MunicipalityStatus[FactView]) -> FactView | None:
        every = [
            *self.facts.values(),
            *self.meetings.values(),
            *self.networks.values(),
            *self.priorities.values(),
        ]
        return max(every, key=lambda f: (f.recorded_at, f.pk), default=None)


def _municipality_ids(municipalities: QuerySet | Iterable) -> QuerySet | list[int]:
    if isinstance(municipalities, QuerySet):
        return municipalities.values("pk")
    return [getattr(m, "pk", m) for m in municipalities]


# The as-of rule, in one place: per (municipality, fact, key) the latest effective date wins; on the same date the
# later recording wins (ties in one import go to the later row, which has the higher id).
_FACT_KEY = Case(When(fact__in=KEYED_FACTS, then=F("detail")), default=Value(""))
_AS_OF_ORDER = ["-effective_date", "-recorded_at", "-id"]


def _visible_facts(
    municipalities: QuerySet | Iterable | None, *, known_at: datetime.datetime | None
) -> QuerySet[StatusFact]:
    """The facts of the municipalities (None: every one) that count as known at `known_at` (None: now).

    Retracted facts never count, unless the retraction was recorded after `known_at`."""
    qs = StatusFact.objects.all()
    if municipalities is not None:
        qs = qs.filter(municipality__in=_municipality_ids(municipalities))
    known_at = as_aware(known_at)
    if known_at is None:
        return qs.filter(retraction__isnull=True)
    return qs.filter(recorded_at__lte=known_at).exclude(retraction__recorded_at__lte=known_at)


def current_facts(
    municipalities: QuerySet | Iterable,
    *,
    as_of: datetime.date,
    known_at: datetime.datetime | None = None,
) -> QuerySet[StatusFact]:
    """The winning fact per (municipality, fact, key) on `as_of`, as known at `known_at`, as a queryset: one
    query (the as-of rule above; status_as_of and figure_statuses read the same rows)."""
    qs = _visible_facts(municipalities, known_at=known_at).filter(effective_date__lte=as_of)
    return latest_per_key(qs, key=["municipality_id", "fact", _FACT_KEY], order_by=_AS_OF_ORDER)


def _current_rows(municipalities, *, as_of, known_at, fields) -> list[tuple]:
    qs = _visible_facts(municipalities, known_at=known_at).filter(effective_date__lte=as_of)
    return latest_rows_per_key(qs, key=["municipality_id", "fact", _FACT_KEY], order_by=_AS_OF_ORDER, fields=fields)


def _ids_and_source(municipalities: QuerySet | Iterable) -> tuple[list[int], QuerySet | list[int]]:
    if isinstance(municipalities, QuerySet):
        return list(municipalities.values_list("pk", flat=True)), municipalities
    ids = _municipality_ids(municipalities)
    assert isinstance(ids, list)
    return ids, ids


@gc_paused
def status_as_of(
    municipalities: QuerySet | Iterable,
    *,
    as_of: datetime.date,
    known_at: datetime.datetime | None = None,
) -> dict[int, MunicipalityStatus[FactView]]:
    """The status of many municipalities on a date, every column of each fact, in one query (two for a
    queryset). Every municipality asked for is present."""
    ids, source = _ids_and_source(municipalities)
    rows = _current_rows(source, as_of=as_of, known_at=known_at, fields=FACT_FIELDS)
    return _statuses(ids, map(FactView._make, rows))


@gc_paused
def figure_statuses(
    municipalities: QuerySet | Iterable,
    *,
    as_of: datetime.date,
    known_at: datetime.datetime | None = None,
    whole_country: bool = False,
) -> dict[int, MunicipalityStatus[FigureFact]]:
    """status_as_of with only the columns figures read (FigureFact), for pages and tables over many
    municipalities. `whole_country`: the municipalities given are every one, so the facts are read with no
    list of ids to send and match."""
    ids, source = _ids_and_source(municipalities)
    rows = _current_rows(None if whole_country else source, as_of=as_of, known_at=known_at, fields=FIGURE_FIELDS)
    return _statuses(ids, map(FigureFact._make, rows))


_SLOTS = {key: (ft.slot, ft.keyed) for key, ft in FACT_TYPES.items()}


def _statuses(ids: Iterable[int], facts: Iterable[FactT]) -> dict[int, MunicipalityStatus[FactT]]:
    result: dict[int, MunicipalityStatus[FactT]] = {mid: MunicipalityStatus(municipality_id=mid) for mid in ids}
    for fact in facts:
        slot, keyed = _SLOTS[fact.fact]
        getattr(result[fact.municipality_id], slot)[fact.detail if keyed else fact.fact] = fact  # type: ignore[attr-defined]
    return result


def status_as_of_dates(
    ids: list[int],
    *,
    dates: Iterable[datetime.date],
    known_at: datetime.datetime | None = None,
    whole_country: bool = False,
) -> dict[datetime.date, dict[int, MunicipalityStatus[FigureFact]]]:
    """figure_statuses on several dates from ONE query: every fact up to the latest date, swept in order.

    The same rule as status_as_of (latest effective date, then later recording, then later row), applied to
    each date; used where several reference dates are shown together (the dashboard's trends).
    `whole_country` as for figure_statuses."""
    wanted = sorted(set(dates))
    if not wanted:
        return {}
    qs = _visible_facts(None if whole_country else ids, known_at=known_at)
    rows = value_rows(
        qs.filter(effective_date__lte=wanted[-1])
        .order_by("effective_date", "recorded_at", "id")
        .values_list("effective_date", *FIGURE_FIELDS)
    )
    current: dict[tuple, FigureFact] = {}
    result = {}
    facts = iter(rows)
    pending = next(facts, None)
    keyed = set(KEYED_FACTS)
    for date in wanted:
        while pending is not None and pending[0] <= date:
            fact = FigureFact._make(pending[1:])
            current[(fact.municipality_id, fact.fact, fact.detail if fact.fact in keyed else "")] = fact
            pending = next(facts, None)
        result[date] = _statuses(ids, current.values())
    return result


def self_confirmed_counts(
    *, after: datetime.date | None, until: datetime.date, known_at: datetime.datetime | None = None
) -> dict[int, int]:
    """How many municipalities of each office (by office id) confirmed their status themselves, the office
    accepting it, on a date in (after, until] (as known at `known_at`): one query. Offices without any are
    absent."""
    qs = StatusConfirmation.objects.filter(confirmed_on__lte=until)
    if after is not None:
        qs = qs.filter(confirmed_on__gt=after)
    known_at = as_aware(known_at)
    if known_at is not None:
        qs = qs.filter(recorded_at__lte=known_at)
    rows = qs.order_by().values("municipality__office_id").annotate(count=Count("municipality_id", distinct=True))
    return {row["municipality__office_id"]: row["count"] for row in rows}


def municipality_list_for_user(*, user) -> MunicipalityQuerySet:
    """Every reader sees every office's municipalities (the permission matrix)."""
    return Municipality.objects.select_related("county", "office")


def office_list() -> QuerySet[Office]:
    return Office.objects.order_by("position")


def network_list() -> list:
    """Every office's networks, by office then name: two queries. Reached through the offices' relation (the
    status layer imports no networks module)."""
    networks = []
    for office in Office.objects.order_by("position").prefetch_related("networks"):
        for network in office.networks.all():
            network.office = office
            networks.append(network)
    return networks


class NetworkName(NamedTuple):
    qualified_slug: str
    name: str

    def __str__(self) -> str:
        return self.name


def network_names() -> dict[str, NetworkName]:
    """Every network's name by its qualified slug ("office/network"): one query, through the offices."""
    rows = Office.objects.filter(networks__isnull=False).values_list("slug", "networks__slug", "networks__name")
    return {f"{office}/{slug}": NetworkName(f"{office}/{slug}", name) for office, slug, name in rows}


def facts_timeline(*, municipality: Municipality) -> QuerySet[StatusFact]:
    """Every fact of one municipality, newest first, with its retraction and recorder: two queries at most."""
    return (
        StatusFact.objects.filter(municipality=municipality)
        .select_related("recorded_by", "retraction", "retraction__recorded_by", "network", "network__office")
        .order_by("-effective_date", "-recorded_at", "-id")
    )


def municipality_search(*, query: str, limit: int = 20) -> list[Municipality]:
    """Find municipalities by number (prefix) or any official name form, Sami and Kven included."""
    import unicodedata

    text = query.strip().casefold()
    if not text:
        return []
    qs = Municipality.objects.select_related("county", "office")
    if text.isascii() and text.isdigit():
        return list(qs.filter(number__startswith=text).order_by("number")[:limit])
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    matches = qs.filter(search_names__contains=text) | qs.filter(search_names__contains=plain)
    return list(matches.by_name()[:limit])


def catalogue_areas() -> QuerySet[FocusArea]:
    """The five focus areas with their solutions in catalogue order: two queries."""
    return FocusArea.objects.prefetch_related(Prefetch("solutions", queryset=Solution.objects.order_by("position")))


def catalogue_names() -> dict[str, str]:
    """Every focus area's and solution's name by code: two queries."""
    names = dict(FocusArea.objects.values_list("code", "name"))
    names.update(Solution.objects.values_list("code", "name"))
    return names


@dataclass(frozen=True)
class Recordings:
    """What has been recorded by a time: the newest recording, and a version of the data visible then."""

    newest: datetime.datetime | None  # what «kjent per» means for a table built from everything recorded
    version: str  # changes whenever a row visible at the time is added (facts are append-only), or a municipality


def recordings(known_at: datetime.datetime | None = None, *, also: Iterable = ()) -> Recordings:
    """The facts and retractions (and rows of the models in `also`, which have `recorded_at`) recorded by
    `known_at` (default: ever): their newest time and a version key (highest id and count per table, and the
    municipalities'). One query."""
    known_at = as_aware(known_at)
    parts = []
    for model in (StatusFact, FactRetraction, *also):
        qs = model.objects.all() if known_at is None else model.objects.filter(recorded_at__lte=known_at)
        parts.append(
            qs.order_by()
            .annotate(one=Value(1))
            .values("one")
            .annotate(newest=Max("recorded_at"), top=Max("id"), rows=Count("id"))
        )
    parts.append(
        Municipality.objects.order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(newest=Cast(Value(None), DateTimeField()), top=Max("id"), rows=Count("id"))
    )
    found = list(parts[0].union(*parts[1:], all=True))
    newest = max((row["newest"] for row in found if row["newest"] is not None), default=None)
    version = "-".join(f"{row['top'] or 0}.{row['rows']}" for row in found)
    return Recordings(newest=newest, version=version)


def newest_recording(known_at: datetime.datetime | None = None, *, also: Iterable = ()) -> datetime.datetime | None:
    """The time of the newest fact or retraction (or row of `also`) recorded by `known_at`: one query."""
    return recordings(known_at, also=also).newest


def catalogue_entry(*, code: str) -> FocusArea | Solution | None:
    return FocusArea.objects.filter(code=code).first() or Solution.objects.filter(code=code).first()


def examples_of(*, municipality: Municipality) -> QuerySet[GoodExample]:
    return municipality.examples.select_related("recorded_by").order_by("-date", "-id")


def changes_since(municipality: Municipality, since: datetime.datetime | None, *, limit: int = 20) -> list[dict]:
    """Facts and retractions recorded after `since` (or the latest ones when it is unknown), newest first."""
    facts = StatusFact.objects.filter(municipality=municipality).select_related("recorded_by")
    retractions = FactRetraction.objects.filter(fact__municipality=municipality).select_related("recorded_by", "fact")
    if since is not None:
        facts = facts.filter(recorded_at__gt=since)
        retractions = retractions.filter(recorded_at__gt=since)
    changes: list[dict[str, Any]] = [
        {"kind": "fact", "at": f.recorded_at, "by": f.recorded_by, "fact": f}
        for f in facts.order_by("-recorded_at", "-id")[:limit]
    ] + [
        {"kind": "retraction", "at": r.recorded_at, "by": r.recorded_by, "fact": r.fact, "reason": r.reason}
        for r in retractions.order_by("-recorded_at", "-id")[:limit]
    ]
    changes.sort(key=lambda c: c["at"], reverse=True)
    return changes[:limit]


def fact_recorded_by(*, item, user, since: datetime.datetime) -> bool:
    """Did `user` record exactly this fact (a services.FactInput) after `since`? (A double-submitted form.)"""
    same = {k: v for k, v in item.stored_fields().items() if k not in ("link", "meeting_format", "participants")}
    return StatusFact.objects.filter(**same, recorded_by=user, recorded_at__gt=since, retraction__isnull=True).exists()
