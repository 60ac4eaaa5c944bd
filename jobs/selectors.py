"""Reads on jobs, for the pages that offer a job's progress or its latest file."""

from .models import Job


def job_get(pk: int) -> Job | None:
    return Job.objects.filter(pk=pk).first()


def job_latest_for_key(*, key: str) -> Job | None:
    """The newest job for a key (active or finished): what a page shows next to its "build" button."""
    return Job.objects.filter(key=key).order_by("-created_at", "-pk").first()


def job_latest_done_for_key(*, key: str) -> Job | None:
    """The newest finished job for a key: the file to offer while a new one is being built."""
    return Job.objects.filter(key=key, status=Job.Status.DONE).order_by("-created_at", "-pk").first()
