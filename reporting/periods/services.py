"""Writes to reporting periods: attributed to the directorate user who saved them."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .models import ReportingPeriod


@transaction.atomic
def period_save(*, period: ReportingPeriod, user: User) -> ReportingPeriod:
    """Save a new or edited period (validated by its form) as changed now by `user`."""
    period.changed_at = timezone.now()
    period.changed_by = user
    period.save()
    return period
