"""Writes on jobs: request (one active job per key, queued on commit), run (lease, build, store), sweep.

The row in the database is the truth; the broker only carries wake-up calls. A message that is lost is
replaced by the sweep; a message delivered twice finds the job done or leased and does nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import uuid
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .errors import TRANSIENT_ERRORS, JobFailed
from .models import Job, job_file_name
from .registry import builder_for
from .storage import delete_quietly, safe_filename, write_atomically

if TYPE_CHECKING:
    from accounts.models import User

# The task that runs a job (jobs.tasks.run_job_task), sent by name: the task module imports this one.
RUN_JOB_TASK = "jobs.run_job"

logger = logging.getLogger("lhl.jobs")

# What reaching the broker can raise when it is down (kombu wraps most; a refused socket can slip through).
BROKER_ERRORS: tuple[type[BaseException], ...] = (BrokerError, ConnectionError, OSError)

# The tag of the message a page shows after ordering a file («Pakken bygges…»): base.html marks it, and
# static/js/job-progress.js removes it once the job's box says the job is over, so the two never disagree.
JOB_MESSAGE_TAG = "job-started"

QUEUE_DOWN_MESSAGE = "Bestillingen er registrert og starter når køtjenesten er tilbake."
STORAGE_FAILED_MESSAGE = "Filen kunne ikke lagres (lagringsfeil). Ingen fil er lagret; prøv igjen senere."
TOO_SLOW_MESSAGE = "Jobben tok for lang tid og ble stoppet."
TOO_MANY_ATTEMPTS_MESSAGE = "Jobben ble avbrutt for mange ganger ({attempts} forsøk) og er stoppet."
TRANSIENT_GAVE_UP_MESSAGE = "Databasen svarte ikke etter {attempts} forsøk. Prøv igjen senere."
UNEXPECTED_MESSAGE = "Jobben feilet av en uventet grunn (jobb {pk}). Feilen er logget; kontakt brukerstøtte."


@dataclass
class JobRequest:
    """What job_request returns. Unpacks as ``job, created``; ``queue_down`` is True when the job is stored
    but the broker could not be reached (known once the transaction has committed)."""

    job: Job
    created: bool
    queue_down: bool = field(default=False)

    def __iter__(self):
        yield self.job
        yield self.created


def job_request(*, kind: str, params: dict, key: str, user: User | None) -> JobRequest:
    """Ask for a job. At most one active job per key: a second request gets the existing job."""
    builder_for(kind)  # an unknown kind is a programming error: fail before storing anything
    for _ in range(3):
        with transaction.atomic():
            existing = Job.objects.select_for_update().filter(key=key, status__in=Job.ACTIVE_STATUSES).first()
            if existing is not None:
                return JobRequest(existing, False)
            try:
                with transaction.atomic():
                    job = Job.objects.create(kind=kind, params=params, key=key, requested_by=user)
            except IntegrityError:
                continue  # a concurrent request created it first; read it again (it is committed now)
            result = JobRequest(job, True)
            transaction.on_commit(partial(_enqueue_after_commit, result))
            return result
    existing = Job.objects.filter(key=key).order_by("-created_at", "-pk").first()
    if existing is None:
        raise RuntimeError(f"Could not create or find a job for key {key!r}")
    return JobRequest(existing, False)


def _enqueue_after_commit(result: JobRequest) -> None:
    sent = job_enqueue(job_id=result.job.pk)
    result.queue_down = not sent
    result.job.refresh_from_db()


def job_enqueue(*, job_id: int) -> bool:
    """Send the job to the broker (or run it in-process when eager). False when the broker is unreachable:
    the job then stays `not_queued` for the sweep."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        _run_in_process(job_id)
        return True
    try:
        run_job_task = current_app.tasks[RUN_JOB_TASK]
        run_job_task.apply_async(kwargs={"job_id": job_id}, retry=True, retry_policy={"max_retries": 2})
    except BROKER_ERRORS as exc:
        logger.error("job %s: broker unreachable, left not_queued for the sweep: %r", job_id, exc)
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(status=Job.Status.NOT_QUEUED)
        return False
    Job.objects.filter(pk=job_id, status=Job.Status.NOT_QUEUED).update(
        status=Job.Status.QUEUED, queued_at=timezone.now()
    )
    return True


