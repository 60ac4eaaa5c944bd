"""One rule per entry path: the same bad input gets the same Norwegian message on the record form, the group
change, the working sheet (upload page and import_sheet) and import_status, each framed in its own way
(beside the field, «Rad N, kolonne X:», `line N: column X:`, `line N:`, `error:`), and nothing is written."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import SecurityEvent
from municipalities.facts import StatusFact
from municipalities.models import Municipality
from tests.factories import municipality
from tests.sheets.helpers import column_letter, edit, export, row_of

PROCESS_WITHOUT_TARGET = "oppgi når planen skal vedtas (måldato) for en beskrevet prosess"
UNKNOWN_VALUE = (
    "ukjent verdi: «kanskje» er ikke en gyldig verdi for Forankret i kommuneplanens samfunnsdel "
    "(gyldige: none = Ikke forankret, planned = Planlagt, anchored = Forankret)"
)
BEFORE_WINDOW = "datoen kan ikke være før 1. januar 2018"
MEETING_YEAR_ONE = "møtedatoen må ligge mellom 2018 og 2035"
NOTE_TOO_LONG = "merknaden kan ha 2000 eller færre tegn (har 2001)"
CASE_TOO_LONG = "detaljen kan ha 120 eller færre tegn (har 121)"
OTHER_OFFICE = "3401 Kongsvinger hører til et annet embete (innlandet), ikke oslo-og-viken"

# Each row: the message, and the input for each path that can express it (None: the path cannot).
#   form / group: POST fields (group: without municipalities unless given), the field the message stands beside
#   sheet: cells by column code for 3001, or the upload form's fields; the column the message names
#   csv: one import_status row
BAD = {
    "process_without_target": {
        "message": PROCESS_WITHOUT_TARGET,
        "form": ({"fact": "decision", "value": "process_described"}, "target_date"),
        "group": ({"fact": "decision", "value": "decision:process_described"}, "target_date"),
        "sheet": ({"decision": "Prosess beskrevet"}, "decision_target_date"),
        "csv": None,  # import_status records it: historical surveys have no target date
    },
    "unknown_value": {
        "message": UNKNOWN_VALUE,
        "form": ({"fact": "samfunnsdel", "value": "kanskje"}, "value"),
        "group": ({"fact": "samfunnsdel", "value": "samfunnsdel:kanskje"}, "value"),
        "sheet": ({"samfunnsdel": "kanskje"}, "samfunnsdel"),
        "csv": "3001,samfunnsdel,kanskje,2021-03-01,",
    },
    "effective_date_outside_window": {
        "message": BEFORE_WINDOW,
        "form": ({"effective_date": "2017-12-31"}, "effective_date"),
        "group": ({"effective_date": "2017-12-31"}, "effective_date"),
        "sheet": ({"effective_date": "2017-12-31"}, "effective_date"),
        "csv": "3001,phase,3,2017-12-31,",
    },
    "meeting_year_one": {
        "message": MEETING_YEAR_ONE,
        "form": ({"fact": "dialogue_meeting", "value": "held", "meeting_date": "0001-01-01"}, "meeting_date"),
        "group": (
            {"fact": "dialogue_meeting", "value": "dialogue_meeting:held", "meeting_date": "0001-01-01"},
            "meeting_date",
        ),
        "sheet": None,  # dialogue meetings are not in the working sheet
        "csv": "3001,dialogue_meeting,held,2021-03-01,0001-01-01",
    },
    "note_over_the_limit": {
        "message": NOTE_TOO_LONG,
        "form": ({"note": "x" * 2001}, "note"),
        "group": ({"note": "x" * 2001}, "note"),
        "sheet": ({"note": "x" * 2001}, "note"),
        "csv": None,  # no note column
    },
    "case_number_over_the_limit": {
        "message": CASE_TOO_LONG,
        "form": ({"fact": "decision", "value": "plan_adopted", "case_number": "9" * 121}, "case_number"),
        "group": ({"fact": "decision", "value": "decision:plan_adopted", "case_number": "9" * 121}, "case_number"),
        "sheet": None,  # no case number in the working sheet
        "csv": "3001,decision,plan_adopted,2021-03-01," + "9" * 121,
    },
    "another_offices_municipality": {
        "message": OTHER_OFFICE,
        "form": "403",  # the record form of another office's municipality is refused (logged) before any field
        "group": ({"municipalities": ["3401"]}, "municipalities"),
        "sheet": ({"kommunenummer": "3401"}, "kommunenummer"),
        "csv": "3401,phase,3,2021-03-01,",
    },
}


def framed_for_form(message: str) -> str:
    return message[:1].upper() + message[1:] + "."


def nothing_written() -> bool:
    return not StatusFact.objects.exists() and not Municipality.objects.filter(status_version__gt=0).exists()


def rows_for(path: str) -> list:
    return [pytest.param(name, row, id=name) for name, row in BAD.items() if row[path] is not None]


@pytest.mark.parametrize(("name", "row"), rows_for("form"))
def test_the_record_form_refuses_beside_the_field(client_a, name, row):
    if row["form"] == "403":
        response = client_a.post(
            reverse("municipalities:fact-create", args=["3401"]),
            {"fact": "phase", "value": "3", "effective_date": "2021-03-01", "status_version": "0"},
        )
        assert response.status_code == 403
        assert SecurityEvent.objects.filter(username="staff-a", outcome="denied").count() == 1
        assert nothing_written()
        return
    fields, field = row["form"]
    data = {
        "fact": "phase",
        "value": "3",
        "effective_date": "2021-03-01",
        "status_version": "0",
        "loaded_at": timezone.now().isoformat(),
        **fields,
    }
    response = client_a.post(reverse("municipalities:fact-create", args=["3001"]), data)
    assert response.status_code == 200
    assert framed_for_form(row["message"]) in response.context["form"].errors[field]
    assert nothing_written()


@pytest.mark.parametrize(("name", "row"), rows_for("group"))
def test_the_group_change_refuses_beside_the_field(client_a, office_a, name, row):
    fields, field = row["group"]
    data = {
        "municipalities": ["3001", "3002"],
        "fact": "phase",
        "value": "phase:3",
        "effective_date": "2021-03-01",
        "action": "preview",
        **fields,
    }
    response = client_a.post(reverse("sheets:group-change", kwargs={"slug": office_a.slug}), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [framed_for_form(row["message"])]
    assert nothing_written()


def _sheet_with(office, cells: dict) -> tuple[bytes, bytes, int]:
    """(exported sheet, edited sheet, the sheet row of 3001) with the cells set on 3001's row."""
    sheet = export(office)
    line = row_of(sheet, "3001")
    wb = openpyxl.load_workbook(io.BytesIO(sheet))
    ws = wb["Status"]
    for code, value in cells.items():
        ws[f"{column_letter(sheet, code)}{line}"] = value
    out = io.BytesIO()
    wb.save(out)
    return sheet, out.getvalue(), line


