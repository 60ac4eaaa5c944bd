"""System checks: the job lease must outlive the task's hard time limit, which must end before Redis redelivers."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string


@register()
def job_settings_check(app_configs, **kwargs) -> list[Error]:
    errors = []
    hard = settings.CELERY_TASK_TIME_LIMIT
    soft = settings.CELERY_TASK_SOFT_TIME_LIMIT
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    if not soft < hard < visibility:
        errors.append(
            Error(
                f"Celery time limits must satisfy soft ({soft}) < hard ({hard}) < visibility_timeout ({visibility}).",
                id="jobs.E001",
            )
        )
    if hard >= settings.JOB_LEASE_SECONDS:
        errors.append(
            Error(
                f"JOB_LEASE_SECONDS ({settings.JOB_LEASE_SECONDS}) must be longer than the hard time limit ({hard}).",
                id="jobs.E002",
            )
        )
    for setting in ("JOB_BUILDERS", "JOB_PERMISSIONS"):
        for kind, path in getattr(settings, setting).items():
            try:
                import_string(path)
            except ImportError:
                errors.append(Error(f"{setting}[{kind!r}] = {path!r} cannot be imported.", id="jobs.E003"))
    return errors
