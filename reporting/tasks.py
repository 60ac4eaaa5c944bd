"""Celery tasks of the reporting app: thin wrappers around services (imported inside the body)."""

from celery import shared_task


@shared_task(name="reporting.send_report_reminders", acks_late=True, ignore_result=True)
def send_report_reminders_task() -> int:
    from .reports.reminders import report_reminders_send

    return report_reminders_send()
