"""The office's working sheet ("Arbeidsark for statusoppdatering"): build it, read an edited one back into a
preview of changes, and apply a preview in one transaction.

The sheet (`office_sheet_bytes`):
- sheet "Status": row 1 the column codes (`SheetColumn.code`), row 2 Norwegian labels, from row 3 one row per
  municipality of the office (sorted by number) with the values' Norwegian labels as of the as-of date (the
  registry's «Ikke registrert» or «Ikke vurdert» where never recorded). `decision_target_date`, right after
  `decision`, holds the decision's target date as an Excel date. Drop-down lists of the labels per column;
  number and name locked (sheet protection, other cells unlocked).
- sheet "Koder": every column and value explained in Norwegian, with the codes and short forms accepted.
- hidden sheet "Portal": the export time, the office, the as-of date and every row's `status_version`, also
  as one signed token (the token is what the upload trusts; the plain copy is for people).
- Priority columns follow the catalogue: each focus area followed by its own solutions.

Reading an upload (`sheet_parse`): the bytes pass `common.uploads.check_xlsx` before openpyxl opens them
(read-only, formulas not evaluated), with row and column caps. The result is a plain, JSON-able
`ParsedSheet` (the file itself is never kept). Every problem names its row and column.

Cells are read in any spelling the registry accepts (code, label, short form, any case); the never-recorded
label reads as a blank cell. A target date may be an Excel date, `d.m.åååå` or ISO text.

`sheet_preview` compares the parsed cells with the status as of the effective date: a blank cell or a value
equal to the current one is no change. Values are in `export_status`'s vocabulary: a never-recorded
three-valued fact (decision, the anchoring facts, a network) reads `none`, the others read empty; `no` for a
never-recorded priority is no change either. Every changed cell goes through the registry's input builder
(the same checks and messages as the record form); a row whose decision and target date are both unchanged
is no change, so a described process imported without a target date round-trips untouched. A changed target
date is its own change (fact `decision_target_date` in `import_sheet --dry-run`) but one recorded decision.
A row whose municipality's status moved since the export and that would change something is *stale*: it is
applied only when the user has looked at it again.

`sheet_apply` recomputes the preview, refuses if anything moved since the preview, and records the built
facts with `services.facts_record(..., source="sheet")` in one transaction.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.models import User
from common.text import excerpt
from common.uploads import MAX_ROWS, UploadRejected, check_xlsx
from common.xlsx import new_workbook, set_safe_value, workbook_bytes

from .fact_builder import FactBuilder, RawFact, unknown_value_problem
from .models import FocusArea, Municipality, Office, Solution
from .registry import EARLIEST_DATE, FACT_TYPES, LATEST_PLANNED_DATE, SINGLE_FACTS, UNRECORDED
from .registry.rules import parse_date_text
from .registry.types import normalise
from .selectors import MunicipalityStatus, status_as_of
from .services import FactInput, facts_record

SHEET_SOURCE = "sheet"
STATUS_SHEET = "Status"
CODES_SHEET = "Koder"
META_SHEET = "Portal"
FIXED_COLUMNS = ("kommunenummer", "navn")
FIRST_DATA_ROW = 3
MAX_COLUMNS = 200
TOKEN_SALT = "lhl.municipalities.sheet"
EXCEL_EPOCH = datetime.date(1899, 12, 30)  # day 0 of Excel's date serial numbers
DATE_FORMAT = "d.m.yyyy"
NUMBER_RE = re.compile(r"^[0-9]{4}$")
# The longest text a cell may hold: far above any label, name or date the sheet holds (Excel allows 32,767).
MAX_CELL_CHARS = 1000


# --- Columns --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetColumn:
    code: str  # the code in row 1
    fact: str  # "" for kommunenummer and navn
    detail: str = ""  # the network slug or the priority code
    label: str = ""  # the Norwegian label in row 2
    network: Any = None  # the network of a network column
    target_date: bool = False  # the column holds the fact's target date, not its value

    @property
    def fact_type(self):
        return FACT_TYPES[self.fact]

    @property
    def key(self) -> str:
        """The fact's key in a status: the network's qualified slug, the priority code, or ""."""
        return self.network.qualified_slug if self.network is not None else self.detail

    def status_fact(self, status: MunicipalityStatus):
        return self.fact_type.current(status, self.key)

    def cell_value(self, status: MunicipalityStatus) -> Any:
        """What the sheet shows: the value's label (the never-recorded label when none), or the target date."""
        found = self.status_fact(status)
        if self.target_date:
            return found.target_date if found is not None else None
        return self.fact_type.display(found)

    def export_value(self, status: MunicipalityStatus) -> str:
        """The current value in export_status's vocabulary (never recorded: "none" or empty); for the target
        date column, the date as YYYY-MM-DD or empty."""
        found = self.status_fact(status)
        if self.target_date:
            return found.target_date.isoformat() if found is not None and found.target_date else ""
        return self.fact_type.export_value(found)

    def shown(self, status: MunicipalityStatus) -> str:
        """The current value as the pages show it (the never-recorded label when none)."""
        found = self.status_fact(status)
        if self.target_date:
            if found is None or not found.target_date:
                return str(UNRECORDED)
            return found.target_date.strftime("%d.%m.%Y")
        return self.fact_type.display(found)

    def new_label(self, value: str) -> str:
        if self.target_date:
            return datetime.date.fromisoformat(value).strftime("%d.%m.%Y")
        return self.fact_type.value_label(value)


