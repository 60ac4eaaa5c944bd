"""Celery tasks of the self-reporting app: thin wrappers around services."""

from celery import shared_task


@shared_task(name="selfreport.send_round_reminders", acks_late=True, ignore_result=True)
def send_round_reminders_task() -> int:
    from .rounds import round_reminders_send

    return round_reminders_send()
