"""The working sheet speaks Norwegian: labels in the cells and lists, labels or codes accepted back, and the
preview says «Ikke registrert» (or «Ikke vurdert» for the phase) exactly where the municipality page does."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from municipalities.facts import StatusFact
from tests.factories import record

from .helpers import edit, export, row_of


def upload(client, office, data: bytes):
    return client.post(
        reverse("sheets:sheet-upload", kwargs={"slug": office.slug}),
        {
            "file": SimpleUploadedFile("ark.xlsx", data, content_type="application/octet-stream"),
            "effective_date": timezone.localdate().isoformat(),
            "note": "",
        },
    )


def shown_on_the_municipality_page(client, number: str) -> dict[str, str]:
    page = client.get(reverse("municipalities:municipality-detail", args=[number]))
    return {
        row["type"].key: row["fact"].value_label if row["fact"] else str(row["type"].unrecorded_label)
        for row in page.context["single"]
    }


def test_a_sheet_filled_in_with_norwegian_labels_round_trips(client_a, office_a, staff_a):
    record("0301", "samfunnsdel", "planned", "2021-01-01", user=staff_a)
    sheet = export(office_a)
    edited = edit(
        sheet,
        {
            ("3001", "decision"): "Plan vedtatt",
            ("3001", "phase"): "fase 3",
            ("3001", "samfunnsdel"): "  Forankret ",
            ("0301", "samfunnsdel"): "forankret",
            ("3002", "involvement"): "Ja",
        },
    )
    before = shown_on_the_municipality_page(client_a, "3001")
    response = upload(client_a, office_a, edited)
    assert response.status_code == 302
    preview = client_a.get(response["Location"])
    shown = {(c.number, c.code): (c.old_label, c.new_label) for c in preview.context["preview"].changes}
    assert shown == {
        ("0301", "samfunnsdel"): ("Planlagt", "Forankret"),
        ("3001", "decision"): ("Ikke registrert", "Plan vedtatt"),
        ("3001", "samfunnsdel"): ("Ikke registrert", "Forankret"),
        ("3001", "phase"): ("Ikke vurdert", "Fase 3 – gjennomføring"),
        ("3002", "involvement"): ("Ikke registrert", "Ja"),
    }
    for code in ("decision", "samfunnsdel", "phase"):
        assert shown[("3001", code)][0] == before[code]  # as the municipality page says it
    html = preview.content.decode()
    assert "<td>Ikke registrert</td>" in html
    assert "Ingen vedtak" not in html  # a never-recorded decision is not a recorded «no decision»

    assert client_a.post(response["Location"]).status_code == 302
    assert StatusFact.objects.filter(source="sheet").count() == 5
    after = shown_on_the_municipality_page(client_a, "3001")
    assert (after["decision"], after["phase"], after["samfunnsdel"]) == (
        "Plan vedtatt",
        "Fase 3 – gjennomføring",
        "Forankret",
    )

    again = export(office_a)
    ws = openpyxl.load_workbook(io.BytesIO(again))["Status"]
    header = [c.value for c in ws[1]]
    row = {header[i]: c.value for i, c in enumerate(ws[row_of(again, "3001")])}
    assert (row["decision"], row["phase"], row["samfunnsdel"], row["involvement"]) == (
        "Plan vedtatt",
        "Fase 3 – gjennomføring",
        "Forankret",
        "Ikke registrert",
    )
    untouched = client_a.get(upload(client_a, office_a, again)["Location"])
    assert untouched.context["preview"].changes == []


def test_the_target_date_column_takes_excel_dates_norwegian_and_iso_text(office_a, staff_a):
    import datetime

    from municipalities.sheet import sheet_parse, sheet_preview

    sheet = export(office_a)
    for typed in (datetime.datetime(2022, 6, 30), "30.6.2022", "2022-06-30"):
        edited = edit(sheet, {("3001", "decision"): "Prosess beskrevet", ("3001", "decision_target_date"): typed})
        preview = sheet_preview(
            sheet_parse(edited, office=office_a), office=office_a, effective_date=timezone.localdate()
        )
        assert [(c.fact, c.old, c.new) for c in preview.changes] == [
            ("decision", "none", "process_described"),
            ("decision_target_date", "", "2022-06-30"),
        ]
        assert [(i.value, i.target_date) for _n, i in preview.items] == [
            ("process_described", datetime.date(2022, 6, 30))
        ]


def test_lists_offer_labels_and_the_target_date_column_is_a_date_cell(office_a, staff_a):
    import datetime

    record("0301", "decision", "process_described", "2021-01-01", user=staff_a, target_date=datetime.date(2022, 5, 1))
    sheet = export(office_a)
    ws = openpyxl.load_workbook(io.BytesIO(sheet))["Status"]
    assert [c.value for c in ws[1]][:4] == ["kommunenummer", "navn", "decision", "decision_target_date"]
    target = ws[f"D{row_of(sheet, '0301')}"]
    assert target.value == datetime.datetime(2022, 5, 1)
    assert target.number_format == "d.m.yyyy"
    lists = {str(dv.sqref).split(":")[0][:-1]: dv for dv in ws.data_validations.dataValidation}
    assert lists["D"].type == "date"
    assert lists["J"].formula1 == '"Fase 2 – planlegging,Fase 3 – gjennomføring"'
