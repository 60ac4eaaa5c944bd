import datetime

import pytest
from django.utils import timezone

from municipalities.models import Municipality
from reporting.figures.registry import FIGURE_KEYS, FIGURES, PRIORITIES_KEY, FigureEntry, figure_members, figure_table
from tests.factories import record
from tests.reporting.conftest import AUTUMN_2020, SPRING_2021, SPRING_2021_PRIORITIES

AUTUMN_2020_DATE = datetime.date(2020, 10, 31)
SPRING_2021_DATE = datetime.date(2021, 4, 30)


def numbers(_entry, ids):
    by_id = dict(Municipality.objects.filter(pk__in=ids).values_list("pk", "number"))
    return sorted(by_id[i] for i in ids)


def test_autumn_2020_figures_for_the_scenario(scenario):
    table = figure_table(as_of=AUTUMN_2020_DATE)
    agder = table.offices["agder"]
    assert agder.municipalities == 25
    assert agder.counts == AUTUMN_2020
    assert numbers(agder, agder.members["dialogue_offered"]) == ["4201", "4202", "4204", "4205"]
    assert numbers(agder, agder.members["dialogue_meetings"]) == ["4201", "4205"]
    assert numbers(agder, agder.members["plan_or_process"]) == ["4201"]


def test_spring_2021_figures_for_the_scenario(scenario):
    table = figure_table(as_of=SPRING_2021_DATE)
    agder = table.offices["agder"]
    assert agder.counts == SPRING_2021
    assert numbers(agder, agder.members["decided_or_in_process"]) == ["4201", "4206"]
    assert numbers(agder, agder.members["in_networks_or_planned"]) == ["4201", "4202"]
    assert numbers(agder, agder.members["phase_3"]) == ["4201", "4206"]
    assert agder.share("plan_or_process") == 4 / 25


def test_phase3_priorities_count_areas_once_through_their_solutions(scenario):
    agder = figure_table(as_of=SPRING_2021_DATE).offices["agder"]
    assert len(agder.priorities) == 30
    assert {c: n for c, n in agder.priorities.items() if n} == SPRING_2021_PRIORITIES
    assert numbers(agder, agder.priority_members["mat"]) == ["4201", "4206"]


def test_a_day_later_the_late_facts_count(scenario):
    agder = figure_table(as_of=datetime.date(2021, 5, 1)).offices["agder"]
    assert agder.counts["phase_3"] == 3  # 4208 moved to phase 3
    assert agder.counts["in_networks"] == 2  # 4207 joined
    assert agder.priorities["kontaktperson"] == 1
    assert agder.priorities["sammenheng"] == 1


def test_national_is_the_whole_country_and_other_offices_are_zero(scenario):
    table = figure_table(as_of=SPRING_2021_DATE)
    assert table.national.municipalities == 356
    assert {k: v for k, v in table.national.counts.items() if k != "phase_not_assessed"} == {
        k: v for k, v in SPRING_2021.items() if k != "phase_not_assessed"
    }
    assert table.national.counts["phase_not_assessed"] == 356 - 4
    assert next(iter(table.offices)) == "oslo-og-viken"
    assert len(table.offices) == 10
    assert table.offices["innlandet"].counts["plan_or_process"] == 0


def test_known_at_before_the_facts_were_recorded_sees_nothing(scenario):
    table = figure_table(as_of=SPRING_2021_DATE, known_at=timezone.now() - datetime.timedelta(days=1))
    assert table.offices["agder"].counts["plan_or_process"] == 0
    assert table.offices["agder"].counts["phase_not_assessed"] == 25


def test_a_retraction_recorded_after_known_at_does_not_apply_yet(db, staff_a):
    from municipalities.services import fact_retract

    fact = record("4201", "phase", "3", "2021-01-01", user=staff_a)
    between = timezone.now()
    fact_retract(fact=fact, reason="Feil", user=staff_a)
    assert figure_table(as_of=SPRING_2021_DATE).offices["agder"].counts["phase_3"] == 0
    assert figure_table(as_of=SPRING_2021_DATE, known_at=between).offices["agder"].counts["phase_3"] == 1


