"""Report packages as jobs: asking for one, building it (the job builder), and who may download it.

The job row (jobs.Job, kind "report_package") is the package record; its file is stored by the job engine
and served only through the jobs download view, which asks `can_view_package_job`.

Params of a package job: {"period": slug, "office": slug or None (national), "submitted_version": n or None}.
- live office package: the office's data as known at the job's creation time, generated at that time by
  the requester: a draft, visible to the office's own staff only;
- submitted package (version n): the stored snapshot, generated at and by the submission: every reader;
- national package: each office's submitted part or its live part (marked): the directorate and all office
  staff.
A job run twice (a retry, a worker killed mid-job) gives a byte-identical file.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Q

from accounts import permissions
from jobs.errors import JobFailed
from jobs.services import JobRequest, job_request
from municipalities.models import Office
from reporting.periods.models import ReportingPeriod
from reporting.reports.package_jobs import PACKAGE_JOB_KIND, package_key
from reporting.reports.selectors import latest_submitted_snapshot, report_get, submission_get
from reporting.reports.snapshot import PackageData, display_name, package_data_live

from .data import package_data_national, package_data_submitted, with_submitted_texts
from .workbook import package_filename, package_workbook_bytes

if TYPE_CHECKING:
    from accounts.models import User
    from jobs.models import Job


def package_request_live(*, period: ReportingPeriod, office: Office, user: User) -> JobRequest:
    """One click: build the office's live package (a draft of its own office)."""
    params = {"period": period.slug, "office": office.slug, "submitted_version": None}
    return job_request(
        kind=PACKAGE_JOB_KIND, params=params, key=package_key(period=period.slug, office=office.slug), user=user
    )


def package_request_national(*, period: ReportingPeriod, user: User) -> JobRequest:
    params = {"period": period.slug, "office": None, "submitted_version": None}
    return job_request(
        kind=PACKAGE_JOB_KIND, params=params, key=package_key(period=period.slug, office=None), user=user
    )


def submitted_snapshot(*, office: Office, period: ReportingPeriod, version: int | None = None):
    """The stored snapshot of one submitted version (default: the latest, whatever the report's state now),
    or None. Has `data`, `version`, `submitted_at`, `submitted_by`."""
    if version is None:
        return latest_submitted_snapshot(office=office, period=period)
    report = report_get(office=office, period=period)
    return None if report is None else submission_get(report=report, version=version)


# --- building ----------------------------------------------------------------------------------------------


def package_data_for(
    *,
    period: ReportingPeriod,
    office: Office | None,
    submitted: bool | int,
    generated_at: datetime.datetime,
    generated_by: str,
    known_at: datetime.datetime | None = None,
) -> PackageData | None:
    """The package's data: what the job and `build_report` both render.

    - office, not submitted: live; - office, submitted (True or a version number): the snapshot, None when
      there is none; - national, submitted: the mixed package the portal builds; - national, not submitted:
      every office live.
    """
    if office is not None and submitted:
        snapshot = submitted_snapshot(
            office=office, period=period, version=None if submitted is True else int(submitted)
        )
        return None if snapshot is None else package_data_submitted(snapshot)
    if office is None and submitted:
        return package_data_national(
            period=period, generated_at=generated_at, generated_by=generated_by, known_at=known_at
        )
    data = package_data_live(
        period=period, office=office, generated_at=generated_at, generated_by=generated_by, known_at=known_at
    )
    return with_submitted_texts(data, period=period) if office is None else data


def build_package_job(*, job: Job, progress) -> tuple[str, bytes]:
    """The job builder (settings.JOB_BUILDERS["report_package"]): deterministic for the same job."""
    params = job.params or {}
    period = ReportingPeriod.objects.filter(slug=params.get("period")).first()
    if period is None:
        raise JobFailed("Rapporteringsperioden finnes ikke lenger.")
    office = None
    if params.get("office"):
        office = Office.objects.filter(slug=params["office"]).first()
        if office is None:
            raise JobFailed("Embetet finnes ikke.")
    version = params.get("submitted_version")
    progress(10, "Henter tall og kommuner")
    data = package_data_for(
        period=period,
        office=office,
        # the portal's national package is always the mixed one
        submitted=int(version) if version else office is None,
        generated_at=job.created_at,
        generated_by=display_name(job.requested_by) or "Systemet",
        known_at=job.created_at,
    )
    if data is None:
        raise JobFailed(f"Fant ikke den leverte versjonen {version} av rapporten.")
    progress(60, "Skriver regnearket")
    content = package_workbook_bytes(data)
    progress(95, "Lagrer filen")
    return package_filename(data), content


def package_build_now(**kwargs) -> tuple[str, bytes] | None:
    """Build a package synchronously (build_report): no job is recorded."""
    data = package_data_for(**kwargs)
    if data is None:
        return None
    return package_filename(data), package_workbook_bytes(data)


# --- permission -------------------------------------------------------------------------------------------------


def can_view_package_job(user: User, job: Job) -> bool:
    """settings.JOB_PERMISSIONS["report_package"]: who may see a package job and download its file."""
    params = job.params or {}
    return permissions.can_view_package(
        user, office_slug=params.get("office") or None, submitted=bool(params.get("submitted_version"))
    )


def package_jobs_hidden_from(user: User) -> Q:
    """settings.JOB_DRAFTS["report_package"]: the live office packages (drafts) of every office but the user's own
    (all of them for a user who sees no office's drafts, such as the administrator)."""
    live_office = Q(params__submitted_version=None) & ~Q(params__office=None)
    if user.is_office_staff and user.office is not None and permissions.can_see_drafts(user, user.office_id):
        return live_office & ~Q(params__office=user.office.slug)
    return live_office
