"""Finished table sheets: the conventions of every workbook the portal hands to people.

A `TableSheet` describes one sheet as plain values: optional lines above the table (the first is the sheet's
title; the others label/value pairs), one header row and the table's rows. `TableWorkbook.add()` writes it with
openpyxl's write-only mode, every cell through the formula-safe rule of `common.xlsx`, so that the sheet looks
finished when it is opened and when it is printed:

- Norwegian headers (a header holding `_` is refused: headers are for people) in one bold, wrapped header row,
  frozen together with the first `freeze_columns` columns, under an autofilter that covers the whole table, and
  repeated at the top of every printed page;
- every used column a width fitted to its longest line (a header may wrap over four lines), capped per kind;
  text longer than the cap wraps, rows are as tall as their wrapped text, and every cell is top-aligned;
- Arial 10 throughout, the workbook's default font too (column widths are measured in it), so Excel and
  LibreOffice (which has Liberation Sans, metrically the same) lay the sheet out alike;
- dates and times as real Excel dates in Norwegian formats (dd.mm.åååå, dd.mm.åååå tt:mm); an aware time is
  converted to Europe/Oslo wall-clock time (spreadsheets have no time zones); shares (0–1) as percentages with
  one decimal;
- landscape A4, fit to one page wide and as many pages high as needed, grid lines printed, the sheet's name in
  the page header and a footer with the office, the period and «Side N av M»;
- native bar charts whose series reference the sheet's own cells (`BarChart`), under the table from a new
  printed page, side by side as the table's width allows, never split by a page break.

Writing is two steps: `plan_sheet()` decides everything (widths, wrapping, styles, row heights, freeze, filter,
charts, page breaks, safe values) and `write_plan()` hands the plan to openpyxl. The report benchmark's floor
writes the same plans with openpyxl alone, so what it measures beside it is the portal's own work.

Formats and alignment are named cell styles («LHL Dato», «LHL Andel» …): one style per cell, visible as such in
Excel's style list. `TableWorkbook.content()` saves through `common.xlsx.workbook_bytes`: the document properties
(title, subject, author = the portal, created) are pinned, so the same sheets give the same bytes.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart as OpenpyxlBarChart
from openpyxl.chart import Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RegularTextRun
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from .xlsx import FORMULA_PREFIXES, clean_text, new_workbook, workbook_bytes

OSLO = ZoneInfo("Europe/Oslo")
PORTAL = "Leve hele livet-portalen"

# Column kinds: what a column holds, which decides its format and the cap on its width.
TEXT, LONG_TEXT, NUMBER, SHARE, DATE, DATETIME = "text", "long_text", "number", "share", "date", "datetime"
MAX_WIDTH = {TEXT: 40, LONG_TEXT: 80, NUMBER: 16, SHARE: 12, DATE: 14, DATETIME: 18}
HEADER_LINES = 4  # a header may wrap over this many lines before it widens its column
# Width units are the default font's digit (Arial 10: 7 px). Plain text takes about one unit a character and bold
# about 1.1 (generous: a row estimated too short would hide text); a cell needs a little padding, and a header
# room for the autofilter's button too.
TEXT_UNITS, BOLD_UNITS = 1.0, 1.1
# Wrapped text: running prose averages narrower letters than a digit, so a line of a column `w` units wide holds
# about 1.1 w characters of plain text and w of bold (a row estimated from these is as tall as its text).
WRAP_CHARS_PER_UNIT, WRAP_BOLD_CHARS_PER_UNIT = 1.1, 1.0
CELL_PADDING, FILTER_BUTTON, MIN_WIDTH = 1.5, 2.0, 6
# Printing: a width unit is about 0.19 cm, a default row 15 pt; A4 landscape within the margins of print_setup()
# and room for the page header and footer.
CM_PER_UNIT, ROW_CM = 0.19, 0.53
PRINTABLE_WIDTH_CM, PRINTABLE_HEIGHT_CM = 29.7 - 2 * 1.27, 21.0 - 2 * 1.9 - 1.2
CHART_GAP_CM = 0.5
CHART_TITLE_SIZE, CHART_LABEL_SIZE = 1100, 800  # hundredths of a point

DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
SHARE_FORMAT = "0.0 %"

# Arial: on every office PC, and LibreOffice prints it with the metric-compatible Liberation Sans.
FONT, FONT_SIZE = "Arial", 10
LINE_HEIGHT, ROW_PADDING, MIN_ROW_HEIGHT, MAX_ROW_HEIGHT = 12.75, 2.25, 15.0, 409.0  # points; 409: Excel's limit
TOP = Alignment(vertical="top")
TOP_WRAP = Alignment(vertical="top", wrap_text=True)

# The named styles, by role. Excel lists them under «Cellestiler».
STYLE_TITLE = "LHL Tittel"
STYLE_LABEL = "LHL Ledetekst"
STYLE_HEADER = "LHL Kolonneoverskrift"
STYLE_TEXT = "LHL Tekst"
STYLE_WRAP = "LHL Lang tekst"
STYLE_NUMBER = "LHL Tall"
STYLE_SHARE = "LHL Andel"
STYLE_DATE = "LHL Dato"
STYLE_DATETIME = "LHL Tidspunkt"


def named_styles() -> dict[str, NamedStyle]:
    """A fresh set of the named styles (a NamedStyle belongs to one workbook once registered)."""
    plain, bold = Font(name=FONT, size=FONT_SIZE), Font(name=FONT, size=FONT_SIZE, bold=True)
    return {
        STYLE_TITLE: NamedStyle(STYLE_TITLE, font=Font(name=FONT, size=13, bold=True)),
        STYLE_LABEL: NamedStyle(STYLE_LABEL, font=bold, alignment=TOP_WRAP),
        STYLE_HEADER: NamedStyle(STYLE_HEADER, font=bold, alignment=TOP_WRAP),
        STYLE_TEXT: NamedStyle(STYLE_TEXT, font=plain, alignment=TOP),
        STYLE_WRAP: NamedStyle(STYLE_WRAP, font=plain, alignment=TOP_WRAP),
        STYLE_NUMBER: NamedStyle(STYLE_NUMBER, font=plain, alignment=TOP),
        STYLE_SHARE: NamedStyle(STYLE_SHARE, font=plain, number_format=SHARE_FORMAT, alignment=TOP),
        STYLE_DATE: NamedStyle(STYLE_DATE, font=plain, number_format=DATE_FORMAT, alignment=TOP),
        STYLE_DATETIME: NamedStyle(STYLE_DATETIME, font=plain, number_format=DATETIME_FORMAT, alignment=TOP),
    }


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    max_width: int | None = None  # characters; default MAX_WIDTH[kind]

    @property
    def cap(self) -> int:
        return self.max_width or MAX_WIDTH[self.kind]


@dataclass(frozen=True)
class BarChart:
    """A bar chart over rows of the table: categories from one column, a series from each of `series` (the
    series is named by its column's header). Rows are indexes into `TableSheet.rows`, both included."""

    title: str
    categories: int  # 1-based column
    series: tuple[int, ...]  # 1-based columns
    first_row: int
    last_row: int
    percent: bool = True  # the values are shares: the axis runs from 0 to 100 %
    horizontal: bool = True  # bars to the right, category names readable on the left
    anchor: str = ""  # top-left cell; default: placed under the table from a new printed page
    width_cm: float = 24
    height_cm: float = 0  # default: fitted to the number of categories and series


@dataclass
class TableSheet:
    title: str  # the sheet's name
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    above: list[list] = field(default_factory=list)  # [title], then [label, value, …] lines, then [] for a gap
    freeze_columns: int = 0
    charts: list[BarChart] = field(default_factory=list)

    @property
    def header_row(self) -> int:
        """The header's 1-based row number."""
        return len(self.above) + 1

    def excel_row(self, index: int) -> int:
        """The 1-based row number of `rows[index]`."""
        return self.header_row + 1 + index

    def add(self, values: list) -> None:
        self.rows.append(values)


@dataclass(frozen=True)
class PageFooter:
    """What every printed page names: the office (or «Hele landet») and the period."""

    office: str = ""
    period: str = ""


# --- values -----------------------------------------------------------------------------------------------------


def excel_time(moment: datetime.datetime) -> datetime.datetime:
    """A time as spreadsheets hold it: Europe/Oslo wall-clock time without a zone, whole seconds."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(OSLO).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _style_of(value: Any, column: Column, wrapped: bool) -> str:
    if isinstance(value, datetime.datetime):
        return STYLE_DATETIME
    if isinstance(value, datetime.date):
        return STYLE_DATE
    if isinstance(value, float) and column.kind == SHARE:
        return STYLE_SHARE
    if isinstance(value, int | float):
        return STYLE_NUMBER
    return STYLE_WRAP if wrapped else STYLE_TEXT


def _length(value: Any, kind: str = TEXT) -> int:
    """How many characters the value needs on one line (the longest line of a text)."""
    if value is None or value == "":
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, float):
        return 7 if kind == SHARE else len(f"{value:,.2f}")
    if isinstance(value, int):
        return len(f"{value:,}")
    text = str(value)
    if "\n" in text:
        return max(len(line) for line in text.split("\n"))
    return len(text)


def _header_length(header: str) -> int:
    """A header wraps at spaces: its longest word, or a quarter of it, whichever is longer."""
    longest_word = max((len(word) for word in header.split()), default=0)
    return max(longest_word, math.ceil(len(header) / HEADER_LINES))


def _data_width(characters: int) -> float:
    return characters * TEXT_UNITS + CELL_PADDING


def _header_width(characters: int) -> float:
    return characters * BOLD_UNITS + CELL_PADDING + FILTER_BUTTON


def header_fit(width: float) -> int:
    """How many characters of a bold header fit on one line of a column `width` units wide."""
    return max(1, int((width - CELL_PADDING - FILTER_BUTTON) * WRAP_BOLD_CHARS_PER_UNIT))


def line_fit(width: float) -> int:
    """How many characters of wrapped plain text fit on one line of a column `width` units wide."""
    return max(1, int((width - CELL_PADDING) * WRAP_CHARS_PER_UNIT))


@dataclass(frozen=True)
class Layout:
    """Per column: its width (Excel units), whether it wraps, and how many characters fit on one of its lines."""

    widths: list[float]
    wrapped: list[bool]
    fits: list[int]

    def row_height(self, values: list) -> float | None:
        """The height (points) a row with wrapped text needs; None for a single-line row."""
        lines = 1
        for value, wraps, fit in zip(values, self.wrapped, self.fits, strict=False):
            if wraps and isinstance(value, str) and (len(value) > fit or "\n" in value):
                lines = max(lines, line_count(value, fit))
        if lines == 1:
            return None
        return min(MAX_ROW_HEIGHT, max(MIN_ROW_HEIGHT, lines * LINE_HEIGHT + ROW_PADDING))


def line_count(text: str, fit: int) -> int:
    """How many lines a text takes in a column where `fit` characters fit on a line (greedy word wrap)."""
    count = 0
    for line in text.split("\n"):
        if len(line) <= fit:
            count += 1
            continue
        lines, width = 1, 0
        for word in line.split(" "):
            size = len(word)
            if width == 0:
                width = size
            elif width + 1 + size <= fit:
                width += 1 + size
            else:
                lines += 1
                width = size
            while width > fit:
                lines += 1
                width -= fit
        count += lines
    return count


def layout(sheet: TableSheet) -> Layout:
    """Widths fitted to the content: the header, the table's cells, and the lines above it (their labels and
    non-text values; the title and text values may run across), capped per kind. A column wraps when it is
    long text, when its content is longer than its cap, or when it holds line breaks."""
    count = len(sheet.columns)
    lengths = [0] * count
    breaks = [False] * count
    for line in sheet.above[1:]:
        for i, value in enumerate(line[:count]):
            if i == 0 or not isinstance(value, str):
                lengths[i] = max(lengths[i], _length(value))
    kinds = [column.kind for column in sheet.columns]
    for row in sheet.rows:
        for i, value in enumerate(row):
            if isinstance(value, str):
                if "\n" in value:
                    breaks[i] = True
                    size = _length(value)
                else:
                    size = len(value)
            else:
                size = _length(value, kinds[i])
            if size > lengths[i]:
                lengths[i] = size
    widths, wrapped, fits = [], [], []
    for i, column in enumerate(sheet.columns):
        width = max(_data_width(min(lengths[i], column.cap)), _header_width(_header_length(column.header)), MIN_WIDTH)
        widths.append(round(width, 1))
        wrapped.append(column.kind == LONG_TEXT or breaks[i] or lengths[i] > column.cap)
        fits.append(line_fit(width))
    return Layout(widths=widths, wrapped=wrapped, fits=fits)


# --- writing ----------------------------------------------------------------------------------------------------


def _footer_text(text: str) -> str:
    return text.replace("&", "&&")


def print_setup(ws, *, header_row: int, footer: PageFooter) -> None:
    """Landscape A4, one page wide, the header row on every page, grid lines, the sheet's name on top and the
    office, the period and the page number at the bottom."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddHeader.left.text = "&A"
    ws.oddHeader.left.size = 9
    ws.oddFooter.left.text = _footer_text(footer.office)
    ws.oddFooter.center.text = _footer_text(footer.period)
    ws.oddFooter.right.text = "Side &P av &N"
    for part in (ws.oddFooter.left, ws.oddFooter.center, ws.oddFooter.right):
        part.size = 9