def target_column_code(fact: str) -> str:
    """The column holding a fact's target date (decision_target_date)."""
    return f"{fact}_target_date"


def catalogue_entries() -> list[FocusArea | Solution]:
    """The 30 focus areas and solutions, each area followed by its own solutions (catalogue order)."""
    solutions: dict[int, list[Solution]] = {}
    for solution in Solution.objects.order_by("position", "code"):
        solutions.setdefault(solution.area_id, []).append(solution)
    entries: list[FocusArea | Solution] = []
    for area in FocusArea.objects.order_by("position", "code"):
        entries.append(area)
        entries.extend(solutions.get(area.pk, []))
    return entries


def office_networks(office: Office) -> list:
    return list(office.networks.select_related("office").order_by("slug"))


def office_columns(office: Office) -> list[SheetColumn]:
    columns = [
        SheetColumn("kommunenummer", "", label=_("Kommunenummer")),
        SheetColumn("navn", "", label=_("Navn")),
    ]
    for key in SINGLE_FACTS:
        ft = FACT_TYPES[key]
        columns.append(SheetColumn(key, key, label=str(ft.label)))
        if ft.target_required_for:
            label = _("%(fact)s: måldato") % {"fact": ft.label}
            columns.append(SheetColumn(target_column_code(key), key, label=label, target_date=True))
    columns += [
        SheetColumn(f"network:{n.slug}", "network", n.slug, _("Nettverk: %(name)s") % {"name": n.name}, n)
        for n in office_networks(office)
    ]
    for entry in catalogue_entries():
        kind = _("Innsatsområde") if isinstance(entry, FocusArea) else _("Løsning")
        columns.append(SheetColumn(f"priority:{entry.code}", "priority", entry.code, f"{kind}: {entry.name}"))
    return columns


# --- Building the sheet ---------------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")


