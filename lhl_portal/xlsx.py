"""The one safe way to write spreadsheet cells, and byte-identical workbook files.

- Text that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage return) is
  written as a string cell with the quote prefix, never as a formula (RELIABILITY.md X-1).
- Characters XML cannot carry (NUL and other control characters) are removed.
- A workbook saved with `workbook_bytes()` has pinned metadata and zip timestamps, so the same content gives
  the same bytes.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PINNED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def clean_text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def cell(ws, value: Any, *, bold: bool = False, number_format: str | None = None) -> WriteOnlyCell:
    """A write-only cell holding `value` safely: text is always text."""
    if isinstance(value, str):
        text = clean_text(value)
        c = WriteOnlyCell(ws, value=text)
        if text.startswith(FORMULA_PREFIXES):
            c.data_type = "s"
            c.quotePrefix = True
    else:
        c = WriteOnlyCell(ws, value=value)
    if bold:
        c.font = Font(bold=True)
    if number_format:
        c.number_format = number_format
    return c


def set_safe_value(target, value: Any) -> None:
    """The same rule for a normal (not write-only) worksheet cell."""
    if isinstance(value, str):
        text = clean_text(value)
        target.value = text
        if text.startswith(FORMULA_PREFIXES):
            target.data_type = "s"
            target.quotePrefix = True
    else:
        target.value = value


def new_workbook(
    *, write_only: bool = True, created: datetime.datetime, creator: str = "Leve hele livet-portalen"
) -> Workbook:
    wb = Workbook(write_only=write_only)
    pinned = (
        created.replace(tzinfo=None, microsecond=0)
        if created.tzinfo is None
        else created.astimezone(datetime.UTC).replace(tzinfo=None, microsecond=0)
    )
    wb.properties.created = pinned
    wb.properties.modified = pinned
    wb.properties.creator = creator
    wb.properties.lastModifiedBy = creator
    return wb


def workbook_bytes(wb: Workbook) -> bytes:
    """Save and re-pack with fixed zip timestamps and a fixed modified time, so equal content is equal bytes."""
    modified = wb.properties.modified
    raw = io.BytesIO()
    wb.save(raw)
    source = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml" and modified is not None:
                data = _pin_modified(data, modified)
            pinned = zipfile.ZipInfo(info.filename, date_time=PINNED_ZIP_TIME)
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = 0o600 << 16
            target.writestr(pinned, data)
    return out.getvalue()


def _pin_modified(core_xml: bytes, modified: datetime.datetime) -> bytes:
    """openpyxl writes the save time as dcterms:modified; put the pinned time back."""
    import re

    stamp = modified.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", core_xml)
