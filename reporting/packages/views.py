"""Pages that build report packages (one click) and offer their files; downloads go through jobs:download."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import permissions
from accounts.requests import AuthenticatedRequest
from jobs.models import Job
from jobs.registry import can_view_job
from jobs.selectors import job_latest_done_for_key, job_latest_for_key
from jobs.services import JOB_MESSAGE_TAG, QUEUE_DOWN_MESSAGE, JobRequest
from municipalities.models import Office
from reporting.periods.models import ReportingPeriod
from reporting.reports.package_jobs import package_key, submitted_package_jobs

from .services import package_request_live, package_request_national


def _requested(request: AuthenticatedRequest, result: JobRequest) -> None:
    """The answer to «Lag rapportpakke». A job that already ended (tasks run in-process) gets no «bygges»: its
    box says «Ferdig» or why not; a running job's message goes once its box says it is over (job-progress.js)."""
    result.job.refresh_from_db(fields=["status"])
    if result.queue_down:
        messages.warning(request, _(QUEUE_DOWN_MESSAGE))
    elif not result.job.is_active:
        return
    elif result.created:
        messages.success(
            request,
            _("Pakken bygges. Siden viser fremdriften, og filen kan lastes ned når den er klar."),
            extra_tags=JOB_MESSAGE_TAG,
        )
    else:
        messages.info(
            request,
            _("Pakken var allerede bestilt og bygges nå. Du ser den samme bestillingen her."),
            extra_tags=JOB_MESSAGE_TAG,
        )


def _visible(user, job: Job | None) -> Job | None:
    return job if job is not None and can_view_job(user, job) else None


@require_http_methods(["GET", "HEAD", "POST"])
def package_office(request: AuthenticatedRequest, period: str, slug: str) -> HttpResponse:
    """An office's packages for a period: the submitted versions (every reader) and, for the office's own
    staff, the live package (a draft) with its build button."""
    found = permissions.get_for_reading(request, ReportingPeriod, slug=period)
    office = permissions.get_for_reading(request, Office, slug=slug)
    can_build = permissions.can_write_office(request.user, office)
    if request.method == "POST":
        permissions.require(request, can_build, target=f"package:{found.slug}:{office.slug}")
        _requested(request, package_request_live(period=found, office=office, user=request.user))
        return redirect("packages:office", period=found.slug, slug=office.slug)
    live_key = package_key(period=found.slug, office=office.slug)
    live = _visible(request.user, job_latest_for_key(key=live_key)) if can_build else None
    previous = _visible(request.user, job_latest_done_for_key(key=live_key)) if live and not live.is_done else None
    submitted = submitted_package_jobs(period=found.slug, office=office.slug)
    return render(
        request,
        "packages/office.html",
        {
            "period": found,
            "office": office,
            "office_title": office.title_on(found.reference_date),
            "can_build": can_build,
            "job": live,
            "previous": previous,
            "submitted": [j for j in submitted if can_view_job(request.user, j)],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def package_national(request: AuthenticatedRequest, period: str) -> HttpResponse:
    """The national package: the directorate builds it; the directorate and every office's staff read it."""
    found = permissions.get_for_reading(request, ReportingPeriod, slug=period)
    can_build = permissions.is_directorate(request.user)
    if request.method == "POST":
        permissions.require(request, can_build, target=f"package:{found.slug}:national")
        _requested(request, package_request_national(period=found, user=request.user))
        return redirect("packages:national", period=found.slug)
    key = package_key(period=found.slug, office=None)
    job = _visible(request.user, job_latest_for_key(key=key))
    previous = _visible(request.user, job_latest_done_for_key(key=key)) if job and not job.is_done else None
    return render(
        request,
        "packages/national.html",
        {"period": found, "can_build": can_build, "job": job, "previous": previous},
    )
