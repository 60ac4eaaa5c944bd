"""What every finished workbook of the portal must show when opened with openpyxl (common.xlsx_tables):
used by the tests of each workbook (packages, status exports, grants, events)."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter

DATE_FORMATS = ("dd.mm.yyyy", "dd.mm.yyyy hh:mm")


def load(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def header_row(ws) -> int:
    """The table's header row: the row the autofilter starts on."""
    return int(re.match(r"[A-Z]+(\d+):", ws.auto_filter.ref).group(1))


def headers(ws) -> list[str]:
    row = header_row(ws)
    return [c.value for c in ws[row] if c.value is not None]


def table_rows(ws) -> list[tuple]:
    """The table's data rows (after the header row), as values."""
    return [tuple(r) for r in ws.iter_rows(min_row=header_row(ws) + 1, values_only=True)]


def table(ws) -> list[dict]:
    """A sheet's table (the autofilter's header row and the rows under it) as dicts by header."""
    row = header_row(ws)
    names = [c.value for c in ws[row]]
    return [dict(zip(names, r, strict=False)) for r in ws.iter_rows(min_row=row + 1, values_only=True)]


def column_values(ws, header: str) -> list:
    row = header_row(ws)
    position = headers(ws).index(header)
    return [r[position] for r in ws.iter_rows(min_row=row + 1, values_only=True)]


def assert_finished(content: bytes, *, footer: tuple[str, ...] = ()) -> openpyxl.Workbook:
    """Every sheet: one table with an autofilter over it, a bold frozen header, Norwegian headers without `_`,
    a width for every used column, landscape fit to one page wide with the header row repeated, a footer with
    page numbers (and the texts in `footer`), dates as date cells; the document's title and author set."""
    wb = load(content)
    assert wb.properties.title
    assert wb.properties.creator == "Leve hele livet-portalen"
    for ws in wb:
        assert ws.auto_filter.ref, ws.title
        row = header_row(ws)
        first_col, last_col = ws.auto_filter.ref.split(":")
        assert first_col == f"A{row}", ws.title
        assert int(re.sub(r"[A-Z]+", "", last_col)) == max(ws.max_row, row + 1), ws.title
        names = headers(ws)
        assert names, ws.title
        for header_cell in ws[row]:
            if header_cell.value is None:
                continue
            assert header_cell.font.bold, (ws.title, header_cell.value)
            assert "_" not in str(header_cell.value), (ws.title, header_cell.value)
        assert ws.freeze_panes is not None, ws.title
        assert int(re.sub(r"[A-Z]+", "", ws.freeze_panes)) == row + 1, ws.title
        for index in range(1, len(names) + 1):
            letter = get_column_letter(index)
            assert ws.column_dimensions[letter].width, (ws.title, letter)
        setup = ws.page_setup
        assert setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title
        assert ws.print_title_rows == f"${row}:${row}", ws.title
        assert cut_cells(ws) == [], ws.title
        assert too_tall_rows(ws) == [], ws.title
        footer_text = "".join(part.text or "" for part in (ws.oddFooter.left, ws.oddFooter.center, ws.oddFooter.right))
        assert "&P" in footer_text, ws.title
        assert "&N" in footer_text, ws.title
        for text in footer:
            assert text in footer_text, (ws.title, text)
        for position, name in enumerate(names):
            if "dato" not in name.lower():
                continue
            for values in ws.iter_rows(min_row=row + 1, min_col=position + 1, max_col=position + 1):
                c = values[0]
                if c.value is None:
                    continue
                assert isinstance(c.value, datetime.date), (ws.title, name, c.value)
                assert c.number_format in DATE_FORMATS, (ws.title, name, c.number_format)
    return wb


