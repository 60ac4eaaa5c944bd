"""Reads for the office's own work and the example library, scoped to the user."""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts import permissions
from common import dates
from common.queries import latest_per_key
from municipalities.models import County, FocusArea, GoodExample, Office, Solution

from .models import Event, FeedToken, Nomination, PlanVersion, StatusMeeting
from .sections import SECTIONS

# --- plan -----------------------------------------------------------------------------------------------


def published_plan(office: Office | int) -> PlanVersion | None:
    """The office's latest published plan version, or None (the spring-2021 report attaches it)."""
    office_id = office if isinstance(office, int) else office.pk
    return (
        PlanVersion.objects.filter(office_id=office_id, published_at__isnull=False)
        .select_related("created_by", "published_by")
        .order_by("-number")
        .first()
    )


def published_plans_by_office() -> dict[int, PlanVersion]:
    """Each office's latest published plan version, by office id: one query."""
    published = PlanVersion.objects.filter(published_at__isnull=False)
    return {v.office_id: v for v in latest_per_key(published, key=["office_id"], order_by=["-number"])}


def plan_version_latest(office: Office) -> PlanVersion | None:
    """The office's latest version, draft or published (what a revision starts from)."""
    return PlanVersion.objects.filter(office=office).order_by("-number").first()


def plan_version_get(*, office: Office, number: int) -> PlanVersion | None:
    return PlanVersion.objects.select_related("created_by", "published_by").filter(office=office, number=number).first()


def plan_versions_for_user(*, user, office: Office) -> QuerySet[PlanVersion]:
    """Every version the user may read: drafts only for the office's own staff."""
    qs = PlanVersion.objects.filter(office=office).select_related("created_by", "published_by").order_by("-number")
    if not permissions.can_see_drafts(user, office):
        qs = qs.filter(published_at__isnull=False)
    return qs


@dataclass
class DiffLine:
    kind: str  # "equal", "removed", "added"
    text: str


@dataclass
class SectionComparison:
    section: object
    changed: bool
    lines: list[DiffLine]


def plan_compare(old: PlanVersion, new: PlanVersion) -> list[SectionComparison]:
    """Section-by-section line diff of two versions (plain text; the template escapes it)."""
    result = []
    for section in SECTIONS:
        a = getattr(old, section.key).splitlines()
        b = getattr(new, section.key).splitlines()
        lines: list[DiffLine] = []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
            if tag == "equal":
                lines += [DiffLine("equal", t) for t in a[i1:i2]]
                continue
            lines += [DiffLine("removed", t) for t in a[i1:i2]]
            lines += [DiffLine("added", t) for t in b[j1:j2]]
        result.append(SectionComparison(section=section, changed=a != b, lines=lines))
    return result


# --- events ---------------------------------------------------------------------------------------------

PARTICIPATION_FILTERS = {
    "hdir": Q(hdir_wanted=True),
    "hod": Q(ministry_wanted=True),
    "enten": Q(hdir_wanted=True) | Q(ministry_wanted=True),
}


def parse_month(value: str | None) -> datetime.date | None:
    """'2021-05' → 1 May 2021; anything else, or a month outside the portal's dates → None."""
    return dates.parse_month(value)


def event_list_coming(
    *, now: datetime.datetime | None = None, month: datetime.date | None = None, participation: str = ""
) -> QuerySet[Event]:
    """All offices' events that have not ended, optionally in one month and with participation wanted."""
    now = now or timezone.now()
    qs = Event.objects.filter(end__gte=now).select_related("office")
    if month is not None:
        tz = timezone.get_current_timezone()
        first = datetime.datetime(month.year, month.month, 1, tzinfo=tz)
        following = dates.next_month(month)
        after = datetime.datetime(following.year, following.month, 1, tzinfo=tz)
        qs = qs.filter(start__lt=after, end__gte=first)
    if participation in PARTICIPATION_FILTERS:
        qs = qs.filter(PARTICIPATION_FILTERS[participation])
    return qs.order_by("start", "id")


