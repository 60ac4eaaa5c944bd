"""Celery tasks of the reporting app: thin wrappers around services."""

from celery import shared_task

from .reports.reminders import report_reminders_send


@shared_task(name="reporting.send_report_reminders", acks_late=True, ignore_result=True)
def send_report_reminders_task() -> int:
    return report_reminders_send()
