"""Reads of reporting periods."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from .models import ReportingPeriod


def period_list() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.order_by("reference_date", "slug")


def period_get(slug: str) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(slug=slug).first()


def period_latest_passed(periods: list[ReportingPeriod], today: datetime.date | None = None) -> ReportingPeriod | None:
    """The latest period whose reference date has passed (the first one when none has; None without periods)."""
    today = today or timezone.localdate()
    passed = [p for p in periods if p.reference_date <= today]
    return passed[-1] if passed else (periods[0] if periods else None)


def period_reference(slug: str) -> tuple[datetime.date, str] | None:
    """A period's reference date and name by slug (None when unknown): what the municipality page's fact form
    uses, through settings.FACT_FORM_PERIOD_LOOKUP, to open with «Gjelder fra» at the reference date."""
    period = ReportingPeriod.objects.filter(slug=slug[:50]).only("reference_date", "name").first()
    return (period.reference_date, period.name) if period is not None else None
