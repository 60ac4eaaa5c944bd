"""Query parameters of the API, read as the commands read their arguments (dates YYYY-MM-DD, times ISO, offices
and periods by slug), with the registry's date window for status dates. A bad value is a 400 problem naming
the parameter, in Norwegian.

Every value is parsed strictly: ASCII digits only (`²` and `٣` are digits to Python's `int()`), numbers and years
by `common.numbers`, dates and times within the portal's bounds (`common.dates`), and a value is echoed in a
message only as a short excerpt. A slug or number longer than any stored one is refused before a lookup."""

from __future__ import annotations

import datetime
from typing import Literal, overload

from django.utils.translation import gettext as _

from common import dates
from common.numbers import parse_int
from common.text import excerpt
from municipalities.models import County, Office
from municipalities.registry import effective_date_problem
from municipalities.selectors import as_aware
from reporting.grants.selectors import grant_years
from reporting.periods.models import ReportingPeriod
from reporting.periods.selectors import period_get

from .problems import Problem


def bad_param(name: str, message: str) -> Problem:
    return Problem(400, f"{name}: {message}", errors=[{"field": name, "message": message}])


@overload
def date_param(request, name: str, *, default: datetime.date) -> datetime.date: ...
@overload
def date_param(request, name: str, *, default: None = None) -> datetime.date | None: ...
def date_param(request, name: str, *, default: datetime.date | None = None) -> datetime.date | None:
    """A date in the registry's window for status dates (1 January 2018 to today)."""
    text = request.query_params.get(name)
    if text is None or text == "":
        return default
    value = dates.parse_iso_date(text, bounded=False)
    if value is None:
        raise bad_param(name, _("«%(text)s» er ikke en dato på formen ÅÅÅÅ-MM-DD") % {"text": excerpt(text)})
    problem = effective_date_problem(value)
    if problem:
        raise bad_param(name, problem)
    return value


MAX_TIME_LENGTH = 40  # 2021-04-30T12:00:00.000000+01:00 and then some


def time_param(request, name: str) -> datetime.datetime | None:
    """An ISO time (a time without zone is Norwegian time), as the commands' --known-at, within the portal's
    bounds (common.dates)."""
    text = request.query_params.get(name)
    if text is None or text == "":
        return None
    try:
        moment = datetime.datetime.fromisoformat(text) if text.isascii() and len(text) <= MAX_TIME_LENGTH else None
    except ValueError:
        moment = None
    if moment is None:
        raise bad_param(
            name,
            _("«%(text)s» er ikke et tidspunkt på formen ÅÅÅÅ-MM-DDTTT:MM[:SS][+01:00]") % {"text": excerpt(text)},
        )
    if not dates.in_bounds(moment):
        raise bad_param(name, dates.bounds_problem())
    return as_aware(moment)


MAX_SLUG_LENGTH = 100  # longer than any office, county or period slug the portal stores


def _may_exist(text: str) -> bool:
    """Whether a stored slug or number could equal the text (else it is unknown without a lookup)."""
    return len(text) <= MAX_SLUG_LENGTH and text.isascii() and text.isprintable()


def office_param(request, name: str = "office") -> Office | None:
    slug = request.query_params.get(name)
    if not slug:
        return None
    office = Office.objects.filter(slug=slug).first() if _may_exist(slug) else None
    if office is None:
        raise bad_param(name, _("ukjent embete «%(slug)s»") % {"slug": excerpt(slug)})
    return office


def county_param(request, name: str = "county") -> County | None:
    number = request.query_params.get(name)
    if not number:
        return None
    county = County.objects.filter(number=number).first() if _may_exist(number) else None
    if county is None:
        raise bad_param(name, _("ukjent fylkesnummer «%(number)s»") % {"number": excerpt(number)})
    return county


@overload
def period_param(request, name: str = "period", *, required: Literal[True]) -> ReportingPeriod: ...
@overload
def period_param(request, name: str = "period", *, required: bool = False) -> ReportingPeriod | None: ...
def period_param(request, name: str = "period", *, required: bool = False) -> ReportingPeriod | None:
    slug = request.query_params.get(name)
    if not slug:
        if required:
            raise bad_param(name, _("oppgi perioden, for eksempel autumn-2021"))
        return None
    period = period_get(slug) if _may_exist(slug) else None
    if period is None:
        raise bad_param(name, _("ukjent periode «%(slug)s»") % {"slug": excerpt(slug)})
    return period


def year_param(request, name: str = "year") -> int:
    text = request.query_params.get(name)
    years = grant_years()
    if not text:
        raise bad_param(name, _("oppgi året, %(first)s–%(last)s") % {"first": years[0], "last": years[-1]})
    year = parse_int(text, max_digits=4)
    if year is None or not dates.year_in_bounds(year) or year not in years:
        raise bad_param(
            name,
            _("året må være mellom %(first)s og %(last)s (fikk «%(text)s»)")
            % {"first": years[0], "last": years[-1], "text": excerpt(text)},
        )
    return year


def flag_param(request, name: str) -> bool:
    text = (request.query_params.get(name) or "").lower()
    if text in ("", "false", "0"):
        return False
    if text in ("true", "1"):
        return True
    raise bad_param(name, _("skriv true eller false (fikk «%(text)s»)") % {"text": excerpt(text)})
