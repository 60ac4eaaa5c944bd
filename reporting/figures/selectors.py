"""Reads built on the figure registry: the JSON that report_figures prints."""

from __future__ import annotations

import datetime

from municipalities.models import Office
from reporting.periods.models import ReportingPeriod

from .registry import FigureTable, figure_table


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
