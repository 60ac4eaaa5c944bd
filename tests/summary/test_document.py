"""The annual summary as a Word document, opened with python-docx: every heading in Word's heading styles, the
figures equal to `report_figures --submitted` for each period (submitted where submitted, live marked), each
office's assessment text («Ikke levert» where none was delivered), the chosen examples, the directorate's
sections, the charts with captions and tables, the table of contents and page numbers, and byte-identical
rebuilds."""

import contextlib
import csv
import datetime
import io
import zipfile

import pytest
from django.core.management import call_command
from docx.oxml.ns import qn

from municipalities.models import Office
from reporting.dashboard.selectors import figure_trends
from reporting.figures.registry import FIGURES
from reporting.periods.models import figure_label
from summary.services import summary_texts_save

from .conftest import YEAR, build, document, headings, leading_count, period, report_figures, table_after, text_after

pytestmark = pytest.mark.django_db

OFFICE_TITLES = [f"Statsforvalteren i {o}" for o in (
    "Oslo og Viken", "Innlandet", "Vestfold og Telemark", "Agder", "Rogaland", "Vestland", "Møre og Romsdal",
    "Trøndelag", "Nordland", "Troms og Finnmark",
)]  # fmt: skip
PERIOD_HEADINGS = {
    "spring-2021": "Våren 2021 (per 30. april 2021)",
    "autumn-2021": "Høsten 2021 (per 31. oktober 2021)",
}


def expected_headings(example_titles: list[str]) -> list[tuple[int, str]]:
    result = [(1, "Sammendrag"), (1, "Om grunnlaget"), (1, "Nasjonale tall")]
    result += [(2, PERIOD_HEADINGS["spring-2021"]), (2, PERIOD_HEADINGS["autumn-2021"]), (2, "Utvikling gjennom året")]
    result += [(1, "Tall per embete"), *[(2, title) for title in OFFICE_TITLES]]
    result += [(1, "Prioriterte innsatsområder og løsninger i fase 3"), (1, "Gode eksempler fra kommunene")]
    result += [(2, title) for title in example_titles]
    result.append((1, "Embetenes vurderinger"))
    for title in OFFICE_TITLES:
        result += [(2, title), (3, "Våren 2021"), (3, "Høsten 2021")]
    result += [(1, "Prioritering i tilskuddsordninger"), (1, "Kommunenes egne statusbekreftelser")]
    result += [(1, "Helsedirektoratets vurdering"), (1, "Videre arbeid")]
    return result


def _write(hdir, example_ids=()):
    summary_texts_save(
        year=YEAR,
        texts={
            "summary": "Reformen er godt i gang.\n\nFlere kommuner er i fase 3.",
            "assessment": "Direktoratet vurderer framdriften som god.",
            "next_steps": "Nettverkene videreføres i 2022.",
        },
        example_ids=list(example_ids),
        user=hdir,
        round=None,
    )


