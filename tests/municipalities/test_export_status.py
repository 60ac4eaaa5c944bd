"""export_status and the status rows behind it (also the .xlsx download)."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command

from municipalities.exporting import STATUS_COLUMNS, status_rows, status_workbook_bytes
from municipalities.models import Municipality
from municipalities.services import FactInput, facts_record
from networks.models import Network
from tests.factories import record
from tests.workbook_checks import assert_finished, no_codes, table, table_rows

STATUS_HEADERS = (
    "Kommunenummer",
    "Kommune",
    "Dialogmøte i 2021",
    "Politisk vedtak",
    "Vedtaksdato (plan vedtatt)",
    "Planlagt vedtaksdato (prosess beskrevet)",
    "Tatt stilling til innsatsområder og løsninger",
    "Medvirkning fra innbyggere",
    "Forankret i kommuneplanens samfunnsdel",
    "Forankret i handlingsplan/økonomiplan",
    "Forankret i andre planer",
    "Fase",
    "Nettverk",
    "Prioriterte innsatsområder og løsninger",
)
HEADER = (
    "kommunenummer,navn,office,dialogue_meeting,decision,areas_considered,involvement,samfunnsdel,"
    "action_plan,other_plans,phase,networks,priorities"
)


@pytest.fixture
def export_status(db, capsys):
    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            call_command("export_status", *args)
            code = 0
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


def rows_by_number(text: str) -> dict[str, dict[str, str]]:
    return {r["kommunenummer"]: r for r in csv.DictReader(io.StringIO(text))}


def test_header_and_356_rows_sorted_by_number(export_status):
    code, out, err = export_status("--as-of", "2021-04-30")
    assert (code, err) == (0, "")
    lines = out.split("\n")
    assert lines[0] == HEADER
    assert lines[-1] == ""  # every line ends in \n
    rows = rows_by_number(out)
    assert len(rows) == 356
    assert list(rows) == sorted(rows)
    assert next(iter(rows)) == "0301"
    assert rows["0301"]["navn"] == "Oslo"
    assert rows["0301"]["office"] == "oslo-og-viken"
    assert rows["3401"]["office"] == "innlandet"
    assert "\r" not in out


def test_never_recorded_facts(export_status):
    row = rows_by_number(export_status("--as-of", "2021-04-30")[1])["4201"]
    assert {c: row[c] for c in STATUS_COLUMNS[3:]} == {
        "dialogue_meeting": "none",
        "decision": "none",
        "areas_considered": "",
        "involvement": "",
        "samfunnsdel": "none",
        "action_plan": "none",
        "other_plans": "none",
        "phase": "",
        "networks": "0",
        "priorities": "",
    }


def test_values_of_recorded_facts(export_status, staff_a):
    vest = Network.objects.create(office=staff_a.office, slug="vest", name="Vest", created_by=staff_a)
    ost = Network.objects.create(office=staff_a.office, slug="ost", name="Øst", created_by=staff_a)
    nord = Network.objects.create(office=staff_a.office, slug="nord", name="Nord", created_by=staff_a)
    record("0301", "decision", "process_described", "2020-11-05", user=staff_a, detail="20/1")
    record("0301", "decision", "plan_adopted", "2021-03-18", user=staff_a, detail="21/2")
    record("0301", "areas_considered", "yes", "2021-03-18", user=staff_a)
    record("0301", "involvement", "no", "2021-03-18", user=staff_a)
    record("0301", "samfunnsdel", "planned", "2021-03-18", user=staff_a)
    record("0301", "action_plan", "anchored", "2021-03-18", user=staff_a)
    record("0301", "other_plans", "anchored", "2021-05-01", user=staff_a)  # the day after: not yet
    record("0301", "phase", "3", "2021-04-30", user=staff_a)
    record("0301", "network", "participating", "2021-02-01", user=staff_a, network=vest)
    record("0301", "network", "planned", "2021-02-01", user=staff_a, network=ost)
    record("0301", "network", "participating", "2020-10-01", user=staff_a, network=nord)
    record("0301", "network", "none", "2021-03-01", user=staff_a, network=nord)
    record("0301", "priority", "yes", "2021-04-30", user=staff_a, detail="hverdagsmestring")
    record("0301", "priority", "yes", "2021-04-30", user=staff_a, detail="det-gode-maltidet")
    record("0301", "priority", "yes", "2021-04-01", user=staff_a, detail="tro-og-liv")
    record("0301", "priority", "no", "2021-04-20", user=staff_a, detail="tro-og-liv")
    row = rows_by_number(export_status("--as-of", "2021-04-30", "--office", "oslo-og-viken")[1])["0301"]
    assert {c: row[c] for c in STATUS_COLUMNS} == {
        "kommunenummer": "0301",
        "navn": "Oslo",
        "office": "oslo-og-viken",
        "dialogue_meeting": "none",
        "decision": "plan_adopted",
        "areas_considered": "yes",
        "involvement": "no",
        "samfunnsdel": "planned",
        "action_plan": "anchored",
        "other_plans": "none",
        "phase": "3",
        "networks": "2",
        "priorities": "det-gode-maltidet;hverdagsmestring",
    }


@pytest.mark.parametrize(
    ("meetings", "expected"),
    [
        # (meeting date, state, effective date)
        ([("2021-03-01", "held", "2021-03-01"), ("2021-11-01", "planned", "2021-02-01")], "held"),
        ([("2021-11-01", "planned", "2021-02-01"), ("2021-02-01", "offered", "2021-01-10")], "planned"),
        ([("2021-02-01", "offered", "2021-01-10"), ("2021-03-01", "declined", "2021-01-10")], "offered"),
        ([("2021-03-01", "declined", "2021-01-10")], "declined"),
        ([("2021-03-01", "cancelled", "2021-02-20")], "none"),
        ([("2021-03-01", "held", "2021-03-01"), ("2021-03-01", "cancelled", "2021-04-01")], "none"),
        ([("2020-10-15", "held", "2020-10-15")], "none"),  # last year's meeting
        ([("2021-03-01", "held", "2021-05-01")], "none"),  # recorded as held only after the as-of date
    ],
)
def test_dialogue_meeting_is_the_furthest_state_in_the_year(export_status, staff_a, meetings, expected):
    for meeting_date, state, effective in meetings:
        record("0301", "dialogue_meeting", state, effective, user=staff_a, detail=meeting_date)
    row = rows_by_number(export_status("--as-of", "2021-04-30", "--office", "oslo-og-viken")[1])["0301"]
    assert row["dialogue_meeting"] == expected


def test_office_option_limits_the_rows(export_status):
    rows = rows_by_number(export_status("--as-of", "2021-04-30", "--office", "agder")[1])
    assert len(rows) == 25
    assert {r["office"] for r in rows.values()} == {"agder"}


@pytest.mark.parametrize(
    "args",
    [("--as-of", "30.04.2021"), ("--as-of", "2021-04-30", "--office", "atlantis"), ()],
)
def test_bad_arguments_exit_2(export_status, args):
    code, out, err = export_status(*args)
    assert code == 2
    assert out == ""
    assert err.startswith("error: ")


def _facts_for(office_slugs: list[str], user) -> None:
    items = []
    for m in Municipality.objects.filter(office__slug__in=office_slugs):
        items += [
            FactInput(m, "phase", "2", datetime.date(2020, 6, 1)),
            FactInput(m, "dialogue_meeting", "held", datetime.date(2021, 3, 1), detail="2021-03-01"),
            FactInput(m, "priority", "yes", datetime.date(2021, 3, 1), detail="hverdagsmestring"),
        ]
    facts_record(items=items, user=user, source="test")


@pytest.mark.parametrize("offices", [["agder"], ["agder", "oslo-og-viken", "innlandet", "nordland"]])
def test_status_rows_query_count_is_constant(django_assert_max_num_queries, staff_a, offices):
    _facts_for(offices, staff_a)
    qs = Municipality.objects.filter(office__slug__in=offices)
    with django_assert_max_num_queries(2):
        rows = list(status_rows(qs, datetime.date(2021, 4, 30)))
    assert len(rows) == qs.count()
    assert {(r.phase, r.dialogue_meeting, r.priorities) for r in rows} == {("2", "held", "hverdagsmestring")}


def test_known_at_gives_the_export_as_it_stood(staff_a):
    first = record("0301", "phase", "2", "2020-06-01", user=staff_a)
    record("0301", "phase", "3", "2021-01-04", user=staff_a)
    qs = Municipality.objects.filter(number="0301")
    assert next(status_rows(qs, datetime.date(2021, 4, 30), known_at=first.recorded_at)).phase == "2"
    assert next(status_rows(qs, datetime.date(2021, 4, 30))).phase == "3"


def test_workbook_has_the_same_rows_in_norwegian(staff_a):
    record("0301", "phase", "3", "2021-04-30", user=staff_a)
    record("0301", "priority", "yes", "2021-04-30", user=staff_a, detail="hverdagsmestring")
    record("3001", "decision", "plan_adopted", "2021-02-01", user=staff_a, detail="21/7")
    record("3002", "decision", "process_described", "2021-02-01", user=staff_a, target_date=datetime.date(2021, 11, 30))
    record("3003", "decision", "none", "2021-02-01", user=staff_a)
    qs = Municipality.objects.filter(office__slug="oslo-og-viken")
    created = datetime.datetime(2021, 5, 1, 12, 0, tzinfo=datetime.UTC)
    data = status_workbook_bytes(qs, datetime.date(2021, 4, 30), created=created)
    assert data == status_workbook_bytes(qs, datetime.date(2021, 4, 30), created=created)
    wb = assert_finished(data, footer=("Statsforvalteren i Oslo og Viken", "Status per 30.04.2021"))
    assert wb.sheetnames == ["Status", "Mangler", "Forklaring"]
    rows = list(wb["Status"].iter_rows(values_only=True))
    assert rows[0] == STATUS_HEADERS
    assert len(rows) == 1 + 52
    by_number = {r[0]: dict(zip(STATUS_HEADERS, r, strict=True)) for r in rows[1:]}
    oslo = by_number["0301"]
    assert oslo["Kommune"] == "Oslo"
    assert "Embete" not in oslo  # one office: its name is in the title and the footer
    assert oslo["Fase"] == "Fase 3 – gjennomføring"
    assert oslo["Prioriterte innsatsområder og løsninger"] == "Hverdagsmestring"
    # never recorded is «Ikke registrert», kept apart from a recorded «no»
    assert oslo["Politisk vedtak"] == "Ikke registrert"
    assert by_number["3003"]["Politisk vedtak"] == "Ingen vedtak"
    assert oslo["Forankret i kommuneplanens samfunnsdel"] == "Ikke registrert"
    assert by_number["3001"]["Fase"] == "Ikke vurdert"
    # the decision date of an adopted plan, the target date of a described process, each in its own column
    assert by_number["3001"]["Vedtaksdato (plan vedtatt)"] == datetime.datetime(2021, 2, 1)
    assert by_number["3001"]["Politisk vedtak"] == "Plan vedtatt (saksnummer 21/7)"
    assert by_number["3002"]["Vedtaksdato (plan vedtatt)"] is None
    assert by_number["3002"]["Planlagt vedtaksdato (prosess beskrevet)"] == datetime.datetime(2021, 11, 30)
    # what is missing is the one gap definition's
    missing = [(r["Kommunenummer"], r["Mangler"]) for r in table(wb["Mangler"])]
    assert ("0301", "Uten politisk vedtak") in missing
    assert ("0301", "Fase ikke vurdert") not in missing
    assert ("3001", "Fase ikke vurdert") in missing
    explained = wb["Forklaring"]
    assert explained["B2"].value == datetime.datetime(2021, 4, 30)
    texts = {r[0]: r[1] for r in table_rows(explained)}
    assert {f"Status: {header}" for header in STATUS_HEADERS} <= set(texts)
    assert "«Plan vedtatt»" in texts["Status: Politisk vedtak"]
    assert "«Ikke registrert»" in texts["Status: Politisk vedtak"]
    assert no_codes(wb["Status"]) == []


def test_municipality_names_are_exact(export_status):
    rows = rows_by_number(export_status("--as-of", "2021-04-30")[1])
    assert {n: r["navn"] for n, r in rows.items()} == dict(Municipality.objects.values_list("number", "name"))
