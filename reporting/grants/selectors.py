"""Priority in grant schemes (seeds 001 and 003): the four criteria, the proposal and the offices' confirmations.

The criteria are figures of the registry, so the grant list and the reported figures can never disagree:
(1) `plan_or_process`, (2) `decided_or_in_process`, (3) `samfunnsdel_anchored_or_planned`,
(4) `in_networks_or_planned`. Proposed = all four. The latest confirmation of a municipality and year applies
whatever the as-of date; it is stale when a criterion as of the as-of date differs from the values it stored.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.queries import latest_per_key
from municipalities.models import Municipality, Office
from municipalities.registry import questions
from municipalities.selectors import MunicipalityStatus, figure_statuses, status_as_of
from reporting.figures.registry import (
    decided_or_in_process,
    in_networks_or_planned,
    plan_or_process,
    samfunnsdel_anchored_or_planned,
)

from .models import FIRST_GRANT_YEAR, LAST_GRANT_YEAR, GrantConfirmation, GrantScheme

Criteria = tuple[bool, bool, bool, bool]

# What each criterion checks, exactly (the registry's figures behind them are named in the module docstring).
CRITERIA_LABELS = (
    gettext_lazy("Vedtatt plan eller beskrevet prosess fram mot vedtak"),
    gettext_lazy("Tatt stilling til innsatsområdene og løsningene i vedtatt plan, eller beskrevet prosess"),
    gettext_lazy("Forankret eller planlagt forankret i samfunnsdelen"),
    gettext_lazy("Deltar eller planlegger å delta i regionalt nettverk"),
)


def grant_years() -> range:
    return range(FIRST_GRANT_YEAR, LAST_GRANT_YEAR + 1)


def default_as_of(year: int, today: datetime.date | None = None) -> datetime.date:
    """The year's last day, or today if that is earlier."""
    today = today or timezone.localdate()
    return min(datetime.date(year, 12, 31), today)


def grant_criteria(status: MunicipalityStatus) -> Criteria:
    return (
        plan_or_process(status),
        decided_or_in_process(status),
        samfunnsdel_anchored_or_planned(status),
        in_networks_or_planned(status),
    )


def criteria_failures(status: MunicipalityStatus, criteria: Criteria | None = None) -> list[tuple[int, str]]:
    """(criterion number, why it fails in Norwegian) for every criterion that fails (`criteria`: the status's
    grant_criteria when the caller has them already)."""
    c1, c2, c3, c4 = criteria if criteria is not None else grant_criteria(status)
    failures: list[tuple[int, str]] = []
    if not c1:
        failures.append((1, _("Kommunen har verken vedtatt en plan eller beskrevet en prosess fram mot vedtak.")))
    if not c2:
        if questions.plan_adopted(status):
            why = _(
                "Planen er vedtatt, men det er ikke registrert at kommunestyret har tatt stilling til "
                "innsatsområdene og løsningene."
            )
        else:
            why = _("Uten vedtatt plan eller beskrevet prosess er det ikke tatt stilling til løsningene.")
        failures.append((2, why))
    if not c3:
        if questions.recorded_not_anchored(status, "samfunnsdel"):
            why = _("Reformen er registrert som ikke forankret i kommuneplanens samfunnsdel.")
        else:
            why = _("Det er ikke registrert forankring i kommuneplanens samfunnsdel.")
        failures.append((3, why))
    if not c4:
        if status.networks:
            why = _("Kommunen deltar ikke lenger og planlegger ikke å delta i noe regionalt nettverk.")
        else:
            why = _("Det er ikke registrert deltakelse i noe regionalt nettverk.")
        failures.append((4, why))
    return failures


@dataclass
class GrantRow:
    municipality: Municipality
    criteria: Criteria
    failures: list[tuple[int, str]]
    confirmation: GrantConfirmation | None

    @property
    def proposed(self) -> bool:
        return all(self.criteria)

    @property
    def stale(self) -> bool:
        return self.confirmation is not None and self.confirmation.criteria != self.criteria

    @property
    def overridden(self) -> bool:
        return self.confirmation is not None and self.confirmation.confirmed != self.confirmation_proposal

    @property
    def confirmation_proposal(self) -> bool:
        return self.confirmation is not None and all(self.confirmation.criteria)

    @property
    def prioritised(self) -> bool:
        """What applies: the confirmation where there is one, else the proposal."""
        return self.confirmation.confirmed if self.confirmation is not None else self.proposed


def latest_confirmations(
    *, year: int, municipality_ids: list[int] | QuerySet | None, known_at: datetime.datetime | None = None
) -> dict[int, GrantConfirmation]:
    """The latest confirmation per municipality for the year (as known at `known_at`, default now): one query.
    `municipality_ids=None`: every municipality's."""
    qs = GrantConfirmation.objects.filter(year=year)
    if municipality_ids is not None:
        qs = qs.filter(municipality_id__in=municipality_ids)
    if known_at is not None:
        qs = qs.filter(recorded_at__lte=known_at)
    latest = latest_per_key(qs.select_related("recorded_by"), key=["municipality_id"], order_by=["-recorded_at", "-id"])
    return {c.municipality_id: c for c in latest}


def grant_rows(
    *,
    year: int,
    as_of: datetime.date,
    office: Office | None = None,
    known_at: datetime.datetime | None = None,
    order: str = "number",
) -> list[GrantRow]:
    """The grant-priority list of an office (or the country): four queries whatever its size."""
    municipalities = Municipality.objects.select_related("office", "county")
    if office is not None:
        municipalities = municipalities.filter(office=office)
    municipalities = municipalities.by_name() if order == "name" else municipalities.order_by("number")
    found = list(municipalities)
    ids = [m.pk for m in found]
    statuses = figure_statuses(ids, as_of=as_of, known_at=known_at, whole_country=office is None)
    confirmations = latest_confirmations(year=year, municipality_ids=None if office is None else ids)
    rows = []
    for m in found:
        status = statuses[m.pk]
        criteria = grant_criteria(status)
        rows.append(GrantRow(m, criteria, criteria_failures(status, criteria), confirmations.get(m.pk)))
    return rows


def grant_row(*, municipality: Municipality, year: int, as_of: datetime.date) -> GrantRow:
    status = status_as_of([municipality.pk], as_of=as_of)[municipality.pk]
    confirmation = latest_confirmations(year=year, municipality_ids=[municipality.pk]).get(municipality.pk)
    return GrantRow(municipality, grant_criteria(status), criteria_failures(status), confirmation)


def grant_schemes(*, year: int) -> QuerySet[GrantScheme]:
    return GrantScheme.objects.filter(year=year).order_by("priority_rule", "kap", "post", "id")


def yes_no(value: bool) -> str:
    return "yes" if value else "no"
