"""Matrix entries for the job engine's URLs: a finished job asked for by staff A is visible to staff A only
(the default permission: the requester); everyone else gets a logged 404. Both views are read-only."""

from django.core.files.base import ContentFile

from .matrix import Entry, everyone, only


def _done_job(ctx) -> dict:
    from jobs.models import Job

    job = Job(kind="test_echo", key=f"matrix-{ctx.staff_a.pk}", requested_by=ctx.staff_a, filename="ekko.txt")
    job.file.save("ekko.txt", ContentFile(b"hei\n"), save=False)
    job.status = Job.Status.DONE
    job.sha256 = "0" * 64
    job.size = 4
    job.save()
    return {"pk": job.pk}


ENTRIES = {
    "jobs:status": Entry(kwargs=_done_job, get=only({"staff_a": 200}, others=404), post=everyone(405)),
    "jobs:download": Entry(kwargs=_done_job, get=only({"staff_a": 200}, others=404), post=everyone(405)),
}