# --- the plan: every decision about a sheet, before openpyxl writes it ------------------------------------------


@dataclass(frozen=True)
class PlacedChart:
    spec: BarChart
    anchor: str
    first: int  # 1-based rows of the series
    last: int
    header_row: int
    height_cm: float


@dataclass
class SheetPlan:
    """A sheet decided down to the cell: what openpyxl alone is given to write it (the benchmark's floor writes
    the same plans). `rows` are all rows in order (the lines above, the header, the table); each cell is None
    or (value, style, quoted)."""

    title: str
    widths: list[float]
    freeze: str
    filter_ref: str
    header_row: int
    rows: list[list[tuple[Any, str, bool] | None]]
    heights: dict[int, float]
    charts: list[PlacedChart]
    breaks: list[int]  # 1-based rows after which a printed page ends


def _planned(value: Any, style: str) -> tuple[Any, str, bool] | None:
    """A cell's value made safe (text never a formula, no characters XML cannot carry, times in Oslo)."""
    if value is None:
        return None
    if isinstance(value, str):
        text = clean_text(value)
        return text, style, text.startswith(FORMULA_PREFIXES)
    if isinstance(value, datetime.datetime):
        return excel_time(value), style, False
    return value, style, False


def _styles_by_type(column: Column, wrapped: bool) -> dict[type, str]:
    """A column's style for each type of value it may hold (tables hold tens of thousands of cells)."""
    return {
        str: STYLE_WRAP if wrapped else STYLE_TEXT,
        int: STYLE_NUMBER,
        float: STYLE_SHARE if column.kind == SHARE else STYLE_NUMBER,
        datetime.date: STYLE_DATE,
        datetime.datetime: STYLE_DATETIME,
    }


