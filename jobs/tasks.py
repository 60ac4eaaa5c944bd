"""Celery tasks: thin wrappers around jobs.services. Ids only; a missing row is tolerated."""

from celery import shared_task
from django.conf import settings

from .errors import TRANSIENT_ERRORS
from .services import RUN_JOB_TASK, job_run, job_sweep


@shared_task(
    name=RUN_JOB_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=settings.JOB_MAX_ATTEMPTS,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def run_job_task(*, job_id: int) -> None:
    job_run(job_id)


@shared_task(name="jobs.sweep", acks_late=True, ignore_result=True)
def sweep_jobs_task() -> dict:
    result = job_sweep()
    return {"requeued": result.requeued, "queue_down": result.queue_down, "failed": result.failed}