def _run_in_process(job_id: int) -> None:
    """No broker (the embedded default): run now, retrying transient errors as the task would (Celery's
    eager mode re-raises its Retry instead of retrying when eager exceptions propagate)."""
    for _ in range(settings.JOB_MAX_ATTEMPTS):
        try:
            job_run(job_id)
        except TRANSIENT_ERRORS:
            continue
        return


# --- running -------------------------------------------------------------------------------------------


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)


def _take(job_id: int) -> tuple[Job, str] | None:
    """Take the job under a row lock: set it running with a fresh lease token. None when there is nothing
    to do (missing, finished, or leased by a live worker)."""
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            logger.warning("job %s: no such job, nothing to run", job_id)
            return None
        if job.status in (Job.Status.DONE, Job.Status.ERROR):
            logger.info("job %s: already %s, duplicate delivery ignored", job_id, job.status)
            return None
        if job.status == Job.Status.RUNNING and not job.lease_expired(now):
            logger.info("job %s: leased by another worker until %s, ignored", job_id, job.lease_until)
            return None
        if job.attempts >= settings.JOB_MAX_ATTEMPTS:
            _mark_error(job, TOO_MANY_ATTEMPTS_MESSAGE.format(attempts=job.attempts), now=now)
            return None
        token = uuid.uuid4().hex
        job.status = Job.Status.RUNNING
        job.attempts += 1
        job.lease_until = now + _lease()
        job.lease_token = token
        job.started_at = now
        job.progress = 0
        job.progress_text = ""
        job.error = ""
        job.save(
            update_fields=[
                "status",
                "attempts",
                "lease_until",
                "lease_token",
                "started_at",
                "progress",
                "progress_text",
                "error",
            ]
        )
    return job, token


def _mark_error(job: Job, message: str, *, now: datetime.datetime | None = None) -> None:
    job.status = Job.Status.ERROR
    job.error = message
    job.finished_at = now or timezone.now()
    job.lease_until = None
    job.lease_token = ""
    job.save(update_fields=["status", "error", "finished_at", "lease_until", "lease_token"])


def _finish_error(job_id: int, token: str, message: str) -> None:
    """Mark the job error, but only while this run still holds it."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, lease_token=token).first()
        if job is not None and job.status == Job.Status.RUNNING:
            _mark_error(job, message)


def _release_for_retry(job_id: int, token: str, exc: BaseException) -> bool:
    """After a transient error: give the job back (queued) for the retry. False when no attempts are left
    (the job is then marked error)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, lease_token=token).first()
        if job is None or job.status != Job.Status.RUNNING:
            return False
        if job.attempts >= settings.JOB_MAX_ATTEMPTS:
            _mark_error(job, TRANSIENT_GAVE_UP_MESSAGE.format(attempts=job.attempts))
            return False
        job.status = Job.Status.QUEUED
        job.queued_at = timezone.now()
        job.lease_until = None
        job.lease_token = ""
        job.progress_text = "Midlertidig feil, prøver igjen"
        job.save(update_fields=["status", "queued_at", "lease_until", "lease_token", "progress_text"])
    logger.warning("job %s: transient error, will retry: %r", job_id, exc)
    return True


def _progress_reporter(job_id: int, token: str):
    def progress(percent: int, text: str = "") -> None:
        percent = max(0, min(99, int(percent)))  # 100 means stored, set only on completion
        Job.objects.filter(pk=job_id, lease_token=token, status=Job.Status.RUNNING).update(
            progress=percent, progress_text=str(text)[:200]
        )

    return progress


def job_run(job_id: int) -> None:
    """Run one job to completion, exactly once however often it is delivered.

    Transient errors (database connection trouble) are re-raised for the task to retry; every other
    failure ends the job in `error` with a readable message.
    """
    taken = _take(job_id)
    if taken is None:
        return
    job, token = taken
    try:
        filename, content = builder_for(job.kind)(job=job, progress=_progress_reporter(job_id, token))
    except TRANSIENT_ERRORS as exc:
        if _release_for_retry(job_id, token, exc):
            raise
        return
    except JobFailed as exc:
        _finish_error(job_id, token, str(exc))
        return
    except SoftTimeLimitExceeded:
        _finish_error(job_id, token, TOO_SLOW_MESSAGE)
        return
    except Exception:
        logger.exception("job %s (%s): builder failed", job_id, job.kind)
        _finish_error(job_id, token, UNEXPECTED_MESSAGE.format(pk=job_id))
        return
    _store(job, token, filename, content)


