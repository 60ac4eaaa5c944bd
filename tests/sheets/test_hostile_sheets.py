"""X-10 and X-11: what the outside test found in the working-sheet upload.

- X-10: a 1.95 MB file with one 40 MB inline-string cell, padded with incompressible bytes so the whole file's
  compression ratio passes, is refused before parsing (the ratio is checked per archive entry); a long cell is
  refused without being echoed, and every echoed text is cut, so the error page stays small.
- X-11: the reader reads every row whatever the `<dimension>` tag says: a change in row 20 of a sheet claiming
  `A1:AR10` is previewed, and a junk row beyond it is flagged.
"""

from __future__ import annotations

import io
import os
import re
import zipfile

from municipalities.facts import StatusFact

from .helpers import edit, export, row_of
from .test_sheet_views import post_sheet


def _rewrite(data: bytes, name: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, change(content) if info.filename == name else content)
    return out.getvalue()


def _status_part(data: bytes) -> str:
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    return next(n for n in names if n.startswith("xl/worksheets/sheet") and n.endswith(".xml"))


def test_x10_a_huge_cell_padded_past_the_whole_file_ratio_is_refused_before_parsing(client_a, office_a):
    sheet = export(office_a)
    part = _status_part(sheet)
    row = row_of(sheet, "0301")
    huge = b"A" * (40 * 1024 * 1024)

    def add_cell(xml: bytes) -> bytes:
        cell = b'<c r="AZ%d" t="inlineStr"><is><t>' % row + huge + b"</t></is></c>"
        return re.sub(rb'(<row r="%d"[^>]*>)' % row, lambda m: m.group(1) + cell, xml, count=1)

    bomb = _rewrite(sheet, part, add_cell)
    padded = io.BytesIO(bomb)
    with zipfile.ZipFile(padded, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/media/padding.bin", os.urandom(1_900_000))
    data = padded.getvalue()
    assert 1_900_000 < len(data) < 2_100_000
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert sum(i.file_size for i in infos) / sum(i.compress_size for i in infos) < 100  # the whole file passes
    response = post_sheet(client_a, office_a, data)
    assert response.status_code == 200
    assert "pakker seg ut til mye mer enn et vanlig regneark" in response.content.decode()
    assert len(response.content) < 200_000


def test_x10_a_long_cell_is_refused_and_no_echo_is_longer_than_an_excerpt(client_a, office_a):
    sheet = export(office_a)
    long_junk = "X" * 5000
    medium_junk = "Y" * 900
    edited = edit(sheet, {("0301", "phase"): long_junk, ("3001", "phase"): medium_junk})
    response = post_sheet(client_a, office_a, edited)
    page = response.content.decode()
    assert response.status_code == 200
    assert "cellen har 5000 tegn; en celle i arbeidsarket kan ha høyst 1000" in page
    assert "X" * 100 not in page
    assert "Y" * 100 not in page  # the unknown value is quoted, cut to an excerpt
    assert "Y" * 50 in page
    assert not StatusFact.objects.filter(source="sheet").exists()


def _claim_dimension(data: bytes, ref: str) -> bytes:
    """The sheet with its <dimension> tag claiming `ref`, as a hand-edited or foreign file may."""

    def claim(xml: bytes) -> bytes:
        claimed, count = re.subn(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="%s"/>' % ref.encode(), xml)
        assert count == 1
        return claimed

    edited = _rewrite(data, _status_part(data), claim)
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(edited), read_only=True)["Status"].calculate_dimension() == ref
    return edited


def test_x11_a_change_beyond_the_claimed_dimension_is_previewed(client_a, office_a):
    sheet = export(office_a)
    numbers = sorted(office_a.municipalities.values_list("number", flat=True))
    target = next(n for n in numbers if row_of(sheet, n) >= 20)
    edited = _claim_dimension(edit(sheet, {(target, "phase"): "3"}), "A1:AR10")
    response = post_sheet(client_a, office_a, edited)
    assert response.status_code == 302
    preview = client_a.get(response["Location"]).content.decode()
    assert "Ingen endringer" not in preview
    assert target in preview
    assert "Fase 3" in preview


def test_x11_a_junk_row_beyond_the_claimed_dimension_is_flagged(client_a, office_a):
    from .helpers import edit_raw

    sheet = export(office_a)
    last = max(row_of(sheet, n) for n in office_a.municipalities.values_list("number", flat=True))
    edited = _claim_dimension(edit_raw(sheet, f"A{last + 5}", "9999"), "A1:AR10")
    response = post_sheet(client_a, office_a, edited)
    assert response.status_code == 200
    assert f"Rad {last + 5}" in response.content.decode()
    assert "ukjent kommunenummer «9999»" in response.content.decode()
