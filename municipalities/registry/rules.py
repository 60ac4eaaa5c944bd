"""The rules every way in applies to a fact, each with its one Norwegian message.

Messages are sentence fragments («datoen kan ikke være senere enn i dag»); each path frames them in its own
convention: `line N: column X: …` in commands, `error: …` for arguments, a sentence beside the field in forms
(`for_form`).
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _

EARLIEST_DATE = datetime.date(2018, 1, 1)  # no fact took effect before the reform's planning began
LATEST_PLANNED_DATE = datetime.date(2035, 12, 31)  # the latest target or meeting date one may plan for

# Text limits (characters), by field.
TEXT_LIMITS = {"detail": 120, "link": 500, "participants": 500, "note": 2000}


def for_form(message: str) -> str:
    """A rule's message as a sentence beside a form field."""
    return message[:1].upper() + message[1:] + "."


def effective_date_problem(value: datetime.date, *, today: datetime.date | None = None) -> str | None:
    """The effective-date window: from 1 January 2018 to today."""
    if value > (today or timezone.localdate()):
        return _("datoen kan ikke være senere enn i dag")
    if value < EARLIEST_DATE:
        return _("datoen kan ikke være før 1. januar 2018")
    return None


def check_effective_date(value: datetime.date | None) -> None:
    """The effective-date window as a form field validator."""
    problem = effective_date_problem(value) if value else None
    if problem:
        raise forms.ValidationError(for_form(problem))


def target_date_problem(value: datetime.date) -> str | None:
    if not EARLIEST_DATE <= value <= LATEST_PLANNED_DATE:
        return _("måldatoen må ligge mellom 2018 og 2035")
    return None


def meeting_date_problem(value: datetime.date) -> str | None:
    if not EARLIEST_DATE <= value <= LATEST_PLANNED_DATE:
        return _("møtedatoen må ligge mellom 2018 og 2035")
    return None


def text_problem(name: str, text: str) -> str | None:
    limit = TEXT_LIMITS[name]
    if len(text) <= limit:
        return None
    what = {
        "detail": _("detaljen"),
        "link": _("lenken"),
        "participants": _("deltakerfeltet"),
        "note": _("merknaden"),
    }[name]
    return _("%(what)s kan ha %(limit)s eller færre tegn (har %(length)s)") % {
        "what": what,
        "limit": limit,
        "length": len(text),
    }


def parse_date_text(text: str) -> datetime.date | None:
    """A date typed as ISO (2021-04-30) or Norwegian (30.4.2021); None when it is neither."""
    text = text.strip()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    day, _sep, rest = text.partition(".")
    month, _sep, year = rest.partition(".")
    if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
        return None
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
