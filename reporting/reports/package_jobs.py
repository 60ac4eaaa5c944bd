"""The jobs that build report packages (jobs.Job, kind "report_package"): their keys, and the one a submission
asks for. Live and national packages are asked for on the package pages (reporting.packages); every package
job is built by `reporting.packages.services.build_package_job` (settings.JOB_BUILDERS)."""

from __future__ import annotations

from jobs.models import Job
from jobs.selectors import job_latest_done_for_key
from jobs.services import JobRequest, job_request

from .models import ReportSubmission

PACKAGE_JOB_KIND = "report_package"


def package_key(*, period: str, office: str | None, version: int | None = None) -> str:
    """At most one active job per key (jobs engine): two clicks make one job."""
    if office is None:
        return f"report-package:{period}:national"
    if version is None:
        return f"report-package:{period}:{office}:live"
    return f"report-package:{period}:{office}:v{version}"


def submitted_package_jobs(*, period: str, office: str):
    """The finished jobs of an office's submitted packages for a period, newest first."""
    return Job.objects.filter(
        kind=PACKAGE_JOB_KIND, key__startswith=f"report-package:{period}:{office}:v", status=Job.Status.DONE
    ).order_by("-created_at", "-pk")


def package_request_submitted(*, submission: ReportSubmission) -> JobRequest:
    """On submission: build and store the submitted package of this version from its snapshot.

    Call it inside the submission's transaction; the job is queued when it commits. Asking again for the same
    version returns the job already there (done or active), so the stored file is never replaced.
    """
    report = submission.report
    office, period, number = report.office, report.period, int(submission.version)
    key = package_key(period=period.slug, office=office.slug, version=number)
    done = job_latest_done_for_key(key=key)
    if done is not None:
        return JobRequest(done, False)
    params = {"period": period.slug, "office": office.slug, "submitted_version": number}
    return job_request(kind=PACKAGE_JOB_KIND, params=params, key=key, user=submission.submitted_by)
