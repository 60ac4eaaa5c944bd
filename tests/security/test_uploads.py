"""X-3 to X-5: hostile files are refused before any parsing."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from common.uploads import MAX_UPLOAD_BYTES, UploadRejected, check_xlsx, defusedxml_active


def real_xlsx() -> bytes:
    wb = Workbook()
    wb.active.append(["kommunenummer", "navn"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def with_part(name: str, content: bytes, base: bytes | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(base or real_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr(name, content)
    return out.getvalue()


def test_a_real_workbook_passes():
    assert check_xlsx(real_xlsx()).data


def test_defusedxml_is_active():
    assert defusedxml_active()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"kommunenummer,navn\n0301,Oslo\n", "ikke en Excel-arbeidsbok"),
        (b"%PDF-1.4\n1 0 obj", "ikke en Excel-arbeidsbok"),
        (b"<html><body>x</body></html>", "ikke en Excel-arbeidsbok"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "gamle Excel-formatet"),
        (b"PK\x03\x04garbage", "skadet"),
    ],
)
def test_wrong_types_are_refused(data, message):
    with pytest.raises(UploadRejected, match=message):
        check_xlsx(data)


def test_macros_are_refused():
    with pytest.raises(UploadRejected, match="makroer"):
        check_xlsx(with_part("xl/vbaProject.bin", b"\0" * 10))


def test_external_links_are_refused():
    with pytest.raises(UploadRejected, match="koblinger"):
        check_xlsx(with_part("xl/externalLinks/externalLink1.xml", b"<externalLink/>"))


def test_doctype_and_entities_are_refused():
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><sst>&a;</sst>'
    with pytest.raises(UploadRejected, match="DOCTYPE"):
        check_xlsx(with_part("xl/sharedStrings2.xml", evil))


def test_decompression_bomb_is_refused_before_parsing():
    bomb = with_part("xl/worksheets/sheet9.xml", b"<a>" + b" " * (60 * 1024 * 1024) + b"</a>")
    assert len(bomb) < 2 * 1024 * 1024
    with pytest.raises(UploadRejected, match="pakker seg ut"):
        check_xlsx(bomb)


def test_too_many_entries_are_refused():
    source = zipfile.ZipFile(io.BytesIO(real_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        for i in range(201):
            target.writestr(f"custom/{i}.txt", b"x")
    with pytest.raises(UploadRejected, match="for mange deler"):
        check_xlsx(out.getvalue())


def test_oversized_upload_is_refused():
    with pytest.raises(UploadRejected, match="for stor"):
        check_xlsx(b"PK\x03\x04" + b"\0" * (MAX_UPLOAD_BYTES + 1))


def test_system_check_passes_with_defusedxml():
    from common.checks import defusedxml_is_active

    assert defusedxml_is_active(None) == []
