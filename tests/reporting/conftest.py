"""A hand-made history for a few Agder municipalities, and the figures the registry must give for it."""

import pytest

from municipalities.services import fact_retract
from networks.models import Network
from reporting.figures.registry import FIGURES
from tests.factories import record


@pytest.fixture
def agder_network(db, staff_a):
    from municipalities.models import Office

    return Network.objects.create(
        office=Office.objects.get(slug="agder"), slug="lhl-agder", name="Leve hele livet Agder", created_by=staff_a
    )


@pytest.fixture
def scenario(db, staff_a, agder_network):
    """Facts on and one day after the reference dates, retractions, meetings outside the year, a plan adopted
    without areas considered, a left network, withdrawn and late priorities."""
    u = staff_a

    def r(number, fact, value, date, detail="", **kw):
        if fact == "network":
            kw["network"] = agder_network
        return record(number, fact, value, date, user=u, detail=detail, **kw)

    # Dialogue meetings (detail = the meeting's date).
    r("4201", "dialogue_meeting", "held", "2020-10-15", "2020-10-15")
    r("4202", "dialogue_meeting", "offered", "2020-09-01", "2020-11-20")
    r("4202", "dialogue_meeting", "declined", "2020-11-01", "2020-11-20")  # one day after autumn-2020
    r("4203", "dialogue_meeting", "planned", "2019-11-01", "2019-12-01")  # outside the reference year
    r("4203", "dialogue_meeting", "planned", "2020-11-01", "2020-11-15")  # recorded as of one day after
    r("4204", "dialogue_meeting", "cancelled", "2020-10-01", "2020-10-01")  # offered, then cancelled
    r("4205", "dialogue_meeting", "held", "2020-10-31", "2020-10-31")  # on the reference date
    r("4205", "dialogue_meeting", "planned", "2021-03-01", "2021-06-01")
    # Decisions.
    r("4201", "decision", "process_described", "2020-10-31", "20/1")  # on the reference date
    r("4202", "decision", "plan_adopted", "2020-11-01", "20/2")  # one day after; no areas_considered
    retracted = r("4203", "decision", "plan_adopted", "2020-06-01", "20/3")
    fact_retract(fact=retracted, reason="Feil kommune", user=u)
    r("4206", "decision", "plan_adopted", "2021-02-01", "21/6")
    r("4206", "areas_considered", "yes", "2021-02-01")
    r("4207", "decision", "plan_adopted", "2021-02-15", "21/7")
    r("4207", "areas_considered", "no", "2021-02-15")
    # Networks.
    r("4201", "network", "participating", "2021-01-01")
    r("4202", "network", "planned", "2021-01-01")
    r("4206", "network", "participating", "2020-10-01")
    r("4206", "network", "none", "2021-03-01")  # left the network
    r("4207", "network", "participating", "2021-05-01")  # one day after spring-2021
    # Plan anchoring.
    r("4201", "samfunnsdel", "planned", "2021-01-15")
    r("4201", "action_plan", "anchored", "2021-01-15")
    r("4202", "samfunnsdel", "anchored", "2021-02-01")
    r("4206", "samfunnsdel", "none", "2021-02-01")
    r("4207", "other_plans", "planned", "2021-03-01")
    r("4211", "action_plan", "none", "2021-03-01")
    # Phases and priorities.
    r("4201", "phase", "3", "2021-04-30")
    r("4201", "priority", "yes", "2021-04-30", "det-gode-maltidet")
    r("4201", "priority", "yes", "2021-04-30", "maltidstider")
    r("4201", "priority", "yes", "2021-04-30", "aktivitet")
    r("4202", "phase", "2", "2020-11-05")
    r("4202", "priority", "yes", "2021-01-01", "trygge-overganger")  # phase 2: not counted
    r("4206", "phase", "3", "2021-02-01")
    r("4206", "priority", "yes", "2021-01-01", "hverdagsmestring")
    r("4206", "priority", "no", "2021-03-01", "hverdagsmestring")  # withdrawn
    r("4206", "priority", "yes", "2021-02-01", "det-gode-maltidet")
    r("4206", "priority", "yes", "2021-05-01", "kontaktperson")  # one day after
    phase = r("4207", "phase", "3", "2021-02-15")
    fact_retract(fact=phase, reason="Registrert ved en feil", user=u)
    r("4207", "priority", "yes", "2021-02-15", "sammenheng")
    r("4211", "phase", "2", "2020-01-01")
    r("4211", "phase", "3", "2021-05-01")  # one day after: still phase 2
    return u


def counts(**nonzero) -> dict[str, int]:
    return {key: nonzero.get(key, 0) for key in FIGURES}


AUTUMN_2020 = counts(
    dialogue_offered=4,  # 4201, 4202, 4204 (cancelled), 4205 (on the date)
    dialogue_meetings=2,  # 4201, 4205
    plan_or_process=1,  # 4201 (on the date); 4202 a day late; 4203 retracted
    decided_or_in_process=1,
    in_networks_or_planned=1,  # 4206, before it left
    in_networks=1,
    phase_2=1,  # 4211
    phase_not_assessed=24,
)
SPRING_2021 = counts(
    dialogue_offered=1,  # 4205's meeting in June 2021
    dialogue_meetings=1,
    plan_or_process=4,  # 4201, 4202, 4206, 4207
    decided_or_in_process=2,  # 4201 (process), 4206 (plan + areas); not 4202 (no areas), 4207 (areas no)
    plan_adopted=3,  # 4202, 4206, 4207
    in_networks_or_planned=2,  # 4201, 4202; 4206 left; 4207 a day late
    in_networks=1,
    samfunnsdel_anchored_or_planned=2,  # 4201, 4202
    other_plans_anchored_or_planned=2,  # 4201 (action plan), 4207 (other plans)
    phase_2=2,  # 4202, 4211
    phase_3=2,  # 4201 (on the date), 4206; 4207 retracted
    phase_not_assessed=21,
)
SPRING_2021_PRIORITIES = {"det-gode-maltidet": 2, "maltidstider": 1, "mat": 2, "aktivitet": 1}
