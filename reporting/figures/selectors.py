"""Reads built on the figure registry: the JSON that report_figures prints."""

from __future__ import annotations

import datetime

from common.cache import cache_get, cache_set
from municipalities.models import Office
from reporting.periods.models import ReportingPeriod

from .registry import FigureEntry, FigureTable, figure_table


def period_figures_json(
    *,
    period: ReportingPeriod,
    as_of: datetime.date | None = None,
    known_at: datetime.datetime | None = None,
    office: Office | None = None,
    table: FigureTable | None = None,
) -> dict:
    """What `report_figures` prints: the live figures of the chosen office (or all ten) and the country.

    `table` lets a caller that already computed the figures (or replaced some offices' entries with
    submitted ones) reuse them.
    """
    as_of = as_of or period.reference_date
    table = table or figure_table(as_of=as_of, known_at=known_at)
    offices = {slug: entry for slug, entry in table.offices.items() if office is None or slug == office.slug}
    return {
        "period": period.slug,
        "as_of": as_of.isoformat(),
        "offices": {slug: entry.as_json() for slug, entry in offices.items()},
        "national": table.national.as_json(),
    }


def _country_key(as_of: datetime.date, version: str) -> str:
    return f"figures:country:{as_of.isoformat()}:{version}"


def country_entry_cached(*, as_of: datetime.date, version: str) -> FigureEntry | None:
    """The whole country's figures as of a date (what `report_figures` prints as "national"), as known when
    the data had `version` (`municipalities.selectors.recordings(known_at).version`), if a build computed them
    before; facts are append-only, so the same version means the same figures. No queries."""
    cached = cache_get(_country_key(as_of, version))
    return FigureEntry.from_json(cached) if cached is not None else None


def country_entry_remember(*, as_of: datetime.date, version: str, entry: FigureEntry) -> None:
    cache_set(_country_key(as_of, version), entry.as_json())