def _token(*, office: Office, exported_at: datetime.datetime, as_of: datetime.date, versions: dict[str, int]) -> str:
    payload = {"o": office.slug, "t": exported_at.isoformat(), "a": as_of.isoformat(), "v": versions}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def office_sheet_bytes(*, office: Office, as_of: datetime.date, exported_at: datetime.datetime | None = None) -> bytes:
    """The office's working sheet as .xlsx bytes (equal arguments and data give equal bytes)."""
    exported_at = (exported_at or timezone.now()).replace(microsecond=0)
    if timezone.is_naive(exported_at):
        exported_at = timezone.make_aware(exported_at)
    columns = office_columns(office)
    municipalities = list(Municipality.objects.filter(office=office).order_by("number"))
    statuses = status_as_of(municipalities, as_of=as_of)

    wb = new_workbook(write_only=False, created=exported_at)
    ws = wb.active
    ws.title = STATUS_SHEET
    for index, column in enumerate(columns, start=1):
        set_safe_value(ws.cell(row=1, column=index), column.code)
        set_safe_value(ws.cell(row=2, column=index), column.label)
        for row in (1, 2):
            c = ws.cell(row=row, column=index)
            c.font = Font(bold=row == 1)
            c.fill = HEADER_FILL
            c.alignment = Alignment(wrap_text=row == 2, vertical="top")
        ws.column_dimensions[get_column_letter(index)].width = 10 if index == 1 else 24 if index == 2 else 16
    ws.row_dimensions[2].height = 45
    last_row = FIRST_DATA_ROW + len(municipalities) - 1
    for row, municipality in enumerate(municipalities, start=FIRST_DATA_ROW):
        status = statuses[municipality.pk]
        for index, column in enumerate(columns, start=1):
            target = ws.cell(row=row, column=index)
            if column.code == "kommunenummer":
                set_safe_value(target, municipality.number)
                target.fill = LOCKED_FILL
            elif column.code == "navn":
                set_safe_value(target, municipality.name)
                target.fill = LOCKED_FILL
            else:
                set_safe_value(target, column.cell_value(status))
                target.protection = Protection(locked=False)
            target.number_format = DATE_FORMAT if column.target_date else "@"
    if municipalities:
        for index, column in enumerate(columns, start=1):
            if not column.fact:
                continue
            letter = get_column_letter(index)
            validation = _validation(column)
            validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
            ws.add_data_validation(validation)
    ws.freeze_panes = f"C{FIRST_DATA_ROW}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False

    _codes_sheet(wb, columns)
    versions = {m.number: m.status_version for m in municipalities}
    _meta_sheet(wb, office=office, exported_at=exported_at, as_of=as_of, versions=versions)
    return workbook_bytes(wb)


