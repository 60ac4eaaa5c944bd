"""What the summary pages show: the year's periods with how many offices delivered, the directorate's texts
and example candidates, the final versions with their documents, and the history. A handful of queries
whatever the number of offices or texts (one job lookup per version)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from jobs.models import Job
from jobs.selectors import job_latest_done_for_key, job_latest_for_key
from municipalities.models import Office
from reporting.periods.models import ReportingPeriod

from .data import example_candidates
from .models import EXAMPLES_SECTION, SECTIONS, AnnualSummary, SummaryText, SummaryTransition, SummaryVersion
from .selectors import (
    delivered_submissions,
    due_date,
    summary_or_new,
    summary_texts_latest,
    summary_transitions,
    summary_versions,
    year_periods,
)
from .services import document_key


@dataclass
class VersionRow:
    version: SummaryVersion
    job: Job | None  # the newest job of the version's document (done, active or failed)

    @property
    def number(self) -> int:
        return self.version.version


@dataclass
class SummaryPage:
    year: int
    summary: AnnualSummary
    periods: list[ReportingPeriod]
    delivered: list[tuple[ReportingPeriod, int, int]]  # (period, offices delivered, offices)
    texts: dict[str, SummaryText]
    candidates: list[dict]
    versions: list[VersionRow]
    transitions: list[SummaryTransition]
    today: datetime.date
    draft_job: Job | None = None
    draft_previous: Job | None = None
    extra: dict = field(default_factory=dict)

    @property
    def due(self) -> datetime.date:
        return due_date(self.year)

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def editable(self) -> bool:
        return not self.summary.is_final

    @property
    def latest(self) -> VersionRow | None:
        return self.versions[0] if self.versions else None

    @property
    def chosen_ids(self) -> list[int]:
        chosen = self.texts.get(EXAMPLES_SECTION)
        return list(chosen.example_ids) if chosen else []

    @property
    def section_texts(self) -> list[tuple[str, str]]:
        """(heading, latest saved text) of the directorate's sections, in document order."""
        return [(str(label), self.texts[key].text if key in self.texts else "") for key, label in SECTIONS.items()]

    @property
    def last_saved_at(self) -> datetime.datetime | None:
        return max((t.saved_at for t in self.texts.values()), default=None)


def summary_page(year: int, *, with_draft: bool) -> SummaryPage | None:
    """The page's data for a year with periods (None without). `with_draft`: the directorate's view (texts,
    example candidates, the draft document); others get the versions only."""
    periods = year_periods(year)
    if not periods:
        return None
    summary = summary_or_new(year)
    offices = list(Office.objects.order_by("position"))
    delivered = delivered_submissions(periods)
    counts = [(p, sum((o.pk, p.pk) in delivered for o in offices), len(offices)) for p in periods]
    versions = [
        VersionRow(v, job_latest_for_key(key=document_key(year=year, version=v.version)))
        for v in summary_versions(summary)
    ]
    page = SummaryPage(
        year=year,
        summary=summary,
        periods=periods,
        delivered=counts,
        texts=summary_texts_latest(summary) if with_draft else {},
        candidates=example_candidates(periods, offices, delivered) if with_draft else [],
        versions=versions,
        transitions=summary_transitions(summary) if with_draft else [],
        today=timezone.localdate(),
    )
    if with_draft:
        key = document_key(year=year, version=None)
        page.draft_job = job_latest_for_key(key=key)
        if page.draft_job is not None and not page.draft_job.is_done:
            page.draft_previous = job_latest_done_for_key(key=key)
    return page
