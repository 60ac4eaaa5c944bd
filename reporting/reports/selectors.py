"""Reads of the office report: texts, states, submissions and their snapshots, the figures an office reports.

States: not_started → draft (first saved text) → submitted → accepted, or → returned (with a comment) →
submitted again; an accepted report may be reopened by the directorate with a reason (→ returned). Every
transition is an append-only ReportTransition, e-mailed after commit. Each submission is a new
ReportSubmission version holding a frozen snapshot; earlier versions stay readable. A returned report keeps
its last snapshot but counts as live until it is submitted again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from common.queries import latest_per_key
from municipalities.models import GoodExample, Office
from reporting.figures.registry import FigureEntry, FigureTable, figure_table
from reporting.periods.models import ReportingPeriod

from .models import Report, ReportSubmission, ReportText, ReportTransition


def report_get(*, office: Office | int, period: ReportingPeriod | int) -> Report | None:
    return (
        Report.objects.select_related("office", "period")
        .filter(office_id=getattr(office, "pk", office), period_id=getattr(period, "pk", period))
        .first()
    )


def report_or_new(*, office: Office, period: ReportingPeriod) -> Report:
    """The stored report, or an unsaved one in state not_started (nothing is written by reading)."""
    return report_get(office=office, period=period) or Report(office=office, period=period)


def report_texts_latest(report: Report | None) -> dict[str, ReportText]:
    """The latest saved text per section: one query."""
    if report is None or report.pk is None:
        return {}
    texts = ReportText.objects.filter(report=report).select_related("saved_by")
    return {t.section: t for t in latest_per_key(texts, key=["section"], order_by=["-saved_at", "-id"])}


def office_examples(office: Office | int) -> list[GoodExample]:
    """The good examples recorded on the office's municipalities, newest first: one query."""
    return list(
        GoodExample.objects.filter(municipality__office_id=getattr(office, "pk", office))
        .select_related("municipality", "municipality__county")
        .order_by("-date", "-id")
    )


def example_summary(example: GoodExample) -> dict:
    return {
        "id": example.pk,
        "title": example.title,
        "municipality": example.municipality.display_name,
        "kommunenummer": example.municipality.number,
        "text": example.text,
        "code": example.code,
        "link": example.link,
        "date": example.date.isoformat(),
    }


def _norwegian_date(iso: str) -> str:
    """«3.5.2021» for 2021-05-03 (a summary's ISO date, as the texts print it)."""
    day = datetime.date.fromisoformat(iso)
    return f"{day.day}.{day.month}.{day.year}"


def examples_text(examples: list[dict]) -> str:
    """The chosen examples as plain text lines (the package's Tekster sheet shows texts only)."""
    lines = [_("Valgte eksempler:")]
    lines += [f"- {e['title']} ({e['municipality']}, {_norwegian_date(e['date'])})" for e in examples]
    return "\n".join(lines)


def report_texts_for_package(office: Office | int, period: ReportingPeriod | int) -> dict[str, str]:
    """The latest saved texts of the office's report for the period (empty dict if none).

    The `examples` text ends with the chosen examples, one per line, so the package shows them.
    """
    report = report_get(office=office, period=period)
    latest = report_texts_latest(report)
    texts = {section: t.text for section, t in latest.items()}
    chosen = latest.get("examples")
    if chosen is not None and chosen.example_ids:
        by_id = {e.pk: e for e in office_examples(office)}
        examples = [example_summary(by_id[i]) for i in chosen.example_ids if i in by_id]
        if examples:
            texts["examples"] = "\n\n".join(t for t in (texts.get("examples", ""), examples_text(examples)) if t)
    return texts


@dataclass
class SubmittedSnapshot:
    data: dict  # the package's description (PackageData.to_json()) as frozen on submission
    version: int
    submitted_at: datetime.datetime
    submitted_by: User
    status: str  # the report's current status: submitted, accepted or returned
    figures: dict = field(default_factory=dict)  # the office's FigureEntry.as_json() as submitted
    submission: ReportSubmission | None = None

    @property
    def counts(self) -> bool:
        """Whether this snapshot is what counts now (a returned report counts as live)."""
        return Report.is_submitted_state(self.status)


def _snapshot_of(submission: ReportSubmission, status: str) -> SubmittedSnapshot:
    return SubmittedSnapshot(
        data=submission.data,
        version=submission.version,
        submitted_at=submission.submitted_at,
        submitted_by=submission.submitted_by,
        status=status,
        figures=submission.figures,
        submission=submission,
    )


