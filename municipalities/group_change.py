"""One change for many: the same fact recorded for several municipalities of an office (a group dialogue
meeting, joining a network, a priority...), built by the registry's input builder (fact_forms.GroupChangeForm),
previewed, then recorded in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.models import User

from .facts import StatusFact
from .models import Municipality
from .registry import FACT_TYPES
from .registry.types import CASE_NUMBER, CATALOGUE_CODE, NETWORK
from .selectors import status_as_of
from .services import FactInput, facts_record

GROUP_SOURCE = "group"


@dataclass(frozen=True)
class GroupRow:
    municipality: Municipality
    old: str  # the value code before ("" when never recorded)
    new: str
    version: int
    old_label: str  # as the municipality page shows it («Ikke registrert» when never recorded)
    new_label: str

    @property
    def same(self) -> bool:
        return self.old == self.new


def group_preview(items: Sequence[FactInput]) -> list[GroupRow]:
    """Per municipality, the value before and after, as of the effective date (one query)."""
    if not items:
        return []
    statuses = status_as_of([i.municipality for i in items], as_of=items[0].effective_date)
    rows = []
    for item in items:
        ft = FACT_TYPES[item.fact]
        found = ft.current(statuses[item.municipality.pk], item.detail)
        rows.append(
            GroupRow(
                municipality=item.municipality,
                old=found.value if found else "",
                new=item.value,
                version=item.municipality.status_version,
                old_label=ft.display(found),
                new_label=ft.value_label(item.value),
            )
        )
    return rows


def group_detail_text(item: FactInput, *, catalogue) -> str:
    """What the change's detail is, in words (the network's name, the code's name, the meeting date)."""
    ft = FACT_TYPES[item.fact]
    if ft.detail == NETWORK and item.network is not None:
        return item.network.name
    if ft.detail == CATALOGUE_CODE:
        return next((entry.name for entry in catalogue if entry.code == item.detail), item.detail)
    if ft.detail == CASE_NUMBER and item.detail:
        return _("saksnr. %(case)s") % {"case": item.detail}
    return item.detail if ft.keyed else ""


def group_record(
    *, items: Sequence[FactInput], user: User, expected_versions: dict[int, int] | None = None
) -> list[StatusFact]:
    """One fact per municipality, in one transaction, attributed to `user`. A municipality whose status moved
    since the preview raises services.StaleStatusError and nothing is written."""
    return facts_record(items=list(items), user=user, source=GROUP_SOURCE, expected_versions=expected_versions)