def events_of_office(office: Office) -> QuerySet[Event]:
    """The office's own events, the latest start first."""
    return Event.objects.filter(office=office).order_by("-start", "-id")


def feed_tokens_of_user(user) -> QuerySet[FeedToken]:
    return FeedToken.objects.filter(user=user)


def event_list_for_feed(*, token: str) -> tuple[FeedToken, QuerySet[Event]] | None:
    """The token's user and the events it may read; None for an unknown or revoked token or a user who
    may no longer read anything."""
    found = FeedToken.objects.select_related("user").filter(token=token, revoked_at__isnull=True).first()
    if found is None or not permissions.can_read(found.user):
        return None
    since = timezone.now() - datetime.timedelta(days=90)
    return found, Event.objects.filter(end__gte=since).select_related("office").order_by("start", "id")


# --- nominations ----------------------------------------------------------------------------------------


def nominations_of_year(year: int) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(year=year)
        .select_related("office", "county", "municipality", "municipality__county")
        .order_by("county__number")
    )


def nominations_of_office(office: Office) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(office=office)
        .select_related("county", "municipality", "municipality__county")
        .order_by("-year", "county__number")
    )


def counties_without_nomination(nominations: list[Nomination]) -> list[County]:
    """The counties none of these nominations is for, in number order."""
    nominated = {n.county_id for n in nominations}
    return [c for c in County.objects.select_related("office").order_by("number") if c.pk not in nominated]


# --- meetings -------------------------------------------------------------------------------------------


def meetings_of_office(office: Office) -> QuerySet[StatusMeeting]:
    return StatusMeeting.objects.filter(office=office).prefetch_related("follow_ups").order_by("-date", "-id")


# --- example library ------------------------------------------------------------------------------------

# Municipality size bands from the population on 1 January 2020.
SIZE_BANDS: dict[str, tuple[str, int, int | None]] = {
    "under-5000": ("Under 5 000 innbyggere", 0, 5000),
    "5000-19999": ("5 000–19 999 innbyggere", 5000, 20000),
    "20000-49999": ("20 000–49 999 innbyggere", 20000, 50000),
    "50000-og-over": ("50 000 innbyggere og over", 50000, None),
}


@dataclass(frozen=True)
class LibraryFilter:
    area: str = ""
    solution: str = ""
    county: str = ""
    size: str = ""
    text: str = ""


def example_search(filters: LibraryFilter) -> QuerySet[GoodExample]:
    """Good examples of every office matching the filters, newest first."""
    qs = GoodExample.objects.select_related("municipality", "municipality__office", "municipality__county")
    if filters.area:
        codes = [filters.area, *Solution.objects.filter(area__code=filters.area).values_list("code", flat=True)]
        qs = qs.filter(code__in=codes)
    if filters.solution:
        qs = qs.filter(code=filters.solution)
    if filters.county:
        qs = qs.filter(municipality__county__number=filters.county)
    if filters.size in SIZE_BANDS:
        _label, low, high = SIZE_BANDS[filters.size]
        qs = qs.filter(municipality__population__gte=low)
        if high is not None:
            qs = qs.filter(municipality__population__lt=high)
    if filters.text:
        for word in filters.text.split():
            qs = qs.filter(Q(title__icontains=word) | Q(text__icontains=word))
    return qs.order_by("-date", "-id")


def example_get(pk: int) -> GoodExample | None:
    return (
        GoodExample.objects.select_related("municipality", "municipality__office", "municipality__county")
        .filter(pk=pk)
        .first()
    )


def catalogue_names() -> dict[str, str]:
    """Code → name for focus areas and solutions (to label an example's code)."""
    names = {a.code: a.name for a in FocusArea.objects.all()}
    names.update({s.code: s.name for s in Solution.objects.all()})
    return names