def _planned_row(row: list, styles: list[dict[type, str]]) -> list[tuple[Any, str, bool] | None]:
    """`_planned` for a table row, with each column's styles decided beforehand."""
    cells: list[tuple[Any, str, bool] | None] = []
    for value, by_type in zip(row, styles, strict=False):
        kind = type(value)
        if value is None:
            cells.append(None)
        elif kind is str:
            text = clean_text(value)
            cells.append((text, by_type[str], text.startswith(FORMULA_PREFIXES)))
        elif kind is datetime.datetime:
            cells.append((excel_time(value), STYLE_DATETIME, False))
        elif kind in by_type:
            cells.append((value, by_type[kind], False))
        else:  # a subclass (a bool, a Decimal …): decided the slow way
            cells.append(
                _planned(
                    value,
                    _style_of(
                        value, Column("", SHARE if by_type[float] == STYLE_SHARE else TEXT), by_type[str] == STYLE_WRAP
                    ),
                )
            )
    return cells


def _chart_height(spec: BarChart) -> float:
    rows = spec.last_row - spec.first_row + 1
    return spec.height_cm or max(7.5, 2.5 + rows * len(spec.series) * 0.55)


def _place_charts(sheet: TableSheet, widths: list[float], last_row: int) -> tuple[list[PlacedChart], list[int]]:
    """Charts go under the table from a new printed page, as many side by side as the table is wide, and a
    page break before a row of charts that would not fit on the page."""
    if not sheet.charts:
        return [], []
    table_cm = sum(widths) * CM_PER_UNIT
    scale = min(1.0, PRINTABLE_WIDTH_CM / table_cm)
    page_cm = PRINTABLE_HEIGHT_CM / scale
    placed, breaks = [], [last_row]
    row, used_cm = last_row + 2, 0.0
    specs = list(sheet.charts)
    while specs:
        across: list[BarChart] = []
        width_cm = 0.0
        while specs and (not across or width_cm + specs[0].width_cm + CHART_GAP_CM <= table_cm):
            width_cm += specs[0].width_cm + CHART_GAP_CM
            across.append(specs.pop(0))
        height_cm = max(_chart_height(spec) for spec in across)
        if used_cm and used_cm + height_cm > page_cm:
            breaks.append(row - 1)
            used_cm = 0.0
        left_cm = 0.0
        for spec in across:
            anchor = spec.anchor or f"{_column_at(widths, left_cm)}{row}"
            first, last = sheet.excel_row(spec.first_row), sheet.excel_row(spec.last_row)
            placed.append(PlacedChart(spec, anchor, first, last, sheet.header_row, _chart_height(spec)))
            left_cm += spec.width_cm + CHART_GAP_CM
        rows = math.ceil((height_cm + CHART_GAP_CM) / ROW_CM)
        row += rows
        used_cm += rows * ROW_CM
    return placed, breaks