def test_a_set_of_municipalities_counts_only_those(scenario):
    chosen = Municipality.objects.filter(number__in=["4201", "4202"])
    table = figure_table(as_of=SPRING_2021_DATE, municipalities=chosen)
    assert table.national.municipalities == 2
    assert table.national.counts["plan_or_process"] == 2
    assert table.offices["agder"].municipalities == 2
    assert table.offices["innlandet"].municipalities == 0
    assert table.offices["innlandet"].share("plan_or_process") == 0.0


def test_members_are_listed_in_norwegian_order(scenario):
    agder = figure_table(as_of=SPRING_2021_DATE).offices["agder"]
    assert [m.name for m in figure_members(agder, "plan_adopted")] == ["Farsund", "Flekkefjord", "Grimstad"]
    assert [m.name for m in figure_members(agder, PRIORITIES_KEY, "mat")] == ["Farsund", "Risør"]
    assert figure_members(agder, PRIORITIES_KEY, "no-such-code") is None
    assert figure_members(agder, "no-such-figure") is None


def test_entries_round_trip_through_json_and_sum(scenario):
    table = figure_table(as_of=SPRING_2021_DATE)
    again = [FigureEntry.from_json(e.as_json()) for e in table.offices.values()]
    assert FigureEntry.total(again).as_json() == table.national.as_json()


def test_every_figure_key_is_known():
    assert (*FIGURES, "phase3_priorities") == FIGURE_KEYS
    assert len(FIGURES) == 12


def _facts_for(count: int, user, network) -> None:
    numbers = list(Municipality.objects.order_by("number").values_list("number", flat=True)[:count])
    for number in numbers:
        record(number, "decision", "plan_adopted", "2021-01-01", user=user)
        record(number, "phase", "3", "2021-01-01", user=user)
        record(number, "priority", "yes", "2021-01-01", user=user, detail="hverdagsmestring")
        record(number, "dialogue_meeting", "held", "2021-01-01", user=user, detail="2021-01-01")
        record(number, "network", "planned", "2021-01-01", user=user, network=network)


@pytest.mark.parametrize("count", [3, 30])
def test_a_whole_period_takes_a_constant_number_of_queries(count, staff_a, agder_network, django_assert_num_queries):
    _facts_for(count, staff_a, agder_network)
    with django_assert_num_queries(5):
        table = figure_table(as_of=SPRING_2021_DATE)
    assert table.national.counts["phase_3"] == count
    assert table.national.priorities["helsehjelp"] == count
    assert table.national.counts["in_networks_or_planned"] == count


def test_figure_tables_on_several_dates_equal_figure_table_on_each(db, staff_a, django_assert_max_num_queries):
    import datetime

    from reporting.figures.registry import figure_table, figure_tables
    from tests.factories import record

    record("0301", "phase", "2", "2020-06-01", user=staff_a)
    record("0301", "phase", "3", "2021-04-30", user=staff_a)
    record("3001", "decision", "process_described", "2020-10-31", user=staff_a, target_date=datetime.date(2021, 6, 1))
    later = record("3002", "decision", "plan_adopted", "2021-05-01", user=staff_a)
    from municipalities.services import fact_retract

    fact_retract(fact=later, reason="feil", user=staff_a)
    dates = [datetime.date(2020, 10, 31), datetime.date(2021, 4, 30), datetime.date(2021, 10, 31)]
    with django_assert_max_num_queries(5):
        tables = figure_tables(dates=dates)
    for d in dates:
        single = figure_table(as_of=d)
        assert tables[d].national.as_json() == single.national.as_json()
        assert {k: e.as_json() for k, e in tables[d].offices.items()} == {
            k: e.as_json() for k, e in single.offices.items()
        }
