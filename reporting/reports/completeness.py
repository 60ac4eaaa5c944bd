"""The completeness list of an office report: what is missing or doubtful per municipality, as of the
period's reference date, each item linked to the municipality where it can be fixed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipalities.models import Municipality
from municipalities.selectors import MunicipalityStatus

# The kinds, in the order the list shows them.
KINDS = (
    "phase_not_assessed",
    "no_decision",
    "process_without_target",
    "process_target_passed",
    "plan_without_areas",
    "no_samfunnsdel",
    "no_network",
)


@dataclass(frozen=True)
class CompletenessItem:
    kind: str
    municipality: Municipality
    message: str


def _items_for(status: MunicipalityStatus, municipality: Municipality, as_of: datetime.date):
    phase = status.value("phase")
    if phase not in ("2", "3"):
        yield "phase_not_assessed", _("Fasen er ikke vurdert.")
    decision = status.facts.get("decision")
    if decision is None:
        yield "no_decision", _("Ingen registrering av politisk vedtak.")
    elif decision.value == "none":
        yield "no_decision", _("Registrert uten politisk vedtak.")
    elif decision.value == "process_described":
        if decision.target_date is None:
            yield "process_without_target", _("Beskrevet prosess uten dato for når planen skal vedtas.")
        elif decision.target_date < as_of:
            yield (
                "process_target_passed",
                _("Beskrevet prosess der datoen for vedtak (%(date)s) er passert.")
                % {"date": decision.target_date.strftime("%d.%m.%Y")},
            )
    elif decision.value == "plan_adopted" and status.value("areas_considered") != "yes":
        if status.value("areas_considered") is None:
            yield "plan_without_areas", _("Plan vedtatt, men ikke registrert om innsatsområdene er vurdert.")
        else:
            yield "plan_without_areas", _("Plan vedtatt uten at kommunestyret har tatt stilling til løsningene.")
    if status.value("samfunnsdel") is None:
        yield "no_samfunnsdel", _("Ingen registrering om forankring i kommuneplanens samfunnsdel.")
    if not status.networks_in(("planned", "participating")):
        yield "no_network", _("Deltar ikke og planlegger ikke å delta i noe nettverk.")


def completeness_items(
    *, municipalities: list[Municipality], statuses: dict[int, MunicipalityStatus], as_of: datetime.date
) -> list[CompletenessItem]:
    """Every item, by kind (in KINDS order), then municipality in the order given. No queries."""
    found: list[tuple[int, int, CompletenessItem]] = []
    for position, municipality in enumerate(municipalities):
        status = statuses.get(municipality.pk) or MunicipalityStatus(municipality_id=municipality.pk)
        for kind, message in _items_for(status, municipality, as_of):
            found.append((KINDS.index(kind), position, CompletenessItem(kind, municipality, message)))
    return [item for _kind, _position, item in sorted(found, key=lambda t: (t[0], t[1]))]


KIND_LABELS = {
    "phase_not_assessed": gettext_lazy("Fase ikke vurdert"),
    "no_decision": gettext_lazy("Uten politisk vedtak"),
    "process_without_target": gettext_lazy("Beskrevet prosess uten dato for vedtak"),
    "process_target_passed": gettext_lazy("Beskrevet prosess der datoen for vedtak er passert"),
    "plan_without_areas": gettext_lazy("Plan vedtatt uten at innsatsområdene er vurdert"),
    "no_samfunnsdel": gettext_lazy("Ingen registrering om kommuneplanens samfunnsdel"),
    "no_network": gettext_lazy("Ikke i nettverk"),
}


def completeness_groups(items: list[CompletenessItem]) -> list[dict]:
    """The items grouped by kind (only kinds with items), for the page."""
    groups: dict[str, list[CompletenessItem]] = {}
    for item in items:
        groups.setdefault(item.kind, []).append(item)
    return [{"kind": k, "label": KIND_LABELS[k], "items": groups[k]} for k in KINDS if k in groups]