def latest_submitted_snapshot(*, office: Office | int, period: ReportingPeriod | int) -> SubmittedSnapshot | None:
    """The latest submission of the office's report with the report's status (submitted, accepted or returned:
    callers decide; see `Report.is_submitted_state`), or None when it was never submitted."""
    submission = (
        ReportSubmission.objects.select_related("report", "submitted_by")
        .filter(report__office_id=getattr(office, "pk", office), report__period_id=getattr(period, "pk", period))
        .order_by("-version")
        .first()
    )
    return None if submission is None else _snapshot_of(submission, submission.report.status)


def submission_get(*, report: Report, version: int) -> ReportSubmission | None:
    return ReportSubmission.objects.select_related("submitted_by").filter(report=report, version=version).first()


def first_submission_time(*, report_id: int) -> datetime.datetime | None:
    """When the report was first submitted (version 1), or None."""
    return (
        ReportSubmission.objects.filter(report_id=report_id, version=1).values_list("submitted_at", flat=True).first()
    )


def submissions_of(report: Report | None) -> list[ReportSubmission]:
    if report is None or report.pk is None:
        return []
    return list(ReportSubmission.objects.filter(report=report).select_related("submitted_by").order_by("-version"))


def transitions_of(report: Report | None) -> list[ReportTransition]:
    if report is None or report.pk is None:
        return []
    return list(ReportTransition.objects.filter(report=report).select_related("by").order_by("at", "id"))


@dataclass(frozen=True)
class ReportState:
    """One office's report for one period, as the report list, report_figures and the dashboard need it."""

    status: str = Report.Status.NOT_STARTED
    status_changed_at: datetime.datetime | None = None
    submitted_at: datetime.datetime | None = None  # of the latest submission, whatever the state now
    version: int | None = None
    first_submitted_at: datetime.datetime | None = None  # of version 1: what lateness is measured by
    # FigureEntry.as_json() of the latest snapshot while it counts (submitted or accepted), else None.
    submitted_figures: dict | None = None

    @property
    def label(self) -> str:
        return Report.status_label(self.status)

    @property
    def is_submitted(self) -> bool:
        """Submitted or accepted: delivered, and its snapshot is what counts."""
        return Report.is_submitted_state(self.status)

    @property
    def uses_snapshot(self) -> bool:
        return Report.is_submitted_state(self.status) and self.submitted_figures is not None

    def days_late(self, deadline: datetime.date) -> int:
        """Days after `deadline` of the first submission (the one rule: `days_late`)."""
        return days_late(deadline=deadline, first_submitted_at=self.first_submitted_at)

    def lateness(self, deadline: datetime.date) -> str:
        """«levert N dager etter fristen», or "" (the one rule: `days_late` and `lateness_text`)."""
        return lateness_text(self.days_late(deadline))


NOT_STARTED_STATE = ReportState()


def report_states(*, period: ReportingPeriod, offices: list[Office] | None = None) -> dict[int, ReportState]:
    """Every office's report state for the period (not_started for an office without a report): three queries,
    two for the chosen `offices`.

    `submitted_figures` is set only while the snapshot counts (submitted or accepted); `submitted_at` and
    `version` describe the latest submission whatever the state, `first_submitted_at` the first.
    """
    return report_states_by_period(periods=[period], offices=offices)[period.pk]


def report_states_by_period(
    *, periods: list[ReportingPeriod], offices: list[Office] | None = None
) -> dict[int, dict[int, ReportState]]:
    """report_states for several periods (by period id) in the same three queries (the dashboard's trends)."""
    reports = Report.objects.filter(period__in=[p.pk for p in periods])
    if offices is not None:
        reports = reports.filter(office__in=offices)
    by_key = {(r.period_id, r.office_id): r for r in reports}
    submissions = ReportSubmission.objects.filter(report__in=[r.pk for r in by_key.values()]).annotate(
        first_submitted_at=Subquery(
            ReportSubmission.objects.filter(report_id=OuterRef("report_id"), version=1).values("submitted_at")[:1]
        )
    )
    latest = {s.report_id: s for s in latest_per_key(submissions, key=["report_id"], order_by=["-version"])}
    if offices is None:
        office_ids = list(Office.objects.order_by("position").values_list("pk", flat=True))
    else:
        office_ids = [o.pk for o in offices]
    result: dict[int, dict[int, ReportState]] = {}
    for period in periods:
        states: dict[int, ReportState] = {}
        for office_id in office_ids:
            report = by_key.get((period.pk, office_id))
            if report is None:
                states[office_id] = NOT_STARTED_STATE
                continue
            submission = latest.get(report.pk)
            states[office_id] = ReportState(
                status=str(report.status),
                status_changed_at=report.status_changed_at,
                submitted_at=submission.submitted_at if submission else None,
                version=submission.version if submission else None,
                submitted_figures=(
                    submission.figures if submission and Report.is_submitted_state(report.status) else None
                ),
                first_submitted_at=submission.first_submitted_at if submission else None,
            )
        result[period.pk] = states
    return result


