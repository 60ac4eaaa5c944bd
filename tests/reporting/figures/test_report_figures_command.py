import json

import pytest
from django.core.management import call_command

from municipalities.models import FocusArea, Solution
from reporting.figures.registry import FIGURES
from tests.reporting.conftest import AUTUMN_2020, SPRING_2021, SPRING_2021_PRIORITIES


def run(capsys, *args) -> dict:
    call_command("report_figures", *args)
    out = capsys.readouterr().out
    return json.loads(out), out


def error(capsys, *args) -> str:
    with pytest.raises(SystemExit) as exc:
        call_command("report_figures", *args)
    assert exc.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def test_spring_2021_prints_exactly_the_scenarios_numbers(scenario, capsys):
    data, out = run(capsys, "--period", "spring-2021")
    assert set(data) == {"period", "as_of", "offices", "national"}
    assert data["period"] == "spring-2021"
    assert data["as_of"] == "2021-04-30"
    assert list(data["offices"]) == sorted(data["offices"])  # sorted keys
    assert len(data["offices"]) == 10
    agder = data["offices"]["agder"]
    assert agder["municipalities"] == 25
    assert {key: agder[key]["count"] for key in FIGURES} == SPRING_2021
    for key in FIGURES:
        assert agder[key]["share"] == SPRING_2021[key] / 25
        assert isinstance(agder[key]["share"], float)
    codes = set(FocusArea.objects.values_list("code", flat=True)) | set(Solution.objects.values_list("code", flat=True))
    assert set(agder["phase3_priorities"]) == codes
    assert {c: n for c, n in agder["phase3_priorities"].items() if n} == SPRING_2021_PRIORITIES
    assert data["national"]["municipalities"] == 356
    assert data["national"]["plan_or_process"] == {"count": 4, "share": 4 / 356}
    assert out == json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1) + "\n"


def test_autumn_2020_and_a_chosen_office(scenario, capsys):
    data, _ = run(capsys, "--period", "autumn-2020", "--office", "agder")
    assert data["as_of"] == "2020-10-31"
    assert list(data["offices"]) == ["agder"]
    assert {key: data["offices"]["agder"][key]["count"] for key in FIGURES} == AUTUMN_2020
    assert data["national"]["municipalities"] == 356


def test_as_of_overrides_the_reference_date_and_sets_the_reference_year(scenario, capsys):
    data, _ = run(capsys, "--period", "autumn-2020", "--as-of", "2021-04-30", "--office", "agder")
    assert data["as_of"] == "2021-04-30"
    assert data["period"] == "autumn-2020"
    assert data["offices"]["agder"]["dialogue_offered"]["count"] == SPRING_2021["dialogue_offered"]


def test_known_at_before_the_recording_gives_zeros(scenario, capsys):
    data, _ = run(capsys, "--period", "spring-2021", "--office", "agder", "--known-at", "2020-01-01T00:00:00")
    assert data["offices"]["agder"]["plan_or_process"] == {"count": 0, "share": 0.0}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "winter-2020"], "unknown period"),
        (["--period", "spring-2021", "--office", "nowhere"], "unknown office"),
        (["--period", "spring-2021", "--as-of", "30.04.2021"], "--as-of must be a date"),
        (["--period", "spring-2021", "--known-at", "yesterday"], "--known-at must be"),
    ],
)
def test_bad_arguments_exit_2(db, capsys, args, message):
    err = error(capsys, *args)
    assert err.startswith("error: ")
    assert message in err


def test_the_command_takes_a_constant_number_of_queries(scenario, capsys, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        run(capsys, "--period", "spring-2021", "--office", "agder")
