"""The annual summary's document jobs (jobs.Job, kind "annual_summary"): the builder and who may see them.

Params: {"year": YYYY, "version": n or None}.
- a final version: rendered from the version's frozen data alone, so a re-run (a retry, a worker killed
  mid-job) gives the same bytes; the directorate and every office's staff may download it;
- the draft: the figures as known at the job's creation, the directorate's texts as saved by then, generated
  at that time by the requester; the directorate only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from accounts import permissions
from jobs.errors import JobFailed
from reporting.reports.snapshot import display_name

from .data import SummaryData, summary_data_build
from .document import summary_document_bytes, summary_filename
from .selectors import summary_get, summary_version_get, year_periods
from .services import directorate_part

if TYPE_CHECKING:
    from accounts.models import User
    from jobs.models import Job


def _job_data(job: Job) -> SummaryData:
    params = job.params or {}
    year = int(params.get("year") or 0)
    summary = summary_get(year)
    number = params.get("version")
    if number:
        version = summary_version_get(summary, int(number))
        if version is None:
            raise JobFailed(f"Fant ikke versjon {number} av årsrapporten for {year}.")
        return SummaryData.from_json(version.data)
    periods = year_periods(year)
    if not periods:
        raise JobFailed(f"Det finnes ingen rapporteringsperioder i {year}.")
    return summary_data_build(
        year=year,
        periods=periods,
        directorate=directorate_part(summary, known_at=job.created_at),
        generated_at=job.created_at,
        generated_by=display_name(job.requested_by) or "Helsedirektoratet",
        known_at=job.created_at,
    )


def build_summary_job(*, job: Job, progress) -> tuple[str, bytes]:
    """settings.JOB_BUILDERS["annual_summary"]: deterministic for the same job."""
    progress(10, "Henter tall og tekster")
    data = _job_data(job)
    progress(40, "Tegner figurer og skriver dokumentet")
    content = summary_document_bytes(data)
    progress(95, "Lagrer filen")
    return summary_filename(data), content


def can_view_summary_job(user: User, job: Job) -> bool:
    """settings.JOB_PERMISSIONS["annual_summary"]: a final version's document, the directorate and the offices;
    a draft document, the directorate alone."""
    if (job.params or {}).get("version"):
        return permissions.can_read_final_summary(user)
    return permissions.can_see_summary_draft(user)


def summary_jobs_hidden_from(user: User) -> Q:
    """settings.JOB_DRAFTS["annual_summary"]: the draft documents (no version) are the directorate's alone; the
    admin's job list hides them from everyone else, the administrator included."""
    if permissions.can_see_summary_draft(user):
        return Q(pk__in=[])
    return Q(params__version=None)
