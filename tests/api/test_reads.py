"""The API's reads answer exactly what the commands print for the same arguments, page by page, with the data
version in the ETag and 304 for a conditional request that finds nothing changed."""

import csv
import datetime
import io
import json

import pytest

from reporting.grants.services import grant_confirmation_record
from reporting.models import ReportingPeriod
from reporting.reports.services import report_submit, report_texts_save
from tests.factories import record


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _all_pages(api, path: str, params: dict) -> tuple[list[dict], dict]:
    """Every row of a list, following `next`; also the first page's other members."""
    first = api.get(path, params)
    assert first.status_code == 200, first.content
    data = first.json()
    rows = list(data["results"])
    url = data["next"]
    while url:
        page = api.get(url.removeprefix("http://testserver"))
        assert page.status_code == 200
        rows += page.json()["results"]
        url = page.json()["next"]
    assert len(rows) == data["count"]
    return rows, data


# ---- figures ---------------------------------------------------------------------------------------------------


def test_figures_are_exactly_what_report_figures_prints(scenario, hdir_api, run):
    record("4201", "phase", "2", "2021-10-01", user=scenario)  # and one change between spring and autumn
    code, out, _err = run("report_figures", "--period", "autumn-2021")
    assert code == 0
    response = hdir_api.get("/api/v1/figures/", {"period": "autumn-2021"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == json.loads(out)
    assert response.content.decode() == out  # written the same way too: sorted keys, the same indent
    agder = response.json()["offices"]["agder"]
    assert (agder["phase_2"]["count"], agder["phase_3"]["count"]) == (2, 2)  # 4202, 4201; 4206, 4211


@pytest.mark.parametrize(
    "args",
    [
        {"period": "spring-2021", "office": "agder"},
        {"period": "autumn-2020", "as_of": "2020-11-01"},
        {"period": "spring-2021", "known_at": "2021-01-01T00:00:00"},
    ],
)
def test_figures_take_the_commands_arguments(scenario, hdir_api, run, args):
    command = ["report_figures"]
    for name, value in args.items():
        command += [f"--{name.replace('_', '-')}", value]
    _code, out, _err = run(*command)
    assert hdir_api.get("/api/v1/figures/", args).json() == json.loads(out)


def test_submitted_figures_are_what_report_figures_submitted_prints(staff_a, office_a, hdir_api, run):
    spring = ReportingPeriod.objects.get(slug="spring-2021")
    record("0301", "phase", "3", "2021-04-01", user=staff_a)
    report_texts_save(office=office_a, period=spring, texts={"assessment": "God fremdrift."}, user=staff_a, round=0)
    report_submit(office=office_a, period=spring, user=staff_a)
    record("3001", "phase", "3", "2021-04-01", user=staff_a)  # after the submission: live only
    _code, out, _err = run("report_figures", "--period", "spring-2021", "--submitted")
    data = hdir_api.get("/api/v1/figures/", {"period": "spring-2021", "submitted": "true"}).json()
    assert data == json.loads(out)
    oslo = data["offices"]["oslo-og-viken"]
    assert (oslo["source"], oslo["version"], oslo["phase_3"]["count"]) == ("submitted", 1, 1)
    live = hdir_api.get("/api/v1/figures/", {"period": "spring-2021"}).json()
    assert live["offices"]["oslo-og-viken"]["phase_3"]["count"] == 2


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({}, "period", "oppgi perioden"),
        ({"period": "winter-2030"}, "period", "ukjent periode «winter-2030»"),
        ({"period": "autumn-2021", "office": "oslo"}, "office", "ukjent embete «oslo»"),
        ({"period": "autumn-2021", "as_of": "31.10.2021"}, "as_of", "ikke en dato på formen ÅÅÅÅ-MM-DD"),
        ({"period": "autumn-2021", "as_of": "2017-12-31"}, "as_of", "datoen kan ikke være før 1. januar 2018"),
        ({"period": "autumn-2021", "known_at": "i går"}, "known_at", "ikke et tidspunkt"),
        ({"period": "autumn-2021", "submitted": "kanskje"}, "submitted", "skriv true eller false"),
    ],
)
def test_bad_parameters_are_a_norwegian_problem_naming_the_parameter(hdir_api, params, field, message):
    response = hdir_api.get("/api/v1/figures/", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert problem["title"] == "Ugyldig forespørsel"
    assert [e["field"] for e in problem["errors"]] == [field]
    assert message in problem["detail"]


# ---- status ----------------------------------------------------------------------------------------------------


def test_status_of_every_municipality_equals_export_status(scenario, hdir_api, run):
    record(
        "0301",
        "decision",
        "process_described",
        "2021-03-01",
        user=scenario,
        detail="21/1",
        target_date=datetime.date(2022, 6, 1),
    )
    _code, out, _err = run("export_status", "--as-of", "2021-04-30")
    expected = _csv(out)
    rows, first = _all_pages(hdir_api, "/api/v1/status/", {"as_of": "2021-04-30"})
    assert (first["as_of"], first["known_at"], first["count"]) == ("2021-04-30", None, 356)
    assert len(first["results"]) == 100  # a page holds 100 unless page_size says otherwise
    as_csv = [{**row, "networks": str(row["networks"]), "priorities": ";".join(row["priorities"])} for row in rows]
    assert as_csv == expected
    by_number = {row["kommunenummer"]: row for row in rows}
    assert by_number["4201"]["priorities"] == ["aktivitet", "det-gode-maltidet", "maltidstider"]
    assert by_number["0301"]["decision"] == "process_described"


def test_status_list_in_one_page_for_an_office_and_as_known_at(scenario, hdir_api, run):
    _code, out, _err = run("export_status", "--as-of", "2021-04-30", "--office", "agder")
    data = hdir_api.get("/api/v1/status/", {"as_of": "2021-04-30", "office": "agder", "page_size": 500}).json()
    assert data["count"] == 25
    assert data["next"] is None
    assert [r["kommunenummer"] for r in data["results"]] == [r["kommunenummer"] for r in _csv(out)]
    before = hdir_api.get("/api/v1/status/", {"as_of": "2021-04-30", "known_at": "2019-01-01T00:00"}).json()
    assert before["known_at"] == "2019-01-01T00:00:00+01:00"  # a time without zone is Norwegian time
    assert {r["phase"] for r in before["results"]} == {""}


def test_status_list_takes_a_constant_number_of_queries(scenario, hdir_api, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = hdir_api.get("/api/v1/status/", {"as_of": "2021-04-30", "page_size": 500})
    assert response.json()["count"] == 356


def test_one_municipalitys_status_with_its_current_facts_and_version(scenario, hdir_api, run):
    _code, out, _err = run("export_status", "--as-of", "2021-04-30", "--office", "agder")
    expected = next(r for r in _csv(out) if r["kommunenummer"] == "4206")
    data = hdir_api.get("/api/v1/municipalities/4206/status/", {"as_of": "2021-04-30"}).json()
    assert data["status"]["priorities"] == expected["priorities"].split(";")
    assert data["status"]["phase"] == expected["phase"] == "3"
    assert data["status_version"] > 0
    current = {(f["fact"], f["detail"]): (f["value"], f["effective_date"]) for f in data["current_facts"]}
    assert current[("network", "agder/lhl-agder")] == ("none", "2021-03-01")
    assert current[("priority", "hverdagsmestring")] == ("no", "2021-03-01")
    assert ("priority", "kontaktperson") not in current  # effective a day later


def test_unknown_municipality_is_a_404_problem(hdir_api):
    response = hdir_api.get("/api/v1/municipalities/9999/status/")
    assert response.status_code == 404
    assert response.json()["title"] == "Finnes ikke"


# ---- history, reference data -------------------------------------------------------------------------------------


def test_fact_history_newest_first_with_retractions(scenario, hdir_api):
    rows, first = _all_pages(hdir_api, "/api/v1/municipalities/4207/facts/", {"page_size": 2})
    assert first["count"] == 6
    assert [(r["fact"], r["effective_date"]) for r in rows][:2] == [
        ("network", "2021-05-01"),
        ("other_plans", "2021-03-01"),
    ]
    phase = next(r for r in rows if r["fact"] == "phase")
    assert phase["retraction"]["reason"] == "Registrert ved en feil"
    assert phase["retraction"]["recorded_by"] == "staff-a"
    assert phase["recorded_by"] == "staff-a"
    assert phase["source"] == "test"


def test_offices_counties_and_municipalities(hdir_api):
    offices = hdir_api.get("/api/v1/offices/").json()
    assert offices["count"] == 10
    assert offices["results"][0] == {
        "slug": "oslo-og-viken",
        "region": "Oslo og Viken",
        "title": "Statsforvalteren i Oslo og Viken",
        "position": 1,
        "counties": ["03", "30"],
        "municipality_count": 52,
    }
    assert hdir_api.get("/api/v1/offices/agder/").json()["municipality_count"] == 25
    assert hdir_api.get("/api/v1/offices/finnes-ikke/").status_code == 404
    counties = hdir_api.get("/api/v1/counties/").json()
    assert counties["count"] == 11
    assert {"number": "03", "name": "Oslo", "office": "oslo-og-viken"} in counties["results"]
    municipalities = hdir_api.get("/api/v1/municipalities/", {"county": "30", "page_size": 500}).json()
    assert municipalities["count"] == 51
    oslo = hdir_api.get("/api/v1/municipalities/0301/").json()
    assert oslo == {
        "kommunenummer": "0301",
        "navn": "Oslo",
        "county": "03",
        "office": "oslo-og-viken",
        "population": oslo["population"],
        "status_version": 0,
    }
    assert hdir_api.get("/api/v1/municipalities/", {"office": "agder"}).json()["count"] == 25


# ---- reports, grants ---------------------------------------------------------------------------------------------


def test_report_states_per_office_and_period(staff_a, office_a, hdir_api):
    spring = ReportingPeriod.objects.get(slug="spring-2021")
    report_texts_save(office=office_a, period=spring, texts={"assessment": "Utkast."}, user=staff_a, round=0)
    _rows, first = _all_pages(hdir_api, "/api/v1/reports/", {})
    assert first["count"] == 10 * ReportingPeriod.objects.count()
    spring_rows = hdir_api.get("/api/v1/reports/", {"period": "spring-2021"}).json()["results"]
    assert [r["office"] for r in spring_rows][:2] == ["oslo-og-viken", "innlandet"]
    assert (spring_rows[0]["status"], spring_rows[1]["status"]) == ("draft", "not_started")
    report_submit(office=office_a, period=spring, user=staff_a)
    one = hdir_api.get("/api/v1/reports/", {"period": "spring-2021", "office": "oslo-og-viken"}).json()["results"]
    assert len(one) == 1
    assert (one[0]["status"], one[0]["version"]) == ("submitted", 1)
    assert one[0]["submitted_at"] is not None


def test_grant_priority_rows_are_the_commands_columns(scenario, hdir_api, run, staff_a):
    from municipalities.models import Municipality

    grant_confirmation_record(
        municipality=Municipality.objects.get(number="4206"),
        year=2021,
        as_of=datetime.date(2021, 2, 15),
        confirmed=True,
        reason="Bekreftet i møte",
        user=staff_a,
    )
    _code, out, _err = run("grant_priority", "--year", "2021", "--as-of", "2021-04-30", "--office", "agder")
    expected = _csv(out)
    data = hdir_api.get("/api/v1/grant-priority/", {"year": 2021, "as_of": "2021-04-30", "office": "agder"}).json()
    assert (data["year"], data["as_of"], data["count"]) == (2021, "2021-04-30", 25)

    def as_csv(row):
        def text(value):
            return "" if value is None else ("yes" if value is True else "no" if value is False else value)

        return {key: text(value) for key, value in row.items()}

    assert [as_csv(row) for row in data["results"]] == expected
    confirmed = next(r for r in data["results"] if r["kommunenummer"] == "4206")
    assert (confirmed["confirmed"], confirmed["reason"]) == (True, "Bekreftet i møte")
    unconfirmed = next(r for r in data["results"] if r["kommunenummer"] == "4201")
    assert (unconfirmed["confirmed"], unconfirmed["reason"], unconfirmed["confirmation_stale"]) == (None, None, None)


def test_grant_priority_needs_a_year_in_range(hdir_api):
    assert "oppgi året" in hdir_api.get("/api/v1/grant-priority/").json()["detail"]
    problem = hdir_api.get("/api/v1/grant-priority/", {"year": "2030"}).json()
    assert problem["errors"] == [{"field": "year", "message": "året må være mellom 2021 og 2023 (fikk «2030»)"}]


# ---- ETag and 304 -----------------------------------------------------------------------------------------------


def test_etag_carries_the_data_version_and_a_conditional_request_gets_304(staff_a, hdir_api):
    from reporting.dashboard.selectors import data_version

    first = hdir_api.get("/api/v1/status/", {"as_of": "2021-04-30"})
    etag = first["ETag"]
    assert etag.startswith(f'"{data_version()}.')
    assert first["Cache-Control"] == "private, no-cache"
    assert "Authorization" in first["Vary"]
    again = hdir_api.get("/api/v1/status/", {"as_of": "2021-04-30"}, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    record("0301", "phase", "2", "2021-03-01", user=staff_a)
    changed = hdir_api.get("/api/v1/status/", {"as_of": "2021-04-30"}, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed["ETag"].startswith(f'"{data_version()}.')


def test_an_answer_the_data_version_does_not_count_still_changes_its_etag(staff_a, office_a, hdir_api):
    """The data version counts every write the answers show (a report's first text moves it out of «not
    started»: a report edit); under one data version, the answer's own digest still tells two answers apart."""
    spring = ReportingPeriod.objects.get(slug="spring-2021")
    first = hdir_api.get("/api/v1/reports/", {"period": "spring-2021"})
    report_texts_save(office=office_a, period=spring, texts={"assessment": "Utkast."}, user=staff_a, round=0)
    second = hdir_api.get("/api/v1/reports/", {"period": "spring-2021"}, headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    other = hdir_api.get("/api/v1/reports/", {"period": "autumn-2021"})
    assert other["ETag"].split(".")[0] == second["ETag"].split(".")[0]
    assert other["ETag"] != second["ETag"]


def test_figures_answer_304_too(hdir_api):
    first = hdir_api.get("/api/v1/figures/", {"period": "autumn-2021"})
    assert (
        hdir_api.get(
            "/api/v1/figures/", {"period": "autumn-2021"}, headers={"If-None-Match": first["ETag"]}
        ).status_code
        == 304
    )
