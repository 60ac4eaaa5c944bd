"""One change for many: the same fact recorded for several municipalities of an office (a group dialogue
meeting, joining a network, a priority...), previewed, then recorded in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.models import User

from .fact_types import value_label
from .facts import StatusFact
from .models import Municipality
from .selectors import MunicipalityStatus, status_as_of
from .services import FactInput, catalogue_codes, facts_record, validate_fact

GROUP_SOURCE = "group"


@dataclass(frozen=True)
class GroupRow:
    municipality: Municipality
    old: str  # the value code before ("" when never recorded)
    new: str
    version: int

    @property
    def old_label(self) -> str:
        return value_label(self.item_fact, self.old) if self.old else _("ikke registrert")

    @property
    def new_label(self) -> str:
        return value_label(self.item_fact, self.new)

    @property
    def same(self) -> bool:
        return self.old == self.new

    item_fact: str = ""


def group_items(
    *,
    municipalities: Sequence[Municipality],
    fact: str,
    value: str,
    effective_date: datetime.date,
    detail: str = "",
    network=None,
    target_date: datetime.date | None = None,
    meeting_format: str = "",
    participants: str = "",
    note: str = "",
) -> list[FactInput]:
    return [
        FactInput(
            municipality=m,
            fact=fact,
            value=value,
            effective_date=effective_date,
            detail=detail,
            network=network,
            target_date=target_date,
            meeting_format=meeting_format,
            participants=participants,
            note=note,
        )
        for m in municipalities
    ]


def group_problems(items: Sequence[FactInput]) -> list[str]:
    """Problems of the change itself (the same for every municipality), in Norwegian; empty when it may be recorded."""
    if not items:
        return [_("Velg minst én kommune.")]
    return validate_fact(items[0], codes=catalogue_codes())


def _current(item: FactInput, status: MunicipalityStatus) -> StatusFact | None:
    if item.fact == "dialogue_meeting":
        return status.meetings.get(item.detail)
    if item.fact == "network":
        return status.networks.get(item.network.qualified_slug) if item.network is not None else None
    if item.fact == "priority":
        return status.priorities.get(item.detail)
    return status.facts.get(item.fact)


def group_preview(items: Sequence[FactInput]) -> list[GroupRow]:
    """Per municipality, the value before and after, as of the effective date (one query)."""
    if not items:
        return []
    statuses = status_as_of([i.municipality for i in items], as_of=items[0].effective_date)
    rows = []
    for item in items:
        found = _current(item, statuses[item.municipality.pk])
        rows.append(
            GroupRow(
                municipality=item.municipality,
                old=found.value if found else "",
                new=item.value,
                version=item.municipality.status_version,
                item_fact=item.fact,
            )
        )
    return rows


def group_record(
    *, items: Sequence[FactInput], user: User, expected_versions: dict[int, int] | None = None
) -> list[StatusFact]:
    """One fact per municipality, in one transaction, attributed to `user`. A municipality whose status moved
    since the preview raises services.StaleStatusError and nothing is written."""
    return facts_record(items=list(items), user=user, source=GROUP_SOURCE, expected_versions=expected_versions)
