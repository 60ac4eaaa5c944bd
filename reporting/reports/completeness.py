"""The completeness list of an office report: what is missing or doubtful per municipality, as of the
period's reference date, each item linked to the municipality where it can be fixed. What counts as missing
is municipalities.gaps (the office overview's «mangler data» asks the same)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from municipalities.gaps import KIND_LABELS, KINDS, gaps
from municipalities.models import Municipality
from municipalities.selectors import MunicipalityStatus


@dataclass(frozen=True)
class CompletenessItem:
    kind: str
    municipality: Municipality
    message: str


def completeness_items(
    *, municipalities: list[Municipality], statuses: dict[int, MunicipalityStatus], as_of: datetime.date
) -> list[CompletenessItem]:
    """Every item, by kind (in KINDS order), then municipality in the order given. No queries."""
    found: list[tuple[int, int, CompletenessItem]] = []
    for position, municipality in enumerate(municipalities):
        status = statuses.get(municipality.pk) or MunicipalityStatus(municipality_id=municipality.pk)
        for gap in gaps(status, as_of=as_of):
            found.append((KINDS.index(gap.kind), position, CompletenessItem(gap.kind, municipality, gap.message)))
    return [item for _kind, _position, item in sorted(found, key=lambda t: (t[0], t[1]))]


def completeness_groups(items: list[CompletenessItem]) -> list[dict]:
    """The items grouped by kind (only kinds with items), for the page."""
    groups: dict[str, list[CompletenessItem]] = {}
    for item in items:
        groups.setdefault(item.kind, []).append(item)
    return [{"kind": k, "label": KIND_LABELS[k], "items": groups[k]} for k in KINDS if k in groups]