def _validation(column: SheetColumn) -> DataValidation:
    """The drop-down list of the column's Norwegian labels, or the date window of a target-date column."""
    if column.target_date:
        return DataValidation(
            type="date",
            operator="between",
            formula1=str((EARLIEST_DATE - EXCEL_EPOCH).days),
            formula2=str((LATEST_PLANNED_DATE - EXCEL_EPOCH).days),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Ugyldig dato"),
            error=_("Skriv en dato mellom 1.1.2018 og 31.12.2035 (d.m.åååå), eller la cellen stå tom."),
        )
    return DataValidation(
        type="list",
        formula1='"' + ",".join(str(label) for label in column.fact_type.values.values()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Ugyldig verdi"),
        error=_("Velg en av verdiene i listen, eller la cellen stå tom (ingen endring). Se arket «Koder»."),
    )


def _codes_sheet(wb, columns: Sequence[SheetColumn]) -> None:
    ws = wb.create_sheet(CODES_SHEET)
    rows: list[tuple[str, str, str]] = [
        (_("Slik bruker du arbeidsarket"), "", ""),
        (
            _(
                "Velg verdien fra listen i cellen du vil endre (koden eller en kortform i kolonnen «Kode» går også). "
                "En tom celle betyr «ingen endring»; en verdi lik dagens endrer heller ingenting. Alle endringer får "
                "datoen du oppgir ved opplastingen. Måldatoen skrives som dato (d.m.åååå)."
            ),
            "",
            "",
        ),
        (_("Kommunenummer og navn er låst. Dialogmøter registreres ikke her, men med «Endre flere kommuner»."), "", ""),
        ("", "", ""),
        (_("Kolonne"), _("Kode"), _("Betydning")),
    ]
    for column in columns:
        if not column.fact:
            continue
        ft = column.fact_type
        if column.target_date:
            rows.append(
                (
                    column.code,
                    "",
                    _("%(label)s – når planen skal vedtas; påkrevd ved beskrevet prosess.") % {"label": column.label},
                )
            )
            continue
        rows.append((column.code, "", f"{column.label} – {ft.help_text}"))
        short = {code: [form for form, c in ft.short_forms.items() if c == code] for code in ft.values}
        for code, label in ft.values.items():
            rows.append(("", ", ".join([code, *short[code]]), str(label)))
    for row in rows:
        ws.append([None, None, None])
        for index, value in enumerate(row, start=1):
            set_safe_value(ws.cell(row=ws.max_row, column=index), value or None)
    for header_row in (1, 5):
        for index in (1, 2, 3):
            ws.cell(row=header_row, column=index).font = Font(bold=True)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 20
    ws.column_dimensions["C"].width = 100


def _meta_sheet(wb, *, office: Office, exported_at, as_of, versions: dict[str, int]) -> None:
    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "hidden"
    rows = [
        ("Ikke endre dette arket: portalen bruker det til å se hvilke rader som er endret siden nedlastingen.", ""),
        ("exported_at", exported_at.isoformat()),
        ("office", office.slug),
        ("as_of", as_of.isoformat()),
        ("token", _token(office=office, exported_at=exported_at, as_of=as_of, versions=versions)),
        ("kommunenummer", "status_version"),
        *[(number, version) for number, version in sorted(versions.items())],
    ]
    for row, (key, value) in enumerate(rows, start=1):
        set_safe_value(ws.cell(row=row, column=1), key)
        set_safe_value(ws.cell(row=row, column=2), value)
    ws.protection.sheet = True


# --- Reading an upload ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetProblem:
    line: int  # the sheet row (0: the whole file)
    column: str  # the column letter ("" when the problem concerns the row or the file)
    message: str

    def __str__(self) -> str:
        if not self.line:
            return self.message
        if self.column:
            return _("Rad %(line)s, kolonne %(column)s: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("Rad %(line)s: %(message)s") % {"line": self.line, "message": self.message}

    def cli(self) -> tuple[int, str]:
        """(line, message) for common.cli.InputRejected: "line N: column X: message"."""
        return (self.line or 1, f"column {self.column}: {self.message}" if self.column else self.message)


class SheetRejected(Exception):
    """The sheet has problems; nothing was written. `problems` are in row order."""

    def __init__(self, problems: Iterable[SheetProblem]):
        self.problems = sorted(problems, key=lambda p: (p.line, len(p.column), p.column))
        super().__init__("; ".join(str(p) for p in self.problems))


@dataclass
class ParsedSheet:
    """What an upload said, as plain data (kept in the session between preview and confirm)."""

    office: str
    exported_at: str
    as_of: str
    versions: dict[str, int]  # status_version per municipality number at export
    letters: dict[str, str]  # column code -> its letter in the uploaded sheet
    rows: list[dict] = field(default_factory=list)  # {"line", "number", "cells": {code: value}}

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ParsedSheet:
        return cls(**data)


def _cell_text(cell) -> tuple[str | None, str | None]:
    """(text, problem) of one read-only cell; text None means blank."""
    value = cell.value
    if getattr(cell, "data_type", None) == "f":
        return None, _("cellen inneholder en formel; skriv koden som tekst")
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, _("cellen inneholder en sannhetsverdi, ikke en kode")
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, float):
        return (str(int(value)), None) if value.is_integer() else (str(value), None)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time | datetime.timedelta):
        return None, _("cellen inneholder en dato, ikke en kode")
    text = str(value)
    if len(text) > MAX_CELL_CHARS:
        return None, _("cellen har %(length)s tegn; en celle i arbeidsarket kan ha høyst %(max)s") % {
            "length": len(text),
            "max": MAX_CELL_CHARS,
        }
    text = text.strip()
    return (text or None), None


def _read_token(wb, office: Office) -> tuple[dict | None, str | None]:
    if META_SHEET not in wb.sheetnames:
        return None, _(
            "Arket mangler portalens skjulte versjonsark («Portal»). Last ned arbeidsarket på nytt fra portalen og "
            "gjør endringene der."
        )
    token = None
    for key, value, *_rest in wb[META_SHEET].iter_rows(min_row=1, max_row=20, max_col=2, values_only=True):
        if key == "token":
            token = value
    try:
        payload = signing.loads(str(token or ""), salt=TOKEN_SALT)
    except signing.BadSignature:
        return None, _(
            "Versjonsopplysningene i arket er endret eller mangler. Last ned arbeidsarket på nytt fra portalen."
        )
    if payload.get("o") != office.slug:
        return None, _("Arket ble lastet ned for et annet embete (%(other)s), ikke %(office)s.") % {
            "other": payload.get("o"),
            "office": office.slug,
        }
    return payload, None