def _store(job: Job, token: str, filename: str, content: bytes) -> None:
    storage = Job._meta.get_field("file").storage
    download_name = safe_filename(filename)
    try:
        name = write_atomically(storage, job_file_name(job, download_name), content)
    except (OSError, SoftTimeLimitExceeded) as exc:
        logger.error("job %s: storing the file failed: %r", job.pk, exc)
        _finish_error(job.pk, token, STORAGE_FAILED_MESSAGE)
        return
    try:
        with transaction.atomic():
            current = Job.objects.select_for_update().filter(pk=job.pk).first()
            if current is None or current.lease_token != token or current.status != Job.Status.RUNNING:
                logger.warning("job %s: lost the lease while building; the other run's result stands", job.pk)
                delete_quietly(storage, name)
                return
            current.file.name = name
            current.filename = download_name
            current.sha256 = hashlib.sha256(content).hexdigest()
            current.size = len(content)
            current.status = Job.Status.DONE
            current.progress = 100
            current.progress_text = ""
            current.finished_at = timezone.now()
            current.lease_until = None
            current.lease_token = ""
            current.save(
                update_fields=[
                    "file",
                    "filename",
                    "sha256",
                    "size",
                    "status",
                    "progress",
                    "progress_text",
                    "finished_at",
                    "lease_until",
                    "lease_token",
                ]
            )
    except BaseException:
        delete_quietly(storage, name)  # never a stored file without its row, nor a row without its file
        raise


# --- sweeping ------------------------------------------------------------------------------------------


@dataclass
class SweepResult:
    requeued: list[int] = field(default_factory=list)
    queue_down: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def job_sweep(*, now: datetime.datetime | None = None) -> SweepResult:
    """Re-queue what the broker may have lost, retake what a dead worker left, stop what keeps failing.

    - `not_queued`: never reached the broker → send again.
    - `queued` without a start for JOB_REQUEUE_SECONDS: the message may be lost (Redis restarted) → send again.
    - `running` with an expired lease: the worker died → back to queued and send again.
    Sending twice is harmless: a job that is done or leased ignores the extra delivery.
    """
    now = now or timezone.now()
    result = SweepResult()
    stale_queued = now - datetime.timedelta(seconds=settings.JOB_REQUEUE_SECONDS)
    with transaction.atomic():
        candidates = list(
            Job.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=Job.Status.NOT_QUEUED)
                | Q(status=Job.Status.QUEUED, queued_at__lt=stale_queued)
                | Q(status=Job.Status.QUEUED, queued_at__isnull=True)
                | Q(status=Job.Status.RUNNING, lease_until__lte=now)
                | Q(status=Job.Status.RUNNING, lease_until__isnull=True)
            )
            .order_by("pk")
        )
        to_send = []
        for job in candidates:
            if job.attempts >= settings.JOB_MAX_ATTEMPTS:
                _mark_error(job, TOO_MANY_ATTEMPTS_MESSAGE.format(attempts=job.attempts), now=now)
                result.failed.append(job.pk)
                continue
            if job.status == Job.Status.RUNNING:
                logger.warning("job %s: lease expired at %s, retaking", job.pk, job.lease_until)
                job.status = Job.Status.QUEUED
                job.lease_until = None
                job.lease_token = ""
                job.progress_text = ""
            if job.status == Job.Status.QUEUED:
                job.queued_at = now
            job.save(update_fields=["status", "lease_until", "lease_token", "progress_text", "queued_at"])
            to_send.append(job.pk)
    for job_id in to_send:
        (result.requeued if job_enqueue(job_id=job_id) else result.queue_down).append(job_id)
    if to_send or result.failed:
        logger.info("job sweep: requeued=%s queue_down=%s failed=%s", result.requeued, result.queue_down, result.failed)
    return result
