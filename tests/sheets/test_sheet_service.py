"""The working sheet: what it holds, and reading an edited one back (service and commands)."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from municipalities.facts import StatusFact
from municipalities.selectors import status_as_of
from municipalities.sheet import (
    SheetRejected,
    office_columns,
    sheet_apply,
    sheet_parse,
    sheet_preview,
)
from networks.models import Network
from tests.factories import municipality, record

from .helpers import edit, edit_raw, export, row_of

FIXED = [
    "kommunenummer",
    "navn",
    "decision",
    "decision_target_date",
    "areas_considered",
    "involvement",
    "samfunnsdel",
    "action_plan",
    "other_plans",
    "phase",
]


@pytest.fixture
def network_a(office_a, staff_a):
    return Network.objects.create(office=office_a, slug="nettverk-ost", name="Nettverk øst", created_by=staff_a)


def today() -> str:
    return timezone.localdate().isoformat()


def test_sheet_has_codes_labels_current_values_and_protection(office_a, staff_a, network_a):
    record("0301", "phase", "2", "2020-06-01", user=staff_a)
    record("0301", "network", "participating", "2020-06-01", user=staff_a, detail="nettverk-ost", network=network_a)
    record("0301", "priority", "yes", "2020-06-01", user=staff_a, detail="mat")
    wb = openpyxl.load_workbook(io.BytesIO(export(office_a)))
    assert wb.sheetnames == ["Status", "Koder", "Portal"]
    assert wb["Portal"].sheet_state == "hidden"
    ws = wb["Status"]
    header = [c.value for c in ws[1]]
    assert header[:10] == FIXED
    assert header[10] == "network:nettverk-ost"
    priorities = header[11:]
    assert len(priorities) == 30
    assert priorities[:2] == ["priority:aldersvennlig", "priority:planlegg-egen-alderdom"]  # area, then its solutions
    assert ws["C2"].value == "Politisk vedtak"
    numbers = [c.value for c in ws["A"][2:]]
    assert numbers == sorted(numbers)
    assert len(numbers) == 52
    oslo = {header[i]: c.value for i, c in enumerate(ws[row_of(export(office_a), "0301")])}
    # The cells speak Norwegian: the values' labels, and «Ikke registrert» where nothing is recorded.
    assert oslo["phase"] == "Fase 2 – planlegging"
    assert oslo["network:nettverk-ost"] == "Deltar"
    assert oslo["priority:mat"] == "Prioritert"
    assert oslo["decision"] == "Ikke registrert"
    assert oslo["decision_target_date"] is None
    assert ws.protection.sheet
    assert ws["A3"].protection.locked
    assert ws["B3"].protection.locked
    assert not ws["C3"].protection.locked
    lists = {str(dv.sqref).split(":")[0][:-1]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["C"] == '"Ingen vedtak,Prosess beskrevet,Plan vedtatt"'
    codes = [row[1] for row in wb["Koder"].iter_rows(values_only=True)]
    assert "process_described" in codes
    assert "participating" in codes


def test_round_trip_records_exactly_the_three_edited_cells(office_a, staff_a, run, tmp_path):
    record("0301", "decision", "process_described", "2020-06-01", user=staff_a)
    sheet = export(office_a)
    edited = edit(
        sheet, {("0301", "decision"): "plan_adopted", ("3001", "phase"): "3", ("3002", "priority:mat"): "yes"}
    )
    path = tmp_path / "ark.xlsx"
    path.write_bytes(edited)
    before = StatusFact.objects.count()
    code, out, err = run("import_sheet", str(path), "--office", office_a.slug, "--effective-date", today(), "--dry-run")
    assert (code, err) == (0, "")
    assert out == (
        "kommunenummer,fact,detail,old,new\n"
        "0301,decision,,process_described,plan_adopted\n"
        "3001,phase,,,3\n"
        "3002,priority,mat,,yes\n"
    )
    assert StatusFact.objects.count() == before
    code, out, err = run(
        "import_sheet", str(path), "--office", office_a.slug, "--effective-date", today(), "--user", staff_a.username
    )
    assert (code, out, err) == (0, "", "recorded=3 unchanged=0\n")
    new = StatusFact.objects.filter(source="sheet")
    assert new.count() == 3
    assert StatusFact.objects.count() == before + 3
    assert {f.recorded_by_id for f in new} == {staff_a.pk}
    s = status_as_of([municipality("3001")], as_of=timezone.localdate())[municipality("3001").pk]
    assert s.value("phase") == "3"


def test_integer_phase_typed_in_excel_counts_as_the_code(office_a):
    edited = edit(export(office_a), {("3001", "phase"): 3})
    preview = sheet_preview(sheet_parse(edited, office=office_a), office=office_a, effective_date=timezone.localdate())
    assert [(c.number, c.fact, c.new) for c in preview.changes] == [("3001", "phase", "3")]


def test_blank_and_equal_cells_change_nothing(office_a, staff_a):
    record("0301", "phase", "2", "2020-06-01", user=staff_a)
    edited = edit(export(office_a), {("0301", "decision"): "none", ("3001", "priority:mat"): "no"})
    preview = sheet_preview(sheet_parse(edited, office=office_a), office=office_a, effective_date=timezone.localdate())
    assert preview.changes == []
    assert preview.unchanged == 3  # the exported phase 2, none for a never-recorded decision, no for a priority


def test_one_bad_cell_writes_nothing_and_names_the_cell(office_a, run, tmp_path):
    sheet = export(office_a)
    edited = edit(sheet, {("0301", "decision"): "plan_adopted", ("3001", "samfunnsdel"): "kanskje"})
    path = tmp_path / "ark.xlsx"
    path.write_bytes(edited)
    before = StatusFact.objects.count()
    code, out, err = run("import_sheet", str(path), "--office", office_a.slug, "--effective-date", today())
    line = row_of(sheet, "3001")
    assert code == 1
    assert out == ""
    assert err == (
        f"line {line}: column G: ukjent verdi: «kanskje» er ikke en gyldig verdi for Forankret i kommuneplanens "
        "samfunnsdel (gyldige: none = Ikke forankret, planned = Planlagt, anchored = Forankret)\n"
    )
    assert StatusFact.objects.count() == before


def test_formula_cell_is_refused_with_its_row(office_a):
    sheet = export(office_a)
    line = row_of(sheet, "3001")
    edited = edit_raw(sheet, f"I{line}", "=1+2")
    with pytest.raises(SheetRejected) as caught:
        sheet_parse(edited, office=office_a)
    assert [str(p) for p in caught.value.problems] == [
        f"Rad {line}, kolonne I: cellen inneholder en formel; skriv koden som tekst"
    ]


def test_text_that_looks_like_a_formula_stays_text_and_is_an_unknown_code(office_a):
    wb = openpyxl.load_workbook(io.BytesIO(export(office_a)))
    c = wb["Status"]["J3"]  # phase (one column right of where it was: decision_target_date came in)
    c.value = "=1+2"
    c.data_type = "s"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(SheetRejected) as caught:
        sheet_parse(out.getvalue(), office=office_a)
    assert "ukjent verdi: «=1+2» er ikke en gyldig verdi for Fase" in str(caught.value.problems[0])


def test_other_offices_row_and_unknown_column_refuse_the_whole_sheet(office_a, office_b):
    sheet = export(office_a)
    edited = edit_raw(sheet, "A4", "3401")  # Kongsvinger, Innlandet
    edited = edit_raw(edited, "A1", "kommunenummer")
    wb = openpyxl.load_workbook(io.BytesIO(edited))
    ws = wb["Status"]
    ws.cell(row=1, column=ws.max_column + 1, value="favorittfarge")
    ws["C5"] = "plan_adopted"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(SheetRejected) as caught:
        sheet_parse(out.getvalue(), office=office_a)
    texts = [str(p) for p in caught.value.problems]
    # One column more than before (decision_target_date): the unknown column is AO.
    assert any("ukjent kolonne «favorittfarge»" in t and t.startswith("Rad 1, kolonne AO") for t in texts)
    assert any(t.startswith("Rad 4, kolonne A: 3401 Kongsvinger hører til et annet embete (innlandet)") for t in texts)


def test_a_sheet_from_another_office_is_refused(office_a, office_b):
    with pytest.raises(SheetRejected, match="annet embete"):
        sheet_parse(export(office_b), office=office_a)


def test_a_sheet_without_the_portal_versions_is_refused(office_a):
    wb = openpyxl.load_workbook(io.BytesIO(export(office_a)))
    del wb["Portal"]
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(SheetRejected) as caught:
        sheet_parse(out.getvalue(), office=office_a)
    assert "Last ned arbeidsarket på nytt" in str(caught.value.problems[0])


def test_stale_sheet_is_an_error_for_the_command(office_a, staff_a2, run, tmp_path):
    sheet = export(office_a)
    record("3001", "phase", "2", "2021-01-01", user=staff_a2)  # changed in the portal after the download
    path = tmp_path / "ark.xlsx"
    path.write_bytes(edit(sheet, {("3001", "decision"): "plan_adopted", ("0301", "phase"): "3"}))
    before = StatusFact.objects.count()
    code, out, err = run("import_sheet", str(path), "--office", office_a.slug, "--effective-date", today())
    assert code == 1
    assert out == ""
    line = row_of(sheet, "3001")
    assert err.startswith(f"line {line}: 3001 Halden er endret i portalen etter at arket ble lastet ned")
    assert err.count("\n") == 1
    assert StatusFact.objects.count() == before


def test_apply_leaves_stale_rows_out_unless_looked_at(office_a, staff_a, staff_a2):
    sheet = export(office_a)
    record("3001", "phase", "2", "2021-01-01", user=staff_a2)
    parsed = sheet_parse(edit(sheet, {("3001", "decision"): "plan_adopted", ("0301", "phase"): "3"}), office=office_a)
    day = timezone.localdate()
    preview = sheet_preview(parsed, office=office_a, effective_date=day)
    assert preview.stale_numbers == ["3001"]
    done = sheet_apply(
        parsed,
        office=office_a,
        effective_date=day,
        user=staff_a,
        expected=preview.signature(),
        expected_versions=preview.versions,
    )
    assert [(c.number, c.fact) for c in done.changes] == [("0301", "phase")]
    assert done.skipped == ["3001"]
    assert not StatusFact.objects.filter(municipality__number="3001", fact="decision").exists()


def test_network_and_priority_columns_in_dry_run(office_a, network_a, run, tmp_path):
    path = tmp_path / "ark.xlsx"
    path.write_bytes(edit(export(office_a), {("0301", "network:nettverk-ost"): "planned"}))
    result = run("import_sheet", str(path), "--office", office_a.slug, "--effective-date", today(), "--dry-run")
    assert result == (0, "kommunenummer,fact,detail,old,new\n0301,network,nettverk-ost,none,planned\n", "")
    result = run("import_sheet", str(path), "--office", office_a.slug, "--effective-date", today())
    assert result == (0, "", "recorded=1 unchanged=0\n")
    fact = StatusFact.objects.get(source="sheet")
    assert (fact.network, fact.detail, fact.recorded_by.username) == (network_a, "oslo-og-viken/nettverk-ost", "system")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--effective-date", "2017-12-31"], "datoen kan ikke være før 1. januar 2018"),
        (["--effective-date", "2999-01-01"], "datoen kan ikke være senere enn i dag"),
        (["--effective-date", "1.5.2021"], "YYYY-MM-DD"),
        (["--effective-date", "2021-05-01", "--user", "staff-b"], "may not record"),
    ],
)
def test_bad_arguments_exit_2(office_a, staff_b, run, tmp_path, args, message):
    path = tmp_path / "ark.xlsx"
    path.write_bytes(export(office_a))
    code, _out, err = run("import_sheet", str(path), "--office", office_a.slug, *args)
    assert code == 2
    assert message in err
    assert err.startswith("error: ")


def test_export_sheet_command_writes_the_file(office_a, run, tmp_path):
    path = tmp_path / "ark.xlsx"
    code, out, err = run("export_sheet", "--office", office_a.slug, "--as-of", "2021-04-30", "--output", str(path))
    assert (code, out, err) == (0, "", "")
    ws = openpyxl.load_workbook(path)["Status"]
    assert [c.value for c in ws[1]][:10] == FIXED
    assert ws.max_row == 2 + 52


def test_columns_follow_the_catalogue(office_a):
    codes = [c.code for c in office_columns(office_a)]
    assert codes.index("priority:aktivitet") == codes.index("priority:seniorressursen") + 1
    assert len([c for c in codes if c.startswith("priority:")]) == 30


def test_row_cap_stops_reading(office_a, monkeypatch):
    import municipalities.sheet as sheet_module

    monkeypatch.setattr(sheet_module, "MAX_ROWS", 10)
    with pytest.raises(SheetRejected, match="flere enn 10 kommunerader"):
        sheet_parse(export(office_a), office=office_a)


def test_effective_date_of_the_past_compares_with_the_status_then(office_a, staff_a):
    record("0301", "phase", "3", "2021-06-01", user=staff_a)
    parsed = sheet_parse(edit(export(office_a), {("0301", "phase"): "2"}), office=office_a)
    # On 2021-05-01 no phase was recorded yet: "2" is a change from "not assessed".
    preview = sheet_preview(parsed, office=office_a, effective_date=datetime.date(2021, 5, 1))
    assert [(c.old, c.new) for c in preview.changes] == [("", "2")]
