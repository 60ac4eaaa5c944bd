"""Deadline reminders: e-mail an office's staff 14 and 3 days before a deadline while its report is not
submitted. Idempotent: each (office, period, reminder) is recorded once, so a second run sends nothing.

A reminder missed on its day (beat down) is sent on a later day before the next one is due: the 14-day
reminder from 14 to 4 days before, the 3-day reminder from 3 days before to the deadline itself.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from municipalities.models import Office
from reporting.periods.models import ReportingPeriod

from .mail import reminder_mail_send
from .models import Report, ReportReminder
from .selectors import office_staff_emails

REMINDER_DAYS = (14, 3)


def reminder_kind(days_left: int) -> int | None:
    """Which reminder is due with this many days left (None outside the windows)."""
    if 0 <= days_left <= 3:
        return 3
    if 4 <= days_left <= 14:
        return 14
    return None


def report_reminders_send(*, today: datetime.date | None = None) -> int:
    """Send the due reminders; returns how many offices were reminded."""
    today = today or timezone.localdate()
    sent = 0
    periods = ReportingPeriod.objects.filter(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=14))
    offices = list(Office.objects.order_by("position"))
    for period in periods:
        kind = reminder_kind((period.deadline - today).days)
        if kind is None:
            continue
        statuses = dict(Report.objects.filter(period=period).values_list("office_id", "status"))
        done = set(ReportReminder.objects.filter(period=period, days_before=kind).values_list("office_id", flat=True))
        for office in offices:
            if office.pk in done or Report.is_submitted_state(statuses.get(office.pk, "")):
                continue
            recipients = office_staff_emails(office)
            try:
                with transaction.atomic():
                    ReportReminder.objects.create(
                        office=office, period=period, days_before=kind, sent_on=today, recipients=len(recipients)
                    )
            except IntegrityError:  # another run recorded it first
                continue
            reminder_mail_send(office=office, period=period, days=(period.deadline - today).days, recipients=recipients)
            sent += 1
    return sent