def test_every_heading_the_figures_the_assessments_and_the_directorates_sections(tmp_path, year_data, hdir):
    _write(hdir, [year_data["example"].pk])
    doc = document(build(tmp_path, "a.docx", "--generated-at", "2022-01-20T10:00:00"))

    assert headings(doc) == expected_headings(["Måltidsvert på sykehjemmet"])

    names = [figure_label(key) for key in FIGURES]
    for slug, heading in PERIOD_HEADINGS.items():
        printed = report_figures("--period", slug, "--submitted")
        rows = table_after(doc, heading)
        assert rows[0][1] == "Hele landet (356 kommuner, delvis levende tall)"
        assert [r[0] for r in rows[1:]] == names  # every figure report_figures prints, in its order
        counts = {key: leading_count(row[1]) for key, row in zip(FIGURES, rows[1:], strict=True)}
        assert counts == {key: printed["national"][key]["count"] for key in FIGURES}
        # per office: the same entries report_figures prints, marked with where they come from
        for office in Office.objects.order_by("position"):
            table = table_after(doc, office.title_on(datetime.date(YEAR, 12, 31)))
            column = 1 if slug == "spring-2021" else 2
            entry = printed["offices"][office.slug]
            source = table[1][column]
            if entry["source"] == "submitted":
                assert source == f"Innsendt, versjon {entry['version']}"
            else:
                assert source == "Levende tall"
            assert [leading_count(r[column]) for r in table[2:]] == [entry[key]["count"] for key in FIGURES]

    spring = report_figures("--period", "spring-2021", "--submitted")
    live = report_figures("--period", "spring-2021")
    assert spring["offices"]["agder"]["phase_3"]["count"] != live["offices"]["agder"]["phase_3"]["count"]
    assert spring["offices"]["innlandet"]["source"] == "live"  # returned: counts as live again
    note = text_after(doc, PERIOD_HEADINGS["spring-2021"])
    assert "Innsendte tall fra 2 av 10 embeter" in note
    assert "Levende tall per 30. april 2021 for: Innlandet, Vestfold og Telemark, Rogaland" in note

    # The focus areas and solutions prioritised in phase 3: the national priorities of report_figures.
    priorities = table_after(doc, "Prioriterte innsatsområder og løsninger i fase 3")
    autumn = report_figures("--period", "autumn-2021", "--submitted")
    for row in priorities[1:]:
        name = row[0].removeprefix("– ")
        code = next(c for c, n, _a in _catalogue() if n == name)
        assert leading_count(row[1]) == spring["national"]["phase3_priorities"][code]
        assert leading_count(row[2]) == autumn["national"]["phase3_priorities"][code]

    # Assessments: submitted or accepted texts only; «Ikke levert» otherwise (Innlandet's was returned).
    assert text_after(doc, "Våren 2021", level=3).startswith("Oslo og Viken: godt i gang.")
    oslo = _office_texts(doc, "Statsforvalteren i Oslo og Viken")
    assert oslo == {"Våren 2021": "Oslo og Viken: godt i gang.", "Høsten 2021": "Oslo og Viken: flere i fase 3 nå."}
    assert _office_texts(doc, "Statsforvalteren i Agder") == {
        "Våren 2021": "Agder: nettverkene er etablert.",
        "Høsten 2021": "Ikke levert",
    }
    not_delivered = {"Våren 2021": "Ikke levert", "Høsten 2021": "Ikke levert"}
    assert _office_texts(doc, "Statsforvalteren i Innlandet") == not_delivered
    assert "Innlandet: utkast." not in _all_text(doc)

    # The chosen example as the office submitted it; the other is not in the document.
    example = text_after(doc, "Måltidsvert på sykehjemmet")
    # Inside a sentence the period's season is written in lower case; headings keep the capital.
    assert "Oslo (Statsforvalteren i Oslo og Viken), innsendt for våren 2021, gjelder Måltidstider." in example
    assert "Fast vert ved middagen.\nGir bedre matlyst." in example
    # The example's web address is a link a reader can click, not just text.
    paragraph = next(p for p in doc.paragraphs if p.text.startswith("Mer informasjon: "))
    assert [(link.text, link.address) for link in paragraph.hyperlinks] == [
        ("https://example.invalid/maltidsvert", "https://example.invalid/maltidsvert")
    ]
    assert "Seniortrim i parken" not in _all_text(doc)

    # The directorate's sections.
    assert text_after(doc, "Sammendrag") == "Reformen er godt i gang.\nFlere kommuner er i fase 3."
    assert text_after(doc, "Helsedirektoratets vurdering") == "Direktoratet vurderer framdriften som god."
    assert text_after(doc, "Videre arbeid") == "Nettverkene videreføres i 2022."
    # The grant-priority mapping's totals per office: what grant_priority --year 2021 lists, counted.
    grants = table_after(doc, "Prioritering i tilskuddsordninger")
    assert grants[0] == ["Embete", "Kommuner", "Foreslått prioritert", "Bekreftet prioritert",
                         "Bekreftet ikke prioritert", "Ikke bekreftet", "Prioriteres"]  # fmt: skip
    listed = _grant_totals()
    regions = {o.region: o.slug for o in Office.objects.all()}
    assert {regions[row[0]]: [int(v) for v in row[1:]] for row in grants[1:-1]} == listed
    assert [int(v) for v in grants[-1][1:]] == [sum(t[i] for t in listed.values()) for i in range(6)]
    assert listed["oslo-og-viken"][2:4] == [1, 1]
    # Municipal self-reporting: no municipality confirmed its own status in the scenario, so every office reads 0
    # (tests/selfreport/test_rates.py counts confirmations into the same table).
    confirmed = table_after(doc, "Kommunenes egne statusbekreftelser")
    assert confirmed[0] == ["Embete", "Statuser bekreftet av kommunen"]
    assert [row[1] for row in confirmed[1:]] == ["0"] * 11
    assert confirmed[-1][0] == "Hele landet"