def _column_at(widths: list[float], left_cm: float) -> str:
    """The first column that starts at or after `left_cm` from the sheet's left edge."""
    position = 0.0
    for index, width in enumerate(widths, start=1):
        if position >= left_cm - 0.01:
            return get_column_letter(index)
        position += width * CM_PER_UNIT
    return get_column_letter(len(widths) + 1)


def plan_sheet(sheet: TableSheet) -> SheetPlan:
    """Every decision about a sheet: widths, wrapping, styles, row heights, freeze, filter, charts, breaks."""
    for column in sheet.columns:
        if "_" in column.header:
            raise ValueError(f"A header is for people, not a code: {column.header!r}")
    found = layout(sheet)
    header_row = sheet.header_row
    last_row = header_row + max(len(sheet.rows), 1)
    rows: list[list] = []
    heights: dict[int, float] = {}
    for index, line in enumerate(sheet.above):
        if index == 0:
            rows.append([_planned(value, STYLE_TITLE) for value in line])
            continue
        cells: list[tuple[Any, str, bool] | None] = []
        label = line[0] if line else None
        label_fit = max(1, int((found.widths[0] - CELL_PADDING) * WRAP_BOLD_CHARS_PER_UNIT))
        if isinstance(label, str) and len(label) > label_fit:  # a long label wraps in its column
            lines = line_count(label, label_fit)
            heights[index + 1] = min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + ROW_PADDING)
        for position, value in enumerate(line):
            if value is None or value == "":
                cells.append(None)
            elif position == 0:
                cells.append(_planned(value, STYLE_LABEL))
            else:
                column = sheet.columns[position] if position < len(sheet.columns) else Column("")
                cells.append(_planned(value, _style_of(value, column, False)))
        rows.append(cells)
    headers = [column.header for column in sheet.columns]
    header_fits = [header_fit(width) for width in found.widths]
    height = Layout(found.widths, [True] * len(headers), header_fits).row_height(headers)
    if height is not None:
        heights[header_row] = height
    rows.append([_planned(header, STYLE_HEADER) for header in headers])
    styles = [_styles_by_type(column, wraps) for column, wraps in zip(sheet.columns, found.wrapped, strict=True)]
    for index, row in enumerate(sheet.rows):
        height = found.row_height(row)
        if height is not None:
            heights[header_row + 1 + index] = height
        rows.append(_planned_row(row, styles))
    charts, breaks = _place_charts(sheet, found.widths, sheet.excel_row(len(sheet.rows) - 1))
    return SheetPlan(
        title=sheet.title,
        widths=found.widths,
        freeze=f"{get_column_letter(sheet.freeze_columns + 1)}{header_row + 1}",
        filter_ref=f"A{header_row}:{get_column_letter(len(sheet.columns))}{last_row}",
        header_row=header_row,
        rows=rows,
        heights=heights,
        charts=charts,
        breaks=breaks,
    )


