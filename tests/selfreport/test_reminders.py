"""Automatic reminders before a round's deadline (Celery beat, like the report reminders): 7 and 2 days before,
to contacts who have not submitted, each with a new link; idempotent."""

import datetime

from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from selfreport.models import InvitationLink, RoundReminder
from selfreport.responses import response_save
from selfreport.rounds import reminder_kind, round_reminders_send
from selfreport.tasks import send_round_reminders_task

from .helpers import contact, link_path, start


def test_reminder_windows():
    assert [reminder_kind(days) for days in (9, 8, 7, 3, 2, 0, -1)] == [None, None, 7, 7, 2, 2, None]


def test_reminders_go_to_those_who_have_not_submitted_once(office_a, kari, django_capture_on_commit_callbacks):
    for number, name in (("0301", "Per Post"), ("3001", "Kari Fjord"), ("3002", "Ola Ås")):
        contact(number, user=kari, name=name, language="nn" if number == "3002" else "nb")
    _round, issued = start(office_a, kari, ["0301", "3001", "3002"], days=7)
    by_number = {i.invitation.municipality.number: i for i in issued}
    response_save(invitation=by_number["3001"].invitation, changes=[], comment="", expected_version=0, submit=True)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert round_reminders_send(today=today) == 2
    reminded = sorted(m.to[0] for m in mail.outbox if "minn" in m.subject)
    assert reminded == ["ola.3002@kommune.example", "per.0301@kommune.example"]
    oslo = next(m for m in mail.outbox if m.to == ["per.0301@kommune.example"])
    assert oslo.subject.startswith("Påminnelse: bekreft statusen for Oslo")
    assert "7 dager igjen" in oslo.body
    # The reminder's link works and the invitation's one is replaced.
    new = oslo.body.split("/svar/")[1].split("/")[0]
    assert Client().get(link_path(new)).status_code == 302
    assert Client().get(link_path(by_number["0301"].token)).status_code == 410
    # A second run the same day (or a day later, in the same window) sends nothing.
    count = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert round_reminders_send(today=today) == 0
        assert round_reminders_send(today=today + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == count
    # Two days before the deadline the second reminder goes out.
    with django_capture_on_commit_callbacks(execute=True):
        assert round_reminders_send(today=today + datetime.timedelta(days=5)) == 2
    assert RoundReminder.objects.count() == 4
    assert InvitationLink.objects.filter(kind="reminder").count() == 4


def test_reminders_run_from_celery_beat(office_a, kari):
    assert settings.CELERY_BEAT_SCHEDULE["round-reminders"]["task"] == "selfreport.send_round_reminders"
    assert send_round_reminders_task.name == "selfreport.send_round_reminders"
    contact("0301", user=kari, name="Per Post")
    start(office_a, kari, ["0301"], days=2)
    assert send_round_reminders_task.apply().get() == 1