def _grant_totals() -> dict[str, list[int]]:
    """Per office from `grant_priority --year 2021`: municipalities, proposed, confirmed yes, confirmed no,
    without confirmation, prioritised (the confirmation where there is one, else the proposal)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        call_command("grant_priority", "--year", str(YEAR))
    totals: dict[str, list[int]] = {}
    for row in csv.DictReader(io.StringIO(out.getvalue())):
        counts = totals.setdefault(row["office"], [0] * 6)
        confirmed = row["confirmed"]
        counts[0] += 1
        counts[1] += row["proposed"] == "yes"
        counts[2] += confirmed == "yes"
        counts[3] += confirmed == "no"
        counts[4] += confirmed == ""
        counts[5] += (confirmed or row["proposed"]) == "yes"
    return totals


def _catalogue():
    from reporting.figures.registry import Catalogue

    return Catalogue.load().rows()


def _office_texts(doc, office_heading: str) -> dict[str, str]:
    """The level-3 periods and their texts under an office's heading in «Embetenes vurderinger»."""
    result, inside, current = {}, False, None
    started = False
    for paragraph in doc.paragraphs:
        style = paragraph.style.name
        if style == "Heading 1":
            started = paragraph.text == "Embetenes vurderinger"
            inside = False
        elif started and style == "Heading 2":
            inside = paragraph.text == office_heading
        elif started and inside and style == "Heading 3":
            current = paragraph.text
            result[current] = ""
        elif started and inside and current and paragraph.text:
            result[current] = (result[current] + "\n" + paragraph.text).strip()
    return result


def _all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_it_builds_with_no_saved_summary_and_no_submissions(tmp_path):
    doc = document(build(tmp_path, "empty.docx", "--generated-at", "2022-01-20T10:00:00"))
    assert headings(doc) == expected_headings([])
    for heading in ("Sammendrag", "Helsedirektoratets vurdering", "Videre arbeid"):
        assert text_after(doc, heading) == "Ikke skrevet ennå."
    assert text_after(doc, "Gode eksempler fra kommunene") == "Helsedirektoratet har ikke valgt eksempler ennå."
    for heading in PERIOD_HEADINGS.values():
        assert "Innsendte tall fra 0 av 10 embeter" in text_after(doc, heading)
        assert "Oslo og Viken, Innlandet" in text_after(doc, heading)
    for title in OFFICE_TITLES:
        assert _office_texts(doc, title) == {"Våren 2021": "Ikke levert", "Høsten 2021": "Ikke levert"}
        assert table_after(doc, title)[1][1:] == ["Levende tall", "Levende tall"]