def chart_references(content: bytes, sheet_title: str) -> list[str]:
    """The cell references (`<f>`) of every chart drawn on the sheet."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    workbook_xml = archive.read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet [^>]*name="([^"]+)"', workbook_xml)
    index = names.index(sheet_title) + 1
    rels_name = f"xl/worksheets/_rels/sheet{index}.xml.rels"
    if rels_name not in archive.namelist():
        return []
    drawings = re.findall(r'Target="/?(?:xl/)?(?:\.\./)?(drawings/drawing\d+\.xml)"', archive.read(rels_name).decode())
    references = []
    for drawing in drawings:
        rels = archive.read(f"xl/drawings/_rels/{drawing.split('/')[-1]}.rels").decode()
        for chart in re.findall(r'Target="/?(?:xl/)?(?:\.\./)?(charts/chart\d+\.xml)"', rels):
            references += re.findall(r"<(?:c:)?f>([^<]+)</(?:c:)?f>", archive.read(f"xl/{chart}").decode())
    return references


def known_codes() -> set[str]:
    """Every code or slug a person should never meet in a data cell: fact values, gap kinds, figure keys, text
    section keys, office, period, network and catalogue slugs."""
    from municipalities.gaps import KINDS
    from municipalities.models import FocusArea, Office, Solution
    from municipalities.registry import FACT_TYPES
    from networks.models import Network
    from reporting.periods.models import FIGURE_KEYS, TEXT_SECTIONS, ReportingPeriod
    from reporting.reports.models import Report

    codes = {code for ft in FACT_TYPES.values() for code in ft.values}
    codes |= set(FACT_TYPES) | set(KINDS) | set(FIGURE_KEYS) | set(TEXT_SECTIONS) | set(Report.Status.values)
    codes |= set(Office.objects.values_list("slug", flat=True))
    codes |= set(ReportingPeriod.objects.values_list("slug", flat=True))
    codes |= set(FocusArea.objects.values_list("code", flat=True)) | set(
        Solution.objects.values_list("code", flat=True)
    )
    codes |= {f"{office}/{slug}" for office, slug in Network.objects.values_list("office__slug", "slug")}
    return codes


def no_codes(ws, codes: set[str] | None = None) -> list[tuple[str, str]]:
    """The cells of a data sheet that hold a raw code or slug (a whole cell, a line of it, or a `;` list), outside
    columns whose header holds «Kode»: [(coordinate, value)]. An empty list is what a test wants."""
    codes = known_codes() if codes is None else codes
    if "Kode" in ws.title:
        return []
    row = header_row(ws)
    exempt = {c.column for c in ws[row] if isinstance(c.value, str) and "Kode" in c.value}
    found = []
    for cells in ws.iter_rows():
        for c in cells:
            if not isinstance(c.value, str) or c.column in exempt:
                continue
            parts = {c.value.strip()} | {p.strip() for p in re.split(r"[\n;]", c.value)}
            if parts & codes or re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", c.value.strip()):
                found.append((c.coordinate, c.value))
    return found


def _width(ws, column: int) -> float:
    return ws.column_dimensions[get_column_letter(column)].width or 8.43


def cut_cells(ws) -> list[tuple[str, str]]:
    """Text cells that print cut: longer than their column is wide, not wrapped, and with a filled cell to their
    right (so the text cannot run over). [(coordinate, value)]; an empty list is what a test wants."""
    cut = []
    for cells in ws.iter_rows():
        for c in cells:
            if not isinstance(c.value, str) or c.alignment.wrap_text:
                continue
            longest = max(len(line) for line in c.value.split("\n"))
            right = ws.cell(row=c.row, column=c.column + 1).value
            if longest > _width(ws, c.column) and right not in (None, ""):
                cut.append((c.coordinate, c.value))
    return cut


LINE_POINTS, CHARS_PER_UNIT = 12.75, 1.1  # Arial 10; running text fits about 1.1 characters per width unit


def too_tall_rows(ws, *, margin_lines: int = 2) -> list[tuple[int, float, int]]:
    """Rows with a set height taller than their longest wrapped cell needs (characters per line ≈ width × 1.1,
    bold headers ≈ width) plus `margin_lines`: [(row, height, lines needed)]."""
    found = []
    for number, dimension in list(ws.row_dimensions.items()):
        if not dimension.height:
            continue
        needed = 1
        for c in ws[number]:
            if not isinstance(c.value, str):
                continue
            per_line = max(1, int(_width(ws, c.column) * (1.0 if c.font.bold else CHARS_PER_UNIT)))
            lines = sum(max(1, -(-len(line) // per_line)) for line in c.value.split("\n"))
            needed = max(needed, lines)
        if dimension.height > (needed + margin_lines) * LINE_POINTS + 3:
            found.append((number, dimension.height, needed))
    return found
