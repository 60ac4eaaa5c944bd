"""The dates the portal accepts, defined once, and strict parsing of dates typed by people or sent in URLs.

Every date and time the portal accepts (a form, the working sheet, a command, the API) lies between
`EARLIEST_DATE` and `LATEST_DATE`; a target date (when a plan is to be adopted, a planned meeting) between
`EARLIEST_DATE` and `LATEST_TARGET_DATE`. The fact registry adds its own, narrower rules (an effective date is
not later than today) on top of these.

The parsers accept ASCII digits only (`"²"` and `"٣"` are digits to Python's `int()` and `isdigit()`, never
here) and never raise: they return None for anything else, including dates outside the bounds, so a URL or form
value can never reach a date computation that overflows.
"""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

EARLIEST_DATE = datetime.date(2018, 1, 1)  # the reform's planning began in 2018
LATEST_DATE = datetime.date(2100, 12, 31)  # the latest date of anything recorded or asked for
LATEST_TARGET_DATE = datetime.date(2035, 12, 31)  # the latest target date or planned meeting one may record
EARLIEST_YEAR = EARLIEST_DATE.year
LATEST_YEAR = LATEST_DATE.year

_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$", re.ASCII)
_ISO_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$", re.ASCII)
_NORWEGIAN_DATE = re.compile(r"^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})$", re.ASCII)
_ISO_DATETIME = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?$", re.ASCII)


def in_bounds(value: datetime.date | datetime.datetime | None) -> bool:
    """Whether a date (or an aware or naive date and time, taken in Oslo time) lies within the portal's bounds."""
    if value is None:
        return False
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            try:
                value = timezone.localtime(value)
            except (OverflowError, ValueError):
                return False
        value = value.date()
    return EARLIEST_DATE <= value <= LATEST_DATE


def in_target_bounds(value: datetime.date | None) -> bool:
    return value is not None and EARLIEST_DATE <= value <= LATEST_TARGET_DATE


def year_in_bounds(year: int) -> bool:
    return EARLIEST_YEAR <= year <= LATEST_YEAR


def bounds_problem() -> str:
    """The one message for a date outside the bounds (a sentence fragment, framed by each way in)."""
    return _("datoen må ligge mellom 1.1.%(first)s og 31.12.%(last)s") % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}


def target_bounds_problem() -> str:
    return _("måldatoen må ligge mellom %(first)s og %(last)s") % {
        "first": EARLIEST_YEAR,
        "last": LATEST_TARGET_DATE.year,
    }


def date_problem(value: datetime.date | datetime.datetime) -> str | None:
    return None if in_bounds(value) else bounds_problem()


def _date_or_none(year: str, month: str, day: str, *, bounded: bool = True) -> datetime.date | None:
    try:
        value = datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return value if in_bounds(value) or not bounded else None


def parse_iso_date(text: object, *, bounded: bool = True) -> datetime.date | None:
    """`YYYY-MM-DD` in ASCII digits (within the bounds unless `bounded` is False), else None."""
    match = _ISO_DATE.match(text.strip()) if isinstance(text, str) else None
    return _date_or_none(*match.groups(), bounded=bounded) if match else None


def parse_date_text(text: object, *, bounded: bool = True) -> datetime.date | None:
    """A date typed as ISO (2021-04-30) or Norwegian (30.4.2021) in ASCII digits (within the bounds unless
    `bounded` is False: the fact registry then says which bound it breaks), else None."""
    if not isinstance(text, str):
        return None
    found = parse_iso_date(text, bounded=bounded)
    if found is not None:
        return found
    match = _NORWEGIAN_DATE.match(text.strip())
    if not match:
        return None
    day, month, year = match.groups()
    return _date_or_none(year, month, day, bounded=bounded)


def parse_month(text: object) -> datetime.date | None:
    """`YYYY-MM` in ASCII digits within the bounds: the month's first day, else None."""
    match = _ISO_MONTH.match(text.strip()) if isinstance(text, str) else None
    if not match:
        return None
    year, month = match.groups()
    return _date_or_none(year, month, "1")


def parse_local_datetime(text: object) -> datetime.datetime | None:
    """`YYYY-MM-DDTHH:MM[:SS]` (or with a space) as an aware Oslo time within the bounds, else None."""
    match = _ISO_DATETIME.match(text.strip()) if isinstance(text, str) else None
    if not match:
        return None
    year, month, day, hour, minute, second = match.groups()
    try:
        naive = datetime.datetime(  # noqa: DTZ001 (a wall-clock time in Oslo, made aware below)
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0)
        )
    except ValueError:
        return None
    if not in_bounds(naive):
        return None
    return timezone.make_aware(naive)


def parse_aware_datetime(text: object) -> datetime.datetime | None:
    """An ISO date and time with its UTC offset (a hidden form field the portal wrote), within the bounds."""
    if not isinstance(text, str) or not text.isascii() or len(text) > 40:
        return None
    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if timezone.is_naive(moment) or not in_bounds(moment):
        return None
    return moment


def next_month(first_day: datetime.date) -> datetime.date:
    """The first day of the month after `first_day`'s."""
    return (first_day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def short_date(value: datetime.date) -> str:
    """A date as tables write it (3.12.2026): the SHORT_DATE_FORMAT of common/formats, for text built in Python."""
    return f"{value.day}.{value.month}.{value.year}"


def clock(moment: datetime.datetime) -> str:
    """The local time of day as Norwegian text writes it after «kl.»: 14.32."""
    return timezone.localtime(moment).strftime("%H.%M")