UPLOAD_FIELDS = ("effective_date", "note")


@pytest.mark.parametrize(("name", "row"), rows_for("sheet"))
def test_the_sheet_upload_refuses_naming_row_and_column(client_a, office_a, name, row):
    cells, column = row["sheet"]
    form_fields = {k: v for k, v in cells.items() if k in UPLOAD_FIELDS}
    sheet, edited, line = _sheet_with(office_a, {k: v for k, v in cells.items() if k not in UPLOAD_FIELDS})
    data = {
        "file": SimpleUploadedFile("ark.xlsx", edited, content_type="application/octet-stream"),
        "effective_date": timezone.localdate().isoformat(),
        "note": "",
        **form_fields,
    }
    response = client_a.post(reverse("sheets:sheet-upload", kwargs={"slug": office_a.slug}), data)
    assert response.status_code == 200
    if column in UPLOAD_FIELDS:
        assert response.context["form"].errors[column] == [framed_for_form(row["message"])]
    else:
        letter = column_letter(sheet, column)
        assert [str(p) for p in response.context["problems"]] == [f"Rad {line}, kolonne {letter}: {row['message']}"]
    assert nothing_written()


@pytest.mark.parametrize(("name", "row"), [p for p in rows_for("sheet") if p.id != "note_over_the_limit"])
def test_import_sheet_refuses_with_line_and_column(run, office_a, tmp_path, name, row):
    """Every sheet row but the note's (import_sheet takes no note)."""
    cells, column = row["sheet"]
    effective = cells.get("effective_date", timezone.localdate().isoformat())
    sheet, edited, line = _sheet_with(office_a, {k: v for k, v in cells.items() if k not in UPLOAD_FIELDS})
    path = tmp_path / "ark.xlsx"
    path.write_bytes(edited)
    code, out, err = run("import_sheet", str(path), "--office", office_a.slug, "--effective-date", effective)
    assert out == ""
    if column == "effective_date":
        assert (code, err) == (2, f"error: --effective-date {effective}: {row['message']}\n")
    else:
        assert (code, err) == (1, f"line {line}: column {column_letter(sheet, column)}: {row['message']}\n")
    assert nothing_written()


