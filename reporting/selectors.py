"""Reads of the reporting app: periods, and the JSON of report_figures built from the figure registry."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from municipalities.models import Office

from .figures import FigureTable, figure_table
from .models import ReportingPeriod


def period_list() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.order_by("reference_date", "slug")


def period_get(slug: str) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(slug=slug).first()


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
