"""Query parameters of the API, read as the commands read their arguments (dates YYYY-MM-DD, times ISO, offices
and periods by slug), with the registry's date window for status dates. A bad value is a 400 problem naming
the parameter, in Norwegian."""

from __future__ import annotations

import datetime
from typing import Literal, overload

from django.utils.translation import gettext as _

from municipalities.models import County, Office
from municipalities.registry import effective_date_problem
from municipalities.selectors import as_aware
from reporting.grants.selectors import grant_years
from reporting.periods.models import ReportingPeriod
from reporting.periods.selectors import period_get

from .problems import Problem


def _bad(name: str, message: str) -> Problem:
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
    try:
        value = datetime.date.fromisoformat(text)
    except ValueError:
        raise _bad(name, _("«%(text)s» er ikke en dato på formen ÅÅÅÅ-MM-DD") % {"text": text}) from None
    problem = effective_date_problem(value)
    if problem:
        raise _bad(name, problem)
    return value


def time_param(request, name: str) -> datetime.datetime | None:
    """An ISO time (a time without zone is Norwegian time), as the commands' --known-at."""
    text = request.query_params.get(name)
    if text is None or text == "":
        return None
    try:
        return as_aware(datetime.datetime.fromisoformat(text))
    except ValueError:
        raise _bad(
            name, _("«%(text)s» er ikke et tidspunkt på formen ÅÅÅÅ-MM-DDTTT:MM[:SS][+01:00]") % {"text": text}
        ) from None


def office_param(request, name: str = "office") -> Office | None:
    slug = request.query_params.get(name)
    if not slug:
        return None
    office = Office.objects.filter(slug=slug).first()
    if office is None:
        raise _bad(name, _("ukjent embete «%(slug)s»") % {"slug": slug})
    return office


def county_param(request, name: str = "county") -> County | None:
    number = request.query_params.get(name)
    if not number:
        return None
    county = County.objects.filter(number=number).first()
    if county is None:
        raise _bad(name, _("ukjent fylkesnummer «%(number)s»") % {"number": number})
    return county


@overload
def period_param(request, name: str = "period", *, required: Literal[True]) -> ReportingPeriod: ...
@overload
def period_param(request, name: str = "period", *, required: bool = False) -> ReportingPeriod | None: ...
def period_param(request, name: str = "period", *, required: bool = False) -> ReportingPeriod | None:
    slug = request.query_params.get(name)
    if not slug:
        if required:
            raise _bad(name, _("oppgi perioden, for eksempel autumn-2021"))
        return None
    period = period_get(slug)
    if period is None:
        raise _bad(name, _("ukjent periode «%(slug)s»") % {"slug": slug})
    return period


def year_param(request, name: str = "year") -> int:
    text = request.query_params.get(name)
    years = grant_years()
    if not text:
        raise _bad(name, _("oppgi året, %(first)s–%(last)s") % {"first": years[0], "last": years[-1]})
    if not text.isdigit() or int(text) not in years:
        raise _bad(
            name,
            _("året må være mellom %(first)s og %(last)s (fikk «%(text)s»)")
            % {"first": years[0], "last": years[-1], "text": text},
        )
    return int(text)


def flag_param(request, name: str) -> bool:
    text = (request.query_params.get(name) or "").lower()
    if text in ("", "false", "0"):
        return False
    if text in ("true", "1"):
        return True
    raise _bad(name, _("skriv true eller false (fikk «%(text)s»)") % {"text": text})
