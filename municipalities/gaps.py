"""What is missing or doubtful in a municipality's registrations as of a date: the one definition of a gap.

The office overview's «mangler» filters, the report's completeness list and the report package all ask here,
so they name the same municipalities for the same date. Reads a MunicipalityStatus only (no queries).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .registry import MEETING_HELD_OR_PLANNED, questions
from .selectors import MunicipalityStatus

# The kinds, in the order lists show them.
KINDS = (
    "phase_not_assessed",
    "no_decision",
    "process_without_target",
    "process_target_passed",
    "plan_without_areas",
    "no_samfunnsdel",
    "no_network",
)
KIND_LABELS = {
    "phase_not_assessed": gettext_lazy("Fase ikke vurdert"),
    "no_decision": gettext_lazy("Uten politisk vedtak"),
    "process_without_target": gettext_lazy("Beskrevet prosess uten dato for vedtak"),
    "process_target_passed": gettext_lazy("Beskrevet prosess der datoen for vedtak er passert"),
    "plan_without_areas": gettext_lazy("Plan vedtatt uten at innsatsområdene er vurdert"),
    "no_samfunnsdel": gettext_lazy("Ingen registrering om kommuneplanens samfunnsdel"),
    "no_network": gettext_lazy("Ikke i nettverk"),
}
# What an office does to close each kind of gap (the packages' and status exports' «Slik rettes det»).
KIND_ACTIONS = {
    "phase_not_assessed": gettext_lazy("Vurder om kommunen er i fase 2 eller fase 3, og registrer fasen med dato."),
    "no_decision": gettext_lazy(
        "Registrer kommunestyrets vedtak av planen, eller en beskrevet prosess med planlagt dato for vedtaket."
    ),
    "process_without_target": gettext_lazy("Registrer datoen kommunen planlegger å vedta planen."),
    "process_target_passed": gettext_lazy(
        "Registrer vedtaket hvis planen er vedtatt, ellers den nye datoen kommunen planlegger å vedta den."
    ),
    "plan_without_areas": gettext_lazy(
        "Registrer om kommunestyret tok stilling til innsatsområdene og løsningene da planen ble vedtatt."
    ),
    "no_samfunnsdel": gettext_lazy(
        "Registrer om reformen er forankret, planlagt forankret eller ikke forankret i kommuneplanens samfunnsdel."
    ),
    "no_network": gettext_lazy(
        "Registrer nettverket kommunen deltar i eller planlegger å delta i, eller sjekk med kommunen."
    ),
}
# The overview's «mangler» filter (query-string values) and the gap kinds each one shows; "data" is any gap.
# "meeting" is no gap (a dialogue meeting is a figure of the year, not a registration the report misses).
OVERVIEW_FILTERS = {
    "data": KINDS,
    "decision": ("no_decision",),
    "target_date": ("process_without_target",),
    "samfunnsdel": ("no_samfunnsdel",),
    "network": ("no_network",),
    "phase": ("phase_not_assessed",),
}


@dataclass(frozen=True)
class Gap:
    kind: str
    message: str


def gaps(status: MunicipalityStatus, *, as_of: datetime.date) -> Iterator[Gap]:
    """Every gap of one municipality's status as of `as_of`, in KINDS order."""
    if questions.phase(status) is None:
        yield Gap("phase_not_assessed", _("Fasen er ikke vurdert."))
    decision = status.facts.get("decision")
    if decision is None:
        yield Gap("no_decision", _("Ingen registrering av politisk vedtak."))
    elif not questions.plan_or_process(status):
        yield Gap("no_decision", _("Registrert uten politisk vedtak."))
    elif decision.fact_type.needs_target_date(decision.value):
        if decision.target_date is None:
            yield Gap("process_without_target", _("Beskrevet prosess uten dato for når planen skal vedtas."))
        elif decision.target_date < as_of:
            yield Gap(
                "process_target_passed",
                _("Beskrevet prosess der datoen for vedtak (%(date)s) er passert.")
                % {"date": decision.target_date.strftime("%d.%m.%Y")},
            )
    elif not questions.areas_considered(status):
        if status.value("areas_considered") is None:
            yield Gap("plan_without_areas", _("Plan vedtatt, men ikke registrert om innsatsområdene er vurdert."))
        else:
            yield Gap("plan_without_areas", _("Plan vedtatt uten at kommunestyret har tatt stilling til løsningene."))
    if status.value("samfunnsdel") is None:
        yield Gap("no_samfunnsdel", _("Ingen registrering om forankring i kommuneplanens samfunnsdel."))
    if not status.networks_in():
        yield Gap("no_network", _("Deltar ikke og planlegger ikke å delta i noe nettverk."))


def gap_kinds(status: MunicipalityStatus, *, as_of: datetime.date) -> set[str]:
    return {gap.kind for gap in gaps(status, as_of=as_of)}


def shows_in_filter(status: MunicipalityStatus, what: str, *, as_of: datetime.date) -> bool:
    """Does the municipality belong under the overview's «mangler» filter `what`?"""
    if what == "meeting":
        return status.meeting_state_in_year(as_of.year) not in MEETING_HELD_OR_PLANNED
    wanted = OVERVIEW_FILTERS.get(what)
    if not wanted:
        return False
    return bool(gap_kinds(status, as_of=as_of) & set(wanted))