# --- writing a plan -----------------------------------------------------------------------------------------------


def _chart(ws, placed: PlacedChart) -> OpenpyxlBarChart:
    spec = placed.spec
    chart = OpenpyxlBarChart()
    chart.type = "bar" if spec.horizontal else "col"
    chart.grouping = "clustered"
    chart.title = _chart_title(spec.title)
    chart.style = 10
    categories = str(Reference(ws, min_col=spec.categories, min_row=placed.first, max_row=placed.last))
    for column in spec.series:
        chart.add_data(Reference(ws, min_col=column, min_row=placed.first, max_row=placed.last))
        series = chart.series[-1]
        series.tx = SeriesLabel(strRef=StrRef(str(Reference(ws, min_col=column, min_row=placed.header_row))))
        series.cat = AxDataSource(strRef=StrRef(categories))  # names, not numbers
    value_axis, category_axis = chart.y_axis, chart.x_axis
    value_axis.delete = False
    category_axis.delete = False
    if spec.horizontal:
        category_axis.scaling.orientation = "maxMin"  # the first row on top, as in the table
    if spec.percent:
        value_axis.numFmt = "0%"
        value_axis.scaling.min = 0
        value_axis.scaling.max = 1
        value_axis.majorUnit = 0.2
    category_axis.txPr = _text_size(CHART_LABEL_SIZE)
    value_axis.txPr = _text_size(CHART_LABEL_SIZE)
    if len(spec.series) > 1:
        chart.legend.position = "b"
        chart.legend.txPr = _text_size(CHART_LABEL_SIZE)
    else:
        chart.legend = None  # one series: its name is the chart's title
    chart.width = spec.width_cm
    chart.height = placed.height_cm
    chart.anchor = placed.anchor
    return chart


