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

from common import dates
from common.forms import sentence

# The bounds are the portal's (common.dates): no fact took effect before the reform's planning began, and no
# target or meeting date lies beyond the latest one may plan for.
EARLIEST_DATE = dates.EARLIEST_DATE
LATEST_PLANNED_DATE = dates.LATEST_TARGET_DATE

# Text limits (characters), by field.
TEXT_LIMITS = {"detail": 120, "link": 500, "participants": 500, "note": 2000}


def for_form(message: str) -> str:
    """A rule's message as a sentence beside a form field."""
    return sentence(message)


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
    return None if dates.in_target_bounds(value) else dates.target_bounds_problem()


def meeting_date_problem(value: datetime.date) -> str | None:
    if not dates.in_target_bounds(value):
        return _("møtedatoen må ligge mellom %(first)s og %(last)s") % {
            "first": EARLIEST_DATE.year,
            "last": LATEST_PLANNED_DATE.year,
        }
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
    """A date typed as ISO (2021-04-30) or Norwegian (30.4.2021), in ASCII digits; None when it is neither.
    The rules above say when it lies outside their window."""
    return dates.parse_date_text(text, bounded=False)