def days_late(*, deadline: datetime.date, first_submitted_at: datetime.datetime | None) -> int:
    """How many days after the deadline the report was first submitted: the date of the first submission in
    Europe/Oslo against the period's deadline (0 when on time or never submitted). The one lateness rule."""
    if first_submitted_at is None:
        return 0
    return max(0, (timezone.localtime(first_submitted_at).date() - deadline).days)


def lateness_text(days: int) -> str:
    """«levert N dager etter fristen», or "" for a report delivered on time (or not yet)."""
    if days <= 0:
        return ""
    return ngettext("levert %(days)s dag etter fristen", "levert %(days)s dager etter fristen", days) % {"days": days}


def current_period(periods: list[ReportingPeriod], today: datetime.date | None = None) -> ReportingPeriod | None:
    """The period an office works on now: the earliest whose deadline has not passed, otherwise the latest."""
    today = today or timezone.localdate()
    coming = [p for p in periods if p.deadline >= today]
    if coming:
        return min(coming, key=lambda p: (p.deadline, p.reference_date))
    return max(periods, key=lambda p: (p.deadline, p.reference_date)) if periods else None


def counted_submissions(*, period: ReportingPeriod, office_ids: list[int]) -> dict[int, ReportSubmission]:
    """Per office id: the latest submission of its report for the period while it counts (submitted or
    accepted), i.e. the one whose figures the dashboard shows. One query."""
    submissions = ReportSubmission.objects.filter(
        report__period=period, report__office_id__in=office_ids, report__status__in=Report.SUBMITTED_STATES
    ).select_related("report")
    latest = latest_per_key(submissions, key=["report_id"], order_by=["-version"])
    return {s.report.office_id: s for s in latest}


def days_left(period: ReportingPeriod, today: datetime.date | None = None) -> int:
    """Days from today to the deadline (0 on the day, negative after it)."""
    return (period.deadline - (today or timezone.localdate())).days


def office_entry(*, office: Office, period: ReportingPeriod, known_at: datetime.datetime | None = None) -> FigureTable:
    """The live figure table of one office as of the period's reference date, with its municipalities' full
    statuses (for the completeness list): five queries."""
    return figure_table(
        as_of=period.reference_date,
        known_at=known_at,
        municipalities=office.municipalities.all(),
        full_statuses=True,
    )


def office_staff_emails(office: Office | int) -> list[str]:
    return list(
        User.objects.filter(office_id=getattr(office, "pk", office), role=User.Role.OFFICE_STAFF, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )


def submitted_or_live_entries(
    *, period: ReportingPeriod, live: dict[str, FigureEntry]
) -> dict[str, tuple[FigureEntry, str, int | None]]:
    """Per office slug: (entry, "submitted"|"live", version|None): the latest submitted or accepted snapshot's
    figures where there is one, else the live entry."""
    states = report_states(period=period)
    slugs = dict(Office.objects.values_list("pk", "slug"))
    by_slug = {slugs[office_id]: state for office_id, state in states.items()}
    result = {}
    for slug, entry in live.items():
        state = by_slug.get(slug)
        if state is not None and state.submitted_figures is not None:
            result[slug] = (FigureEntry.from_json(state.submitted_figures), "submitted", state.version)
        else:
            result[slug] = (entry, "live", None)
    return result


def period_figures_submitted_json(
    *,
    period: ReportingPeriod,
    as_of: datetime.date | None = None,
    known_at: datetime.datetime | None = None,
    office: Office | None = None,
) -> dict:
    """What `report_figures --submitted` prints: each office's figures from its latest submitted or accepted
    snapshot (live where there is none), with "source" and "version", and the national entry as their sum."""
    as_of = as_of or period.reference_date
    table = figure_table(as_of=as_of, known_at=known_at)
    entries = submitted_or_live_entries(period=period, live=table.offices)
    offices = {}
    for slug, (entry, source, version) in entries.items():
        if office is not None and slug != office.slug:
            continue
        offices[slug] = {**entry.as_json(), "source": source, "version": version}
    return {
        "period": period.slug,
        "as_of": as_of.isoformat(),
        "offices": offices,
        "national": FigureEntry.total(e for e, _source, _version in entries.values()).as_json(),
    }