@pytest.mark.parametrize(("name", "row"), rows_for("csv"))
def test_import_status_refuses_with_the_line(run, office_a, tmp_path, name, row):
    path = tmp_path / "status.csv"
    path.write_text("kommunenummer,fact,value,effective_date,detail\n" + row["csv"] + "\n", encoding="utf-8")
    code, out, err = run("import_status", str(path), "--office", office_a.slug)
    assert (code, out, err) == (1, "", f"line 2: {row['message']}\n")
    assert nothing_written()


def test_import_status_alone_records_a_described_process_without_target_date(run, office_a, tmp_path):
    path = tmp_path / "status.csv"
    path.write_text(
        "kommunenummer,fact,value,effective_date,detail\n3001,decision,process_described,2020-10-01,\n",
        encoding="utf-8",
    )
    assert run("import_status", str(path))[2] == "recorded=1 unchanged=0\n"
    fact = StatusFact.objects.get()
    assert (fact.value, fact.target_date, fact.lacks_target_date) == ("process_described", None, True)


@pytest.mark.parametrize(
    "spelling",
    ["anchored", "Forankret", "forankret", "  FORANKRET ", "Prosess beskrevet", "Fase 2", "fase 3", "2", "3"],
)
def test_every_path_accepts_codes_labels_and_short_forms(client_a, office_a, staff_a, run, tmp_path, spelling):
    """The same spellings on the form, the group change and import_status (the sheet: test_norwegian_sheet)."""
    from municipalities.registry import FACT_TYPES

    fact = next(key for key, ft in FACT_TYPES.items() if ft.parse(spelling) is not None)
    code = FACT_TYPES[fact].parse(spelling)
    extra = {"target_date": "2022-06-30"} if code == "process_described" else {}
    response = client_a.post(
        reverse("municipalities:fact-create", args=["3001"]),
        {"fact": fact, "value": spelling, "effective_date": "2021-03-01", "status_version": "0", **extra},
    )
    assert response.status_code == 302
    group = client_a.post(
        reverse("sheets:group-change", kwargs={"slug": office_a.slug}),
        {
            "municipalities": ["3002"],
            "fact": fact,
            "value": f"{fact}:{spelling}",
            "effective_date": "2021-03-01",
            "action": "preview",
            **extra,
        },
    )
    assert [(r.municipality.number, r.new) for r in group.context["rows"]] == [("3002", code)]
    assert StatusFact.objects.get(municipality__number="3001").value == code
    csv = tmp_path / "status.csv"
    target = ",,2022-06-30" if extra else ",,"  # detail empty, then the target date
    csv.write_text(
        f'kommunenummer,fact,value,effective_date,detail,target_date\n3003,{fact},"{spelling}",2021-03-01{target}\n',
        encoding="utf-8",
    )
    assert run("import_status", str(csv)) == (0, "", "recorded=1 unchanged=0\n")
    assert StatusFact.objects.get(municipality__number="3003").value == code


def test_the_sheet_round_trips_when_only_a_target_date_changes(run, office_a, staff_a, tmp_path):
    from tests.factories import record

    record("3001", "decision", "process_described", "2020-10-01", user=staff_a)  # 2020 import: no target date
    record(
        "3002",
        "decision",
        "process_described",
        "2020-10-01",
        user=staff_a,
        detail="20/5",
        target_date=datetime.date(2021, 12, 31),
    )
    sheet = export(office_a)
    path = tmp_path / "ark.xlsx"
    path.write_bytes(sheet)
    today = timezone.localdate().isoformat()
    # Untouched: the process without a target date is no change and no error.
    assert run("import_sheet", str(path), "--office", office_a.slug, "--effective-date", today, "--dry-run") == (
        0,
        "kommunenummer,fact,detail,old,new\n",
        "",
    )
    path.write_bytes(edit(sheet, {("3002", "decision_target_date"): "30.6.2022"}))
    code, out, err = run("import_sheet", str(path), "--office", office_a.slug, "--effective-date", today, "--dry-run")
    assert (code, out, err) == (
        0,
        "kommunenummer,fact,detail,old,new\n3002,decision_target_date,,2021-12-31,2022-06-30\n",
        "",
    )
    assert run("import_sheet", str(path), "--office", office_a.slug, "--effective-date", today)[2] == (
        "recorded=1 unchanged=2\n"  # both decision cells are equal to today's
    )
    new = StatusFact.objects.filter(source="sheet").get()
    assert (new.value, new.detail, new.target_date) == ("process_described", "20/5", datetime.date(2022, 6, 30))
    assert municipality("3001").facts.count() == 1
