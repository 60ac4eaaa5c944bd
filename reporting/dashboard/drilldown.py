"""The dashboard's drill-down: the municipalities behind one number of the national overview.

The overview shows an office's submitted figures where its report counts (submitted or accepted) and the live
figures otherwise (`selectors._entry_shown`); the drill-down follows the same choice per office. A submitted
number is recomputed from the registry as it was known at the submission (`ReportSubmission.as_of` and
`known_at`, as `report_submit` froze it), a live one is the live list as of the chosen date; the national
number is the union of the offices' lists. Queries: the submissions (1), five per submitted office
(`figure_table`), five for the live offices together, and the municipalities (1).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities.models import Municipality, Office
from reporting.figures.registry import figure_label, figure_member_ids, figure_table
from reporting.periods.models import ReportingPeriod
from reporting.reports.selectors import counted_submissions

from .selectors import SOURCE_LIVE, SOURCE_SUBMITTED


@dataclass
class OfficeSource:
    """Where one office's part of the number comes from."""

    office: Office
    source: str  # SOURCE_SUBMITTED or SOURCE_LIVE
    count: int
    submitted_at: datetime.datetime | None = None
    version: int | None = None
    stored_count: int | None = None  # the count the submission froze (the recomputed one should equal it)

    @property
    def is_submitted(self) -> bool:
        return self.source == SOURCE_SUBMITTED

    @property
    def agrees(self) -> bool:
        return self.stored_count is None or self.stored_count == self.count

    def describe(self) -> str:
        """«Innsendt tall per 3.12.2026 kl. 14.32» or «Tall nå»."""
        if self.submitted_at is None:
            return _("Tall nå")
        local = timezone.localtime(self.submitted_at)
        return _("Innsendt tall per %(date)s kl. %(time)s") % {
            "date": f"{local.day}.{local.month}.{local.year}",
            "time": local.strftime("%H.%M"),
        }


@dataclass
class Drilldown:
    key: str
    label: str
    period: ReportingPeriod | None
    as_of: datetime.date
    office: Office | None  # None: the whole country
    sources: list[OfficeSource]
    municipalities: list[Municipality]  # county and office loaded, in Norwegian name order

    @property
    def count(self) -> int:
        return len(self.municipalities)

    @property
    def source(self) -> str:
        """SOURCE_SUBMITTED or SOURCE_LIVE when every office's part has it, else "mixed"."""
        kinds = {s.source for s in self.sources}
        return kinds.pop() if len(kinds) == 1 else "mixed"

    @property
    def submitted_parts(self) -> list[OfficeSource]:
        return [s for s in self.sources if s.is_submitted]

    def source_by_office(self) -> dict[int, str]:
        return {s.office.pk: s.describe() for s in self.sources}


def figure_drilldown(
    *,
    key: str,
    period: ReportingPeriod | None,
    as_of: datetime.date,
    offices: list[Office],
    office: Office | None = None,
    live_only: bool = False,
) -> Drilldown:
    """The municipalities behind the overview's number for `key` (one office, or every office in `offices`)."""
    scope = [office] if office is not None else offices
    submissions = (
        counted_submissions(period=period, office_ids=[o.pk for o in scope])
        if period is not None and not live_only
        else {}
    )
    ids: list[int] = []
    sources: dict[int, OfficeSource] = {}
    live_offices = [o for o in scope if o.pk not in submissions]
    if live_offices:
        table = figure_table(as_of=as_of, municipalities=Municipality.objects.filter(office__in=live_offices))
        for o in live_offices:
            members = figure_member_ids(table.offices[o.slug], key) or []
            ids += members
            sources[o.pk] = OfficeSource(o, SOURCE_LIVE, len(members))
    for o in scope:
        submission = submissions.get(o.pk)
        if submission is None:
            continue
        table = figure_table(
            as_of=submission.as_of, known_at=submission.known_at, municipalities=o.municipalities.all()
        )
        members = figure_member_ids(table.offices[o.slug], key) or []
        ids += members
        stored = (submission.figures.get(key) or {}).get("count")
        sources[o.pk] = OfficeSource(
            o,
            SOURCE_SUBMITTED,
            len(members),
            submitted_at=submission.submitted_at,
            version=submission.version,
            stored_count=int(stored) if stored is not None else None,
        )
    municipalities = list(Municipality.objects.filter(pk__in=ids).select_related("county", "office").by_name())
    return Drilldown(
        key=key,
        label=figure_label(key),
        period=period,
        as_of=as_of,
        office=office,
        sources=[sources[o.pk] for o in scope],
        municipalities=municipalities,
    )
