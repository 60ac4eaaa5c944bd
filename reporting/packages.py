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

from accounts.permissions import can_read
from jobs.errors import JobFailed
from jobs.services import JobRequest, job_request
from municipalities.models import Office

from .models import ReportingPeriod
from .package_data import (
    PackageData,
    display_name,
    latest_snapshot,
    package_data_live,
    package_data_national,
    package_data_submitted,
)
from .workbook import package_filename, package_workbook_bytes

if TYPE_CHECKING:
    from accounts.models import User
    from jobs.models import Job

KIND = "report_package"


def package_key(*, period: str, office: str | None, version: int | None = None) -> str:
    """At most one active job per key (jobs engine): two clicks make one job."""
    if office is None:
        return f"report-package:{period}:national"
    if version is None:
        return f"report-package:{period}:{office}:live"
    return f"report-package:{period}:{office}:v{version}"


def package_request_live(*, period: ReportingPeriod, office: Office, user: User) -> JobRequest:
    """One click: build the office's live package (a draft of its own office)."""
    params = {"period": period.slug, "office": office.slug, "submitted_version": None}
    return job_request(kind=KIND, params=params, key=package_key(period=period.slug, office=office.slug), user=user)


def package_request_national(*, period: ReportingPeriod, user: User) -> JobRequest:
    params = {"period": period.slug, "office": None, "submitted_version": None}
    return job_request(kind=KIND, params=params, key=package_key(period=period.slug, office=None), user=user)


def _version_parts(report_version) -> tuple[Office, ReportingPeriod, int, object]:
    """(office, period, version number, submitted by) of a ReportSubmission (one submitted version)."""
    report = report_version.report
    return report.office, report.period, int(report_version.version), report_version.submitted_by


def package_request_submitted(*, report_version) -> JobRequest:
    """On submission: build and store the submitted package of this version from its snapshot.

    Call it inside the submission's transaction; the job is queued when it commits. Asking again for the same
    version returns the job already there (done or active), so the stored file is never replaced.
    """
    from jobs.models import Job

    office, period, number, submitted_by = _version_parts(report_version)
    key = package_key(period=period.slug, office=office.slug, version=number)
    done = Job.objects.filter(key=key, status=Job.Status.DONE).order_by("-created_at", "-pk").first()
    if done is not None:
        return JobRequest(done, False)
    params = {"period": period.slug, "office": office.slug, "submitted_version": number}
    return job_request(kind=KIND, params=params, key=key, user=submitted_by)


def submitted_snapshot(*, office: Office, period: ReportingPeriod, version: int | None = None):
    """The stored snapshot of one submitted version (default: the latest, whatever the report's state now),
    or None. Has `data`, `version`, `submitted_at`, `submitted_by`."""
    from . import reports

    if version is None:
        return latest_snapshot(office=office, period=period)
    report = reports.report_get(office=office, period=period)
    return None if report is None else reports.submission_get(report=report, version=version)


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
    return package_data_live(
        period=period, office=office, generated_at=generated_at, generated_by=generated_by, known_at=known_at
    )


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
    if not can_read(user):
        return False
    params = job.params or {}
    if params.get("submitted_version"):
        return True  # a submitted package: every reader
    slug = params.get("office")
    if not slug:
        # national: mixes submitted and live figures, but holds submitted texts only
        return bool(user.is_directorate or user.is_office_staff)
    # a live office package holds the report's draft texts: its own office only
    return bool(user.is_office_staff and user.office_id is not None and user.office.slug == slug)


def may_build_office_package(user: User, office: Office) -> bool:
    from accounts.permissions import can_write_office

    return can_write_office(user, office)


def may_build_national_package(user: User) -> bool:
    from accounts.permissions import is_directorate

    return is_directorate(user)
