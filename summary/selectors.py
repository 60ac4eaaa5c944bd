"""Reads of the annual summary: the years, their periods, the directorate's texts and versions, and what the
offices delivered (submitted or accepted reports only) for the year's periods.

A year's periods are those whose reference date falls in it (2021: spring-2021 and autumn-2021); the summary
is due 1 February of the next year.
"""

from __future__ import annotations

import datetime

from common.queries import latest_per_key
from municipalities.models import Office
from municipalities.selectors import self_confirmed_counts
from reporting.periods.models import ReportingPeriod
from reporting.reports.models import Report, ReportSubmission

from .models import AnnualSummary, SummaryText, SummaryTransition, SummaryVersion


def summary_years() -> list[int]:
    """Every year with at least one reporting period, in order."""
    dates = ReportingPeriod.objects.order_by("reference_date").values_list("reference_date", flat=True)
    return sorted({d.year for d in dates})


def year_periods(year: int) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.filter(reference_date__year=year).order_by("reference_date", "slug"))


def due_date(year: int) -> datetime.date:
    return datetime.date(year + 1, 2, 1)


def summary_get(year: int) -> AnnualSummary | None:
    return AnnualSummary.objects.filter(year=year).first()


def summary_or_new(year: int) -> AnnualSummary:
    """The stored summary, or an unsaved draft (nothing is written by reading)."""
    return summary_get(year) or AnnualSummary(year=year)


def summaries_by_year() -> dict[int, AnnualSummary]:
    return {s.year: s for s in AnnualSummary.objects.all()}


def summary_texts_latest(
    summary: AnnualSummary | None, *, known_at: datetime.datetime | None = None
) -> dict[str, SummaryText]:
    """The latest saved text per section (as saved by `known_at`, default: now): one query."""
    if summary is None or summary.pk is None:
        return {}
    texts = SummaryText.objects.filter(summary=summary).select_related("saved_by")
    if known_at is not None:
        texts = texts.filter(saved_at__lte=known_at)
    return {t.section: t for t in latest_per_key(texts, key=["section"], order_by=["-saved_at", "-id"])}


def summary_versions(summary: AnnualSummary | None) -> list[SummaryVersion]:
    """The final versions, newest first (without their data, which only the document needs)."""
    if summary is None or summary.pk is None:
        return []
    return list(
        SummaryVersion.objects.filter(summary=summary).defer("data").select_related("finalised_by").order_by("-version")
    )


def summary_version_get(summary: AnnualSummary | None, version: int) -> SummaryVersion | None:
    if summary is None or summary.pk is None:
        return None
    return SummaryVersion.objects.filter(summary=summary, version=version).select_related("finalised_by").first()


def summary_transitions(summary: AnnualSummary | None) -> list[SummaryTransition]:
    if summary is None or summary.pk is None:
        return []
    return list(SummaryTransition.objects.filter(summary=summary).select_related("by").order_by("at", "id"))


def delivered_submissions(periods: list[ReportingPeriod]) -> dict[tuple[int, int], ReportSubmission]:
    """(office id, period id) → the latest submission of each report that is submitted or accepted now: one
    query. A returned report counts as not delivered, as it does for the figures (`report_figures --submitted`)."""
    submissions = ReportSubmission.objects.filter(
        report__period__in=periods, report__status__in=Report.SUBMITTED_STATES
    ).select_related("report")
    latest = latest_per_key(submissions, key=["report_id"], order_by=["-version"])
    return {(s.report.office_id, s.report.period_id): s for s in latest}


def self_confirmed_statuses(year: int, *, known_at: datetime.datetime | None = None) -> dict | None:
    """How many municipalities confirmed their status themselves in the year (a response to a status round that
    their office accepted, changed or not), per office and in all: {"offices": {slug: count}, "total": count},
    every office listed (in order, 0 where none). The same count as the national package's, over the calendar
    year (`municipalities.StatusConfirmation`, which municipal self-reporting writes)."""
    counts = self_confirmed_counts(
        after=datetime.date(year - 1, 12, 31), until=datetime.date(year, 12, 31), known_at=known_at
    )
    offices = list(Office.objects.order_by("position").values_list("pk", "slug"))
    per_office = {slug: counts.get(pk, 0) for pk, slug in offices}
    return {"offices": per_office, "total": sum(per_office.values())}
