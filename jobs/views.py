"""Job status (a page, or JSON for the polling script) and the file download, both behind can_view_job."""

import mimetypes

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.permissions import not_found
from accounts.requests import AuthenticatedRequest

from .models import Job
from .registry import can_view_job
from .selectors import job_get


def _content_type(filename: str) -> str:
    guessed, _ = mimetypes.guess_type(filename)
    return guessed or "application/octet-stream"


def _job_for_user(request: AuthenticatedRequest, pk: int) -> Job:
    job = job_get(pk)
    if job is None or not can_view_job(request.user, job):
        raise not_found(request, target=f"job:{pk}")
    return job


def job_state(job: Job) -> dict:
    """What the polling script needs to show progress and offer the file."""
    done = job.status == Job.Status.DONE
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "active": job.is_active,
        "progress": 100 if done else job.progress,
        "progress_text": job.progress_text,
        "error": job.error if job.status == Job.Status.ERROR else "",
        "download_url": reverse("jobs:download", args=[job.pk]) if done else None,
        "filename": job.filename if done else "",
        "size": job.size if done else None,
    }


@require_safe
@never_cache
def job_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = _job_for_user(request, pk)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(job_state(job))
    return render(request, "jobs/job_status.html", {"job": job})


@require_safe
def job_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = _job_for_user(request, pk)
    if job.status != Job.Status.DONE or not job.file:
        raise not_found(request, target=f"job-file:{pk}")
    # Packages are small (well under the upload limits), so the bytes are read whole: no file handle is
    # left open when a client drops the response. A front proxy could take over with X-Accel-Redirect.
    try:
        with job.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise not_found(request, target=f"job-file-missing:{pk}") from None
    response = HttpResponse(content, content_type=_content_type(job.filename))
    response["Content-Disposition"] = content_disposition_header(True, job.filename or "fil")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
