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
import os
import zipfile
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOLD = Font(bold=True)
PINNED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def clean_text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def cell(ws, value: Any, *, bold: bool = False, number_format: str | None = None) -> Any:
    """`value` made safe for a write-only sheet: text is always text.

    A plain value that needs no style and cannot be read as a formula is returned as it is (openpyxl writes it
    directly, which is much cheaper than a cell object); anything else becomes a styled WriteOnlyCell.
    """
    text = clean_text(value) if isinstance(value, str) else None
    dangerous = text is not None and text.startswith(FORMULA_PREFIXES)
    if not (bold or number_format or dangerous):
        return text if text is not None else value
    c = WriteOnlyCell(ws, value=text if text is not None else value)
    if dangerous:
        c.data_type = "s"
        c.quotePrefix = True
    if bold:
        c.font = BOLD
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


class _PinnedZipFile(zipfile.ZipFile):
    """A zip archive whose entries all carry the same timestamp, so equal content gives equal bytes."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=PINNED_ZIP_TIME)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl's write-only sheets arrive as temporary files, whose mtime would leak into the archive.
        with open(filename, "rb") as source:
            self.writestr(arcname or os.path.basename(filename), source.read())


def workbook_bytes(wb: Workbook) -> bytes:
    """Save with pinned zip timestamps and the workbook's own (pinned) created/modified times.

    openpyxl's save_workbook() would stamp the save time into docProps/core.xml; ExcelWriter does not.
    """
    out = io.BytesIO()
    archive = _PinnedZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()
    return out.getvalue()
