"""Building and editing working sheets in tests."""

import io

import openpyxl
from django.utils import timezone

from municipalities.sheet import office_sheet_bytes


def export(office, as_of=None) -> bytes:
    return office_sheet_bytes(office=office, as_of=as_of or timezone.localdate())


def column_letter(data: bytes, code: str) -> str:
    ws = openpyxl.load_workbook(io.BytesIO(data))["Status"]
    for c in ws[1]:
        if c.value == code:
            return c.column_letter
    raise KeyError(code)


def row_of(data: bytes, number: str) -> int:
    ws = openpyxl.load_workbook(io.BytesIO(data))["Status"]
    for c in ws["A"]:
        if c.value == number:
            return c.row
    raise KeyError(number)


def edit(data: bytes, changes: dict[tuple[str, str], object], *, formula: bool = False) -> bytes:
    """Set cells by (kommunenummer, column code); returns the edited workbook's bytes."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Status"]
    columns = {c.value: c.column_letter for c in ws[1]}
    rows = {c.value: c.row for c in ws["A"]}
    for (number, code), value in changes.items():
        ws[f"{columns[code]}{rows[number]}"] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def edit_raw(data: bytes, coordinate: str, value, sheet: str = "Status") -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb[sheet][coordinate] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
