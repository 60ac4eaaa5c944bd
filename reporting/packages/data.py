"""The data of the packages built from submissions: an office's submitted package exactly as frozen, and the
national package that mixes each office's submitted part with the live part of the others."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from common.queries import latest_per_key
from municipalities.models import Office
from reporting.figures.registry import figure_table
from reporting.grants.selectors import grant_schemes, grant_years
from reporting.grants.workbook import scheme_rows
from reporting.periods.models import ReportingPeriod
from reporting.periods.selectors import period_get
from reporting.reports.models import Report, ReportSubmission
from reporting.reports.selectors import SubmittedSnapshot, first_submission_time, report_states
from reporting.reports.snapshot import (
    SUBMITTED,
    OfficePart,
    PackageData,
    display_name,
    local_text,
    office_parts_live,
    package_data_of,
    report_json,
    status_label,
)

if TYPE_CHECKING:
    from accounts.models import User


def submitted_status_text(version: int) -> str:
    """The status a submitted package shows: fixed at submission (not "accepted" later), so a rebuild is
    byte-identical."""
    return f"Sendt inn (versjon {version})"


def _national_status(parts: list[OfficePart]) -> str:
    submitted = sum(1 for p in parts if not p.is_live)
    return f"{submitted} av {len(parts)} embeter har sendt inn; de øvrige med levende tall"


def part_from_snapshot(data: dict, *, version: int) -> OfficePart:
    """The office part of a stored snapshot (PackageData JSON of an office package), marked submitted."""
    part = PackageData.from_json(data).parts[0]
    part.source = SUBMITTED
    part.version = version
    part.status = submitted_status_text(version)
    return part


def _report_id(snapshot: SubmittedSnapshot | ReportSubmission) -> int:
    submission = snapshot.submission if isinstance(snapshot, SubmittedSnapshot) else snapshot
    assert submission is not None, "a stored snapshot belongs to its submission"
    return submission.report_id


def package_data_submitted(snapshot: SubmittedSnapshot | ReportSubmission) -> PackageData:
    """An office's submitted package, exactly as frozen: generated at and by the submission itself, its state
    the submission's (with the first submission's date, which lateness is measured by).

    `snapshot` has `data` (the PackageData JSON stored on submission), `version`, `submitted_at` and
    `submitted_by` (a user or a name). A snapshot from before the package held the country's figures, the
    deadline or the grant schemes gets them as they are known now for the submission's moment.
    """
    data = PackageData.from_json(snapshot.data)
    part = part_from_snapshot(snapshot.data, version=snapshot.version)
    first = first_submission_time(report_id=_report_id(snapshot)) or snapshot.submitted_at
    part.report = {
        "status": Report.Status.SUBMITTED,
        "version": snapshot.version,
        "first_submitted_at": local_text(first),
        "submitted_at": local_text(snapshot.submitted_at),
        "status_changed_at": local_text(snapshot.submitted_at),
    }
    if not part.region:  # a snapshot from before parts held the office's short name
        part.region = Office.objects.filter(slug=part.slug).values_list("region", flat=True).first() or ""
    data.parts = [part]
    data.status = submitted_status_text(snapshot.version)
    data.generated_at = local_text(snapshot.submitted_at)
    by = snapshot.submitted_by
    data.generated_by = by if isinstance(by, str) else display_name(by)
    if data.national is None or not data.deadline:
        period = period_get(data.period)
        if period is not None and not data.deadline:
            data.deadline = period.deadline.isoformat()
        if data.national is None:
            as_of = datetime.date.fromisoformat(data.reference_date)
            data.national = figure_table(as_of=as_of, known_at=snapshot.submitted_at).national.as_json()
            if not data.grant_schemes and data.grant_year in grant_years():
                data.grant_schemes = scheme_rows(grant_schemes(year=data.grant_year))
    return data


def _counting_snapshots(period: ReportingPeriod, states: dict) -> dict[int, ReportSubmission]:
    """The latest submission of every office whose report is submitted or accepted now, by office id."""
    counting = {pk for pk, state in states.items() if state.is_submitted}
    if not counting:
        return {}
    submissions = ReportSubmission.objects.filter(report__period=period, report__office_id__in=counting)
    latest = latest_per_key(submissions.select_related("report"), key=["report_id"], order_by=["-version"])
    return {s.report.office_id: s for s in latest}


def with_submitted_texts(data: PackageData, *, period: ReportingPeriod) -> PackageData:
    """The all-live national package with the texts of the offices whose report is submitted or accepted, as
    they sent them (the latest submission); the other offices have no texts in a national package."""
    offices = {o.slug: o.pk for o in Office.objects.all()}
    snapshots = _counting_snapshots(period, report_states(period=period))
    for part in data.parts:
        submission = snapshots.get(offices.get(part.slug, 0))
        if submission is not None:
            part.texts = part_from_snapshot(submission.data, version=submission.version).texts
    return data


def package_data_national(
    *,
    period: ReportingPeriod,
    generated_at: datetime.datetime,
    generated_by: str | User,
    known_at: datetime.datetime | None = None,
) -> PackageData:
    """The national package the portal builds: each office's submitted part where its report is submitted or
    accepted, its live part (marked) otherwise; texts only from submitted parts. Every office's row says its
    report's state now, with version, dates and lateness."""
    offices = list(Office.objects.order_by("position"))
    states = report_states(period=period)
    snapshots = _counting_snapshots(period, states)
    live_offices = [o for o in offices if o.pk not in snapshots]
    live = office_parts_live(period=period, offices=live_offices, known_at=known_at, texts=False)
    by_slug = {p.slug: p for p in live.parts}
    parts = []
    for office in offices:
        if office.pk in snapshots:
            submission = snapshots[office.pk]
            part = part_from_snapshot(submission.data, version=submission.version)
        else:
            part = by_slug[office.slug]
        part.report = report_json(states[office.pk])
        part.status = status_label(states[office.pk])
        part.region = part.region or office.region  # a snapshot from before parts held it
        parts.append(part)
    return package_data_of(
        period=period,
        office=None,
        parts=parts,
        known_at=known_at,
        generated_at=generated_at,
        generated_by=generated_by,
        status=_national_status(parts),
        catalogue=live.catalogue,
    )
