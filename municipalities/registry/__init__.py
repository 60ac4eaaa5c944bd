"""The fact registry: each kind of status fact defined once (types), the rules every way in applies (rules) and
named questions about a status (questions). It imports no model; the one input builder that applies it to raw
input is municipalities.fact_builder."""

from .rules import EARLIEST_DATE, LATEST_PLANNED_DATE, check_effective_date, effective_date_problem, for_form
from .types import (
    ANCHORED_OR_PLANNED,
    DECIDED,
    FACT_TYPES,
    KEYED_FACTS,
    MEETING_FORMATS,
    MEETING_HELD_OR_PLANNED,
    MEETING_RANK,
    NETWORK_MEMBER_STATES,
    PRIORITISED,
    SINGLE_FACTS,
    UNRECORDED,
    FactType,
    fact_choices,
    fact_type,
    value_label,
)

__all__ = [
    "ANCHORED_OR_PLANNED",
    "DECIDED",
    "EARLIEST_DATE",
    "FACT_TYPES",
    "KEYED_FACTS",
    "LATEST_PLANNED_DATE",
    "MEETING_FORMATS",
    "MEETING_HELD_OR_PLANNED",
    "MEETING_RANK",
    "NETWORK_MEMBER_STATES",
    "PRIORITISED",
    "SINGLE_FACTS",
    "UNRECORDED",
    "FactType",
    "check_effective_date",
    "effective_date_problem",
    "fact_choices",
    "fact_type",
    "for_form",
    "value_label",
]