def sheet_parse(data: bytes, *, office: Office) -> ParsedSheet:
    """Check the bytes (before any parsing), then read the sheet. Raises SheetRejected with every problem."""
    try:
        check_xlsx(data)
    except UploadRejected as exc:
        raise SheetRejected([SheetProblem(0, "", str(exc))]) from None
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:
        raise SheetRejected([SheetProblem(0, "", _("Filen kan ikke leses som en Excel-arbeidsbok."))]) from None
    try:
        return _parse_workbook(wb, office=office)
    finally:
        wb.close()


def _parse_workbook(wb, *, office: Office) -> ParsedSheet:
    if STATUS_SHEET not in wb.sheetnames:
        raise SheetRejected([SheetProblem(0, "", _("Arbeidsboken har ikke arket «Status»."))])
    payload, token_problem = _read_token(wb, office)
    if token_problem:
        raise SheetRejected([SheetProblem(0, "", token_problem)])
    assert payload is not None, "a token gives its payload or a problem"
    known = {c.code: c for c in office_columns(office)}
    builder = FactBuilder(office=office)
    problems: list[SheetProblem] = []
    ws = wb[STATUS_SHEET]
    # Read every row, whatever the file's <dimension> tag claims: openpyxl's read-only sheets stop there.
    ws.reset_dimensions()
    header: dict[int, str] = {}  # column index -> code
    rows: list[dict] = []
    seen_numbers: dict[str, int] = {}
    row_cap = MAX_ROWS + FIRST_DATA_ROW - 1
    for line, row in enumerate(ws.iter_rows(min_row=1, max_col=MAX_COLUMNS + 1), start=1):
        if line > row_cap:
            problems.append(
                SheetProblem(
                    line, "", _("arket har flere enn %(max)s kommunerader; resten er ikke lest") % {"max": MAX_ROWS}
                )
            )
            break
        cells = list(row)
        if line == 1:
            header = _read_header(cells, known, problems)
            if "kommunenummer" not in header.values():
                problems.append(SheetProblem(1, "", _("rad 1 mangler kolonnen «kommunenummer»")))
            continue
        if line == 2:
            first = cells[0].value if cells else None
            if first is not None and NUMBER_RE.match(str(first).strip()):
                problems.append(SheetProblem(2, "A", _("rad 2 skal holde kolonnenes navn; kommunene begynner i rad 3")))
            continue
        parsed = _read_row(line, cells, header, known, builder, seen_numbers, problems)
        if parsed:
            rows.append(parsed)
    if problems:
        raise SheetRejected(problems)
    letters = {code: get_column_letter(index) for index, code in header.items()}
    return ParsedSheet(
        office=office.slug,
        exported_at=payload["t"],
        as_of=payload["a"],
        versions={k: int(v) for k, v in payload["v"].items()},
        letters=letters,
        rows=rows,
    )


def _read_header(cells, known: dict[str, SheetColumn], problems: list[SheetProblem]) -> dict[int, str]:
    header: dict[int, str] = {}
    for index, c in enumerate(cells, start=1):
        letter = get_column_letter(index)
        if index > MAX_COLUMNS:
            if c.value is not None:
                message = _("arket har flere enn %(max)s kolonner") % {"max": MAX_COLUMNS}
                problems.append(SheetProblem(1, letter, message))
            break
        text, problem = _cell_text(c)
        if problem:
            problems.append(SheetProblem(1, letter, problem))
            continue
        if text is None:
            continue
        if text not in known:
            problems.append(
                SheetProblem(
                    1,
                    letter,
                    _("ukjent kolonne «%(code)s» (se arket «Koder» for kolonnene i dette embetets ark)")
                    % {"code": excerpt(text)},
                )
            )
            continue
        if text in header.values():
            problems.append(SheetProblem(1, letter, _("kolonnen «%(code)s» står to ganger") % {"code": excerpt(text)}))
            continue
        header[index] = text
    return header


