"""Deadline reminders: 14 and 3 days before, to the office's active staff, not once submitted, only once."""

import datetime

from django.core import mail

from accounts.models import User
from reporting.models import ReportReminder
from reporting.reports.reminders import report_reminders_send
from reporting.reports.services import report_submit
from reporting.tasks import send_report_reminders_task
from tests.factories import UserFactory

DEADLINE = datetime.date(2021, 5, 1)  # spring-2021


def _day(days_before: int) -> datetime.date:
    return DEADLINE - datetime.timedelta(days=days_before)


def test_reminders_14_and_3_days_before_once(staff_a, staff_a2, staff_b, spring):
    UserFactory(username="gone-a", office=staff_a.office, is_active=False)
    mail.outbox.clear()
    assert report_reminders_send(today=_day(15)) == 0
    assert mail.outbox == []
    assert report_reminders_send(today=_day(14)) == 10  # every office; spring-2021 only
    oslo = [m for m in mail.outbox if staff_a.email in m.to]
    assert len(oslo) == 1
    assert sorted(oslo[0].to) == sorted(
        User.objects.filter(office=staff_a.office, is_active=True).exclude(email="").values_list("email", flat=True)
    )
    assert "gone-a@example.invalid" not in oslo[0].to
    assert "14 dager igjen" in oslo[0].body
    assert "/embeter/oslo-og-viken/rapporter/spring-2021/" in oslo[0].body
    # A second run the same day, or the next day, sends nothing.
    mail.outbox.clear()
    assert report_reminders_send(today=_day(14)) == 0
    assert report_reminders_send(today=_day(13)) == 0
    assert mail.outbox == []
    assert report_reminders_send(today=_day(3)) == 10
    assert report_reminders_send(today=_day(2)) == 0
    assert ReportReminder.objects.filter(period=spring).count() == 20


def test_no_reminder_for_a_submitted_report(staff_a, staff_b, office_a, spring, directorate_user):
    report_submit(office=office_a, period=spring, user=staff_a)
    mail.outbox.clear()
    assert report_reminders_send(today=_day(3)) == 9
    assert all(staff_a.email not in m.to for m in mail.outbox)
    assert any(staff_b.email in m.to for m in mail.outbox)
    assert not ReportReminder.objects.filter(office=office_a).exists()


def test_a_missed_day_is_caught_up_within_the_window(staff_a, spring):
    mail.outbox.clear()
    assert report_reminders_send(today=_day(10)) == 10  # the 14-day reminder, late
    assert "10 dager igjen" in mail.outbox[0].body
    assert report_reminders_send(today=_day(20)) == 0


def test_the_beat_task_runs_the_service(staff_a, spring, settings):
    assert settings.CELERY_BEAT_SCHEDULE["report-reminders"]["task"] == "reporting.send_report_reminders"
    assert send_report_reminders_task.name == "reporting.send_report_reminders"
    assert send_report_reminders_task() == 0  # today is long after every shipped deadline