def test_two_builds_with_the_same_arguments_are_byte_identical(tmp_path, year_data, hdir):
    _write(hdir, [year_data["example"].pk])
    args = ("--generated-at", "2022-01-20T10:00:00")
    first = build(tmp_path, "a.docx", *args)
    second = build(tmp_path, "b.docx", *args)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        # every entry is dated --generated-at (Oslo time, as zip stores it), never the build's own clock
        assert {info.date_time for info in archive.infolist()} == {(2022, 1, 20, 10, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in archive.namelist()


def test_word_structure_properties_toc_page_numbers_and_figures(tmp_path, year_data, hdir):
    _write(hdir)
    content = build(tmp_path, "a.docx", "--generated-at", "2022-01-20T10:00:00")
    doc = document(content)
    props = doc.core_properties
    assert props.title == "Leve hele livet – årsrapport 2021"
    assert props.author == "Helsedirektoratet"
    assert props.language == "nb-NO"
    assert props.created == props.modified == datetime.datetime(2022, 1, 20, 9, 0, 0, tzinfo=datetime.UTC)
    assert props.comments == "Utkast (ikke ferdigstilt)"
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        body = archive.read("word/document.xml").decode()
        footer = next(archive.read(n).decode() for n in archive.namelist() if n.startswith("word/footer"))
        header = next(archive.read(n).decode() for n in archive.namelist() if n.startswith("word/header"))
        settings = archive.read("word/settings.xml").decode()
        pictures = [n for n in archive.namelist() if n.startswith("word/media/")]
    # «Innhold» is a written list, not a TOC field (LibreOffice prints a TOC field's stored result as it is,
    # without page numbers); each entry links to its heading and carries a PAGEREF to it, which every viewer
    # computes from its own layout, and Word is asked to refresh the fields when it opens the document.
    assert " TOC " not in body
    assert '<w:updateFields w:val="true"/>' in settings
    assert " PAGE " in footer
    assert " NUMPAGES " in footer
    assert "UTKAST" in header
    # The written table of contents lists every heading of levels 1–2, linked to it.
    contents = [p for p in doc.paragraphs if p.style.name in ("toc 1", "toc 2")]
    assert [p.text.rstrip("\t") for p in contents] == [text for level, text in headings(doc) if level <= 2]
    targets = _bookmarks(doc)
    for paragraph in contents:
        (link,) = paragraph.hyperlinks
        assert targets[link.fragment] == link.text.rstrip("\t")
        instructions = "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
        assert instructions.strip() == f"PAGEREF {link.fragment} \\h"
    # Three charts, PNG, each with a caption naming its figure number and a table under it.
    assert len(pictures) == 3
    assert all(n.endswith(".png") for n in pictures)
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert [c.split(":")[0] for c in captions] == ["Figur 1", "Figur 2", "Figur 3"]
    assert all(c.endswith("Tallene står i tabellen under.") for c in captions)
    assert "Endring: antall kommuner (prosentpoeng) fra våren 2021 til høsten 2021." in captions[0]


def _bookmarks(doc) -> dict[str, str]:
    """Bookmark name -> the text of the heading it marks."""
    return {
        mark.get(qn("w:name")): p.text
        for p in doc.paragraphs
        if p.style.name.startswith("Heading")
        for mark in p._p.iter(qn("w:bookmarkStart"))
    }


def test_the_chart_numbers_are_the_dashboards(tmp_path, year_data, hdir):
    """Figure 1's table (the chart's numbers) equals the dashboard's trend data for the year's periods."""
    _write(hdir)
    doc = document(build(tmp_path, "a.docx", "--generated-at", "2022-01-20T10:00:00"))
    periods = [period("spring-2021"), period("autumn-2021")]
    trends = {t.key: t for t in figure_trends(periods=periods, offices=list(Office.objects.order_by("position")))}
    names = {figure_label(key): key for key in FIGURES}
    rows = table_after(doc, "Utvikling gjennom året")
    assert rows[0][:3] == ["Tall", "Våren 2021", "Høsten 2021"]
    for row in rows[1:]:
        trend = trends[names[row[0]]]
        assert [leading_count(cell) for cell in row[1:3]] == [p.count for p in trend.national.points]
    office_rows = table_after(doc, "Tall per embete")
    phase3 = trends["phase_3"]
    for row, series in zip(office_rows[1:-1], phase3.offices, strict=True):
        assert row[0] == series.name
        assert [leading_count(cell) for cell in row[1:]] == [p.count for p in series.points]
        assert [cell.endswith("levende") for cell in row[1:]] == [p.is_live for p in series.points]