def _date_cell(cell) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, problem) of a target-date cell: an Excel date, or text as d.m.åååå or ISO."""
    value = cell.value
    if getattr(cell, "data_type", None) == "f":
        return None, _("cellen inneholder en formel; skriv datoen som dato")
    if isinstance(value, datetime.datetime):
        return value.date().isoformat(), None
    if isinstance(value, datetime.date):
        return value.isoformat(), None
    text, problem = _cell_text(cell)
    if problem or text is None:
        return None, problem
    parsed = parse_date_text(text)
    if parsed is None:
        return None, _("«%(text)s» er ikke en dato (skriv d.m.åååå, for eksempel 31.12.2022)") % {"text": excerpt(text)}
    return parsed.isoformat(), None


def _value_cell(column: SheetColumn, text: str) -> tuple[str | None, str | None]:
    """(value code, problem) of a value cell in any spelling the registry accepts; the never-recorded label
    reads as a blank cell (None, None)."""
    ft = column.fact_type
    if normalise(text) == normalise(ft.unrecorded_label):
        return None, None
    code = ft.parse(text)
    if code is None:
        return None, unknown_value_problem(ft, text)
    return code, None


def _read_row(line, cells, header, known, builder: FactBuilder, seen_numbers, problems) -> dict | None:
    texts: dict[int, str] = {}
    row_problems: list[SheetProblem] = []
    for index, c in enumerate(cells, start=1):
        column = known.get(header.get(index, ""))
        text, problem = _date_cell(c) if column is not None and column.target_date else _cell_text(c)
        letter = get_column_letter(index)
        if problem:
            row_problems.append(SheetProblem(line, letter, problem))
        elif text is not None:
            if index > MAX_COLUMNS:
                row_problems.append(SheetProblem(line, letter, _("cellen står utenfor arkets kolonner")))
            elif index not in header:
                row_problems.append(
                    SheetProblem(
                        line,
                        letter,
                        _("cellen «%(text)s» står i en kolonne uten kjent kode i rad 1") % {"text": excerpt(text)},
                    )
                )
            else:
                texts[index] = text
    if not texts and not row_problems:
        return None  # an empty row
    by_code = {header[i]: t for i, t in texts.items()}
    number_index = next((i for i, code in header.items() if code == "kommunenummer"), None)
    number_letter = get_column_letter(number_index) if number_index else "A"
    number = by_code.pop("kommunenummer", "")
    by_code.pop("navn", None)
    _municipality, message = builder.municipality(number)
    if message:
        row_problems.append(SheetProblem(line, number_letter, message))
    elif number in seen_numbers:
        row_problems.append(
            SheetProblem(
                line,
                number_letter,
                _("%(number)s står også i rad %(other)s") % {"number": number, "other": seen_numbers[number]},
            )
        )
    else:
        seen_numbers[number] = line
    cells_out: dict[str, str] = {}
    for index, text in texts.items():
        column = known[header[index]]
        if not column.fact:
            continue
        if column.target_date:
            cells_out[column.code] = text
            continue
        value, problem = _value_cell(column, text)
        if problem:
            row_problems.append(SheetProblem(line, get_column_letter(index), problem))
        elif value is not None:
            cells_out[column.code] = value
    problems.extend(row_problems)
    if row_problems:
        return None
    return {"line": line, "number": number, "cells": cells_out}


# --- Preview and apply ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    line: int
    number: str
    name: str
    municipality_id: int
    code: str
    column: str  # the letter in the uploaded sheet
    fact: str  # as import_sheet --dry-run prints it (decision_target_date for the target-date column)
    detail: str
    old: str  # export_status vocabulary
    new: str
    stale: bool
    label: str = ""  # the column's Norwegian label
    old_label: str = ""  # as the municipality page shows it («Ikke registrert» when never recorded)
    new_label: str = ""

    def key(self) -> list:
        return [self.number, self.code, self.old, self.new]


@dataclass
class MunicipalityChanges:
    number: str
    name: str
    line: int
    stale: bool
    changes: list[Change]


@dataclass
class Preview:
    changes: list[Change]  # by number, then column order
    unchanged: int  # filled cells that change nothing
    versions: dict[int, int]  # status_version at preview, per municipality with changes
    effective_date: datetime.date
    skipped: list[str] = field(default_factory=list)  # stale rows left out by sheet_apply
    items: list[tuple[str, FactInput]] = field(default_factory=list)  # (number, built fact) to record

    @property
    def stale_numbers(self) -> list[str]:
        return sorted({c.number for c in self.changes if c.stale})

    def by_municipality(self) -> list[MunicipalityChanges]:
        grouped: dict[str, MunicipalityChanges] = {}
        for change in self.changes:
            group = grouped.setdefault(
                change.number, MunicipalityChanges(change.number, change.name, change.line, change.stale, [])
            )
            group.changes.append(change)
        return list(grouped.values())

    def signature(self) -> list[list]:
        return [c.key() for c in self.changes]


def _unchanged(column: SheetColumn, status: MunicipalityStatus, new: str) -> bool:
    """Is a filled cell no change? Equal to the current value, or what never recorded means for the fact."""
    if new == column.export_value(status):
        return True
    return not column.target_date and column.status_fact(status) is None and new == column.fact_type.unrecorded_means


def _build_row(row, municipality, status, changed, *, parsed, effective_date, builder, problems) -> list[FactInput]:
    """The facts one row's changed cells make, built by the registry's builder: a fact's value and its target
    date (two columns) are one fact. Problems go to `problems`, naming the row and column."""
    groups: dict[tuple[str, str], dict[bool, SheetColumn]] = {}
    for column in changed:
        groups.setdefault((column.fact, column.key), {})[column.target_date] = column
    items = []
    for (_fact, key), columns in groups.items():
        value_column = columns.get(False)
        target_column = columns.get(True)
        any_column = value_column or target_column
        assert any_column is not None, "every group holds a value or a target-date column"
        ft = any_column.fact_type
        found = ft.current(status, key)
        target_code = target_column_code(ft.key)
        target_text = row["cells"].get(target_code)
        if value_column is not None:
            value, detail, link = row["cells"][value_column.code], any_column.detail, ""
        elif found is not None:
            value, detail, link = found.value, found.detail, found.link
        else:
            message = _("måldatoen hører til et vedtak: fyll ut kolonnen %(code)s også") % {"code": ft.key}
            problems.append(SheetProblem(row["line"], parsed.letters.get(any_column.code, ""), message))
            continue
        built = builder.build(
            RawFact(
                municipality=municipality,
                fact=ft.key,
                value=value,
                effective_date=effective_date,
                detail=any_column.key if any_column.network is not None else detail,
                target_date=target_text or None,
                link=link,
            )
        )
        for problem in built.problems:
            at = target_column if problem.field == "target_date" and target_column else value_column or any_column
            letter = parsed.letters.get(at.code, "") if problem.field != "effective_date" else ""
            if problem.field == "target_date" and not target_column:
                letter = parsed.letters.get(target_code, letter)
            problems.append(SheetProblem(row["line"], letter, problem.message))
        if built.item is not None:
            items.append(built.item)
    return items


def sheet_preview(parsed: ParsedSheet, *, office: Office, effective_date: datetime.date) -> Preview:
    """The changes the parsed sheet would record on `effective_date` (nothing is written). Raises SheetRejected
    when a changed cell breaks a rule. A few queries plus the column lookups, however many municipalities."""
    columns = office_columns(office)
    order = {c.code: i for i, c in enumerate(columns)}
    by_code = {c.code: c for c in columns}
    numbers = [row["number"] for row in parsed.rows]
    municipalities = {
        m.number: m for m in Municipality.objects.filter(office=office, number__in=numbers).select_related("office")
    }
    statuses = status_as_of(list(municipalities.values()), as_of=effective_date)
    builder = FactBuilder(office=office)
    changes: list[Change] = []
    items: list[tuple[str, FactInput]] = []
    problems: list[SheetProblem] = []
    unchanged = 0
    for row in sorted(parsed.rows, key=lambda r: r["number"]):
        municipality = municipalities.get(row["number"])
        if municipality is None:  # moved to another office since the parse: refuse rather than guess
            message = _("%(number)s hører ikke lenger til embetet") % {"number": row["number"]}
            raise SheetRejected([SheetProblem(row["line"], "", message)])
        status = statuses[municipality.pk]
        stale = parsed.versions.get(municipality.number) != municipality.status_version
        changed: list[SheetColumn] = []
        for code in sorted(row["cells"], key=lambda c: order.get(c, len(order))):
            column = by_code.get(code)
            if column is None:  # a network removed since the parse
                message = _("ukjent kolonne «%(code)s»") % {"code": code}
                raise SheetRejected([SheetProblem(row["line"], parsed.letters.get(code, ""), message)])
            new = row["cells"][code]
            if _unchanged(column, status, new):
                unchanged += 1
                continue
            changed.append(column)
            changes.append(
                Change(
                    line=row["line"],
                    number=municipality.number,
                    name=municipality.name,
                    municipality_id=municipality.pk,
                    code=code,
                    column=parsed.letters.get(code, ""),
                    fact=code if column.target_date else column.fact,
                    detail=column.detail,
                    old=column.export_value(status),
                    new=new,
                    stale=stale,
                    label=column.label,
                    old_label=column.shown(status),
                    new_label=column.new_label(new),
                )
            )
        built = _build_row(
            row,
            municipality,
            status,
            changed,
            parsed=parsed,
            effective_date=effective_date,
            builder=builder,
            problems=problems,
        )
        items += [(municipality.number, item) for item in built]
    if problems:
        raise SheetRejected(problems)
    changed_ids = {c.municipality_id for c in changes}
    versions = {m.pk: m.status_version for m in municipalities.values() if m.pk in changed_ids}
    return Preview(changes=changes, unchanged=unchanged, versions=versions, effective_date=effective_date, items=items)


def stale_problems(preview: Preview, parsed: ParsedSheet) -> list[SheetProblem]:
    """The stale rows as problems (the command refuses a sheet with any)."""
    exported = parsed.exported_at[:16].replace("T", " ")
    seen: dict[str, SheetProblem] = {}
    for change in preview.changes:
        if change.stale and change.number not in seen:
            seen[change.number] = SheetProblem(
                change.line,
                "",
                _(
                    "%(number)s %(name)s er endret i portalen etter at arket ble lastet ned (%(exported)s); last ned "
                    "arket på nytt"
                )
                % {"number": change.number, "name": change.name, "exported": exported},
            )
    return list(seen.values())


class PreviewOutdated(Exception):
    """The data moved between the preview and the confirmation: nothing was written; preview again."""


def sheet_apply(
    parsed: ParsedSheet,
    *,
    office: Office,
    effective_date: datetime.date,
    user: User,
    note: str = "",
    include_stale: Iterable[str] = (),
    expected: Sequence[Sequence] | None = None,
    expected_versions: dict[int, int] | None = None,
) -> Preview:
    """Record the previewed changes in one transaction, attributed to `user`; returns what was recorded.

    Stale rows are left out unless their number is in `include_stale` (the user looked at them again).
    With `expected` (the previewed change list, `Preview.signature()`) and `expected_versions`, a preview that no
    longer matches raises PreviewOutdated and nothing is written; so does a version that moves meanwhile.
    """
    from .services import StaleStatusError

    preview = sheet_preview(parsed, office=office, effective_date=effective_date)
    if expected is not None and [list(k) for k in expected] != preview.signature():
        raise PreviewOutdated
    if expected_versions is not None and any(
        expected_versions.get(mid) != version for mid, version in preview.versions.items()
    ):
        raise PreviewOutdated
    chosen = set(include_stale)
    changes = [c for c in preview.changes if not c.stale or c.number in chosen]
    numbers = {c.number for c in changes}
    items = [item for number, item in preview.items if number in numbers]
    for item in items:
        item.note = note
    ids = {c.municipality_id for c in changes}
    versions = {mid: v for mid, v in (expected_versions or preview.versions).items() if mid in ids}
    try:
        facts_record(items=items, user=user, source=SHEET_SOURCE, expected_versions=versions)
    except StaleStatusError:
        raise PreviewOutdated from None
    preview.skipped = sorted({c.number for c in preview.changes if c.stale and c.number not in chosen})
    preview.changes = changes
    return preview