def _text_size(hundredths: int, *, bold: bool = False) -> RichText:
    properties = CharacterProperties(sz=hundredths, b=bold)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=properties), endParaRPr=properties)])


def _chart_title(text: str) -> Title:
    properties = CharacterProperties(sz=CHART_TITLE_SIZE, b=True)
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=properties), r=[RegularTextRun(rPr=properties, t=text)])
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def write_plan(wb, plan: SheetPlan, *, footer: PageFooter) -> None:
    """Write a planned sheet with openpyxl's write-only mode."""
    ws = wb.create_sheet(plan.title)
    for index, width in enumerate(plan.widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = plan.freeze
    ws.auto_filter.ref = plan.filter_ref
    print_setup(ws, header_row=plan.header_row, footer=footer)
    heights = plan.heights
    for number, row in enumerate(plan.rows, start=1):
        if number in heights:
            ws.row_dimensions[number].height = heights[number]  # before the row: write-only writes it once
        written: list[WriteOnlyCell | None] = []
        for found in row:
            if found is None:
                written.append(None)
                continue
            value, style, quoted = found
            c = WriteOnlyCell(ws, value=value)
            c.style = style
            if quoted:
                c.data_type = "s"
                c.quotePrefix = True
            written.append(c)
        ws.append(written)
    for placed in plan.charts:
        ws.add_chart(_chart(ws, placed))
    for break_row in plan.breaks:
        ws.row_breaks.append(Break(id=break_row))


def use_default_font(wb) -> None:
    """Make the workbook's default font (the «Normal» style's, which column widths are measured in) the one
    every cell uses, so a width means the same in Excel and in LibreOffice (which prints Arial with the
    metric-compatible Liberation Sans, and has no Calibri). openpyxl has no public setting for it: the font
    list starts over with the default font, and «Normal» is pointed at it."""
    font = Font(name=FONT, size=FONT_SIZE)
    wb._fonts = IndexedList([font])
    wb._named_styles["Normal"].font = font


class TableWorkbook:
    """A workbook of finished table sheets, with pinned document properties."""

    def __init__(
        self,
        *,
        title: str,
        created: datetime.datetime,
        subject: str = "",
        description: str = "",
        footer: PageFooter | None = None,
    ):
        self.wb = new_workbook(created=created, creator=PORTAL)
        self.wb.properties.title = title
        self.wb.properties.subject = subject or None
        self.wb.properties.description = description or None
        self.wb.properties.language = "nb-NO"
        use_default_font(self.wb)
        for style in named_styles().values():
            self.wb.add_named_style(style)
        self.footer = footer or PageFooter()

    def add(self, sheet: TableSheet) -> None:
        write_plan(self.wb, plan_sheet(sheet), footer=self.footer)

    def content(self) -> bytes:
        return workbook_bytes(self.wb)
