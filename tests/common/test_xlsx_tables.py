"""The finished-table writer: widths, wrapping, filters, frozen bold headers, print set-up, real dates in
Europe/Oslo, charts on the sheet's own cells, safe text and the same bytes for the same sheets."""

import datetime
import io
import zipfile

import pytest

from common.xlsx_tables import (
    CELL_PADDING,
    DATE,
    DATETIME,
    LONG_TEXT,
    NUMBER,
    SHARE,
    TEXT_UNITS,
    BarChart,
    Column,
    PageFooter,
    TableSheet,
    TableWorkbook,
    line_count,
)
from tests.workbook_checks import assert_finished, chart_references, load, table_rows

CREATED = datetime.datetime(2021, 4, 30, 12, 0, tzinfo=datetime.UTC)
FOOTER = PageFooter(office="Statsforvalteren i Vestland", period="Våren 2021")


def _sheet() -> TableSheet:
    sheet = TableSheet(
        "Kommuner",
        [
            Column("Kommunenummer"),
            Column("Kommune"),
            Column("Vedtaksdato", DATE),
            Column("Registrert", DATETIME),
            Column("Andel", SHARE),
            Column("Antall", NUMBER),
            Column("Merknad", LONG_TEXT, 30),
        ],
        above=[["Kommuner i Vestland"], ["Referansedato", datetime.date(2021, 4, 30)], []],
        freeze_columns=2,
    )
    sheet.add(["4601", "Bergen", datetime.date(2021, 2, 1), CREATED, 0.25, 3, "kort"])
    sheet.add(["4602", "Kinn", None, None, 0.5, 0, "lang " * 40])
    sheet.add(["4640", "=1+1", None, None, 1.0, 12, "Aldersvennlig samfunn\nMat og måltider"])
    sheet.charts.append(BarChart("Andel", categories=2, series=(5,), first_row=0, last_row=2))
    return sheet


def _content(*sheets: TableSheet) -> bytes:
    book = TableWorkbook(title="Prøve", subject="Test", created=CREATED, footer=FOOTER)
    for sheet in sheets:
        book.add(sheet)
    return book.content()


def test_a_sheet_looks_finished_when_opened():
    content = _content(_sheet())
    wb = assert_finished(content, footer=("Statsforvalteren i Vestland", "Våren 2021"))
    ws = wb["Kommuner"]
    assert ws.auto_filter.ref == "A4:G7"
    assert ws.freeze_panes == "C5"
    assert ws["A4"].value == "Kommunenummer"
    assert ws["A4"].font.bold
    assert ws["A4"].alignment.wrap_text
    assert ws["A1"].value == "Kommuner i Vestland"
    # every used column has a width fitted to its content, capped
    widths = {letter: ws.column_dimensions[letter].width for letter in "ABCDEFG"}
    assert widths["A"] > len("Kommunenummer")
    assert widths["B"] < widths["A"]
    assert widths["G"] <= 30 * TEXT_UNITS + CELL_PADDING
    # long and multi-line texts wrap, every cell is top-aligned, and the row is tall enough
    assert ws["G6"].alignment.wrap_text
    assert ws["G6"].alignment.vertical == "top"
    assert ws.row_dimensions[6].height >= 6 * 12.75
    assert ws.row_dimensions[7].height >= 2 * 12.75
    assert ws["A5"].alignment.vertical == "top"


def test_dates_and_times_are_real_excel_dates_in_oslo_time():
    ws = load(_content(_sheet()))["Kommuner"]
    assert ws["B2"].value == datetime.datetime(2021, 4, 30)
    assert ws["B2"].number_format == "dd.mm.yyyy"
    assert ws["C5"].value == datetime.datetime(2021, 2, 1)
    assert ws["C5"].number_format == "dd.mm.yyyy"
    # 12:00 UTC is 14:00 in Oslo (summer time)
    assert ws["D5"].value == datetime.datetime(2021, 4, 30, 14, 0)
    assert ws["D5"].number_format == "dd.mm.yyyy hh:mm"
    assert ws["E5"].number_format == "0.0 %"
    assert table_rows(ws)[1][2:4] == (None, None)


def test_print_setup_names_the_office_period_and_pages():
    ws = load(_content(_sheet()))["Kommuner"]
    assert ws.page_setup.paperSize == 9
    assert ws.print_options.gridLines
    assert ws.oddFooter.left.text == "Statsforvalteren i Vestland"
    assert ws.oddFooter.center.text == "Våren 2021"
    assert ws.oddFooter.right.text == "Side &P av &N"
    assert ws.oddHeader.left.text == "&A"


def test_charts_reference_the_sheets_own_cells():
    content = _content(_sheet())
    # the series' name (its header), its categories (the names) and its values (the shares)
    assert chart_references(content, "Kommuner") == ["'Kommuner'!$E$4", "'Kommuner'!$B$5:$B$7", "'Kommuner'!$E$5:$E$7"]


def test_text_never_becomes_a_formula():
    content = _content(_sheet())
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    ws = load(content)["Kommuner"]
    assert ws["B7"].value == "=1+1"
    assert ws["B7"].data_type == "s"
    assert ws["B7"].quotePrefix


def test_the_same_sheets_give_the_same_bytes_and_the_properties_are_set():
    assert _content(_sheet()) == _content(_sheet())
    wb = load(_content(_sheet()))
    assert wb.properties.title == "Prøve"
    assert wb.properties.subject == "Test"
    assert wb.properties.creator == "Leve hele livet-portalen"


def test_a_header_with_a_code_is_refused():
    with pytest.raises(ValueError, match="A header is for people"):
        _content(TableSheet("Ark", [Column("decision_date", DATE)]))


def test_an_empty_table_still_has_its_filter_and_widths():
    ws = assert_finished(_content(TableSheet("Tom", [Column("Kommune"), Column("Dato", DATE)])))["Tom"]
    assert ws.auto_filter.ref == "A1:B2"


def test_line_count_wraps_at_words():
    assert line_count("kort", 10) == 1
    assert line_count("en to tre fire fem", 9) == 2
    assert line_count("en to tre fire fem seks", 9) == 3
    assert line_count("a\nb\nc", 10) == 3
    assert line_count("x" * 25, 10) == 3
