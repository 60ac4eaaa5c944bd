"""Writes of grant priority: the offices' confirmations (append-only) and the directorate's schemes."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from municipalities.models import Municipality
from municipalities.selectors import status_as_of

from .models import GrantConfirmation, GrantScheme
from .selectors import Criteria, grant_criteria


class StaleProposalError(Exception):
    """The criteria changed since the user saw them: nothing was recorded."""


@transaction.atomic
def grant_confirmation_record(
    *,
    municipality: Municipality,
    year: int,
    confirmed: bool,
    reason: str,
    as_of: datetime.date,
    user: User,
    seen: Criteria | None = None,
    submission: str = "",
) -> GrantConfirmation:
    """Confirm or override a municipality's proposal for a year, storing the criteria as of `as_of`.

    With `seen` (the criteria the user was shown), a status that moved on in the meantime raises
    StaleProposalError and nothing is recorded. The same form submitted twice (`submission`, its one-time token)
    records one confirmation: the second answer is the first one's row.
    """
    # Serialise confirmations of one municipality: the row lock orders concurrent writers.
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    repeated = GrantConfirmation.objects.filter(submission=submission).first() if submission else None
    if repeated is not None:
        return repeated
    status = status_as_of([municipality.pk], as_of=as_of)[municipality.pk]
    criteria = grant_criteria(status)
    if seen is not None and tuple(seen) != criteria:
        raise StaleProposalError
    confirmation = GrantConfirmation(
        municipality=municipality,
        year=year,
        confirmed=confirmed,
        reason=reason.strip(),
        as_of=as_of,
        criterion_1=criteria[0],
        criterion_2=criteria[1],
        criterion_3=criteria[2],
        criterion_4=criteria[3],
        recorded_by=user,
        submission=submission or None,
    )
    confirmation.full_clean(exclude=["municipality", "recorded_by", "submission"])
    confirmation.save()
    return confirmation


@transaction.atomic
def grant_scheme_save(*, scheme: GrantScheme, user: User) -> GrantScheme:
    """Save a new or edited scheme (validated by its form) as changed now by `user`."""
    scheme.changed_at = timezone.now()
    scheme.changed_by = user
    scheme.save()
    return scheme
