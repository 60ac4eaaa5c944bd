"""Named questions about a municipality's status (selectors.MunicipalityStatus), so that figures, gaps, grant
criteria and the map never spell a fact's values themselves."""

from __future__ import annotations

from typing import Any

from .types import ANCHORED_OR_PLANNED, DECIDED, FACT_TYPES, PRIORITISED

Status = Any  # selectors.MunicipalityStatus (the registry imports no models)


def phase(status: Status) -> str | None:
    """ "2", "3", or None (not assessed)."""
    value = status.value("phase")
    return value if value in FACT_TYPES["phase"].values else None


def decision(status: Status) -> str | None:
    return status.value("decision")


def plan_or_process(status: Status) -> bool:
    """A plan adopted, or a process described for how and when one will be."""
    return decision(status) in DECIDED


def plan_adopted(status: Status) -> bool:
    return decision(status) == "plan_adopted"


def process_described(status: Status) -> bool:
    return decision(status) == "process_described"


def areas_considered(status: Status) -> bool:
    return status.value("areas_considered") == "yes"


def anchored_or_planned(status: Status, fact: str) -> bool:
    return status.value(fact) in ANCHORED_OR_PLANNED


def recorded_not_anchored(status: Status, fact: str) -> bool:
    return status.value(fact) == "none"


def anchoring(status: Status, fact: str) -> str:
    """ "anchored", "planned" or "none" (not anchored, or never recorded)."""
    value = status.value(fact)
    return value if value in ANCHORED_OR_PLANNED else "none"


def prioritised(value: str) -> bool:
    return value in PRIORITISED
