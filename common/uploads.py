"""Uploaded spreadsheets are hostile until proven otherwise (RELIABILITY.md X-3 to X-7).

`check_xlsx(data)` inspects the raw bytes BEFORE openpyxl parses anything: it must be a zip with the parts of a
real .xlsx workbook, without macros or external links, within size, entry-count and compression-ratio bounds,
and without DOCTYPE/entity declarations in any XML part. openpyxl itself parses with defusedxml (asserted at
start-up by `defusedxml_active()`).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 200
MAX_RATIO = 100
MAX_SHEETS = 20
MAX_ROWS = 2000

_DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


class UploadRejected(Exception):
    """The upload is refused; the message is Norwegian and says why."""


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes


def defusedxml_active() -> bool:
    from openpyxl.xml import DEFUSEDXML

    return bool(DEFUSEDXML)


def check_xlsx(data: bytes) -> CheckedUpload:
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRejected(
            _("Filen er for stor (%(size)s MB). Største tillatte størrelse er %(max)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "max": MAX_UPLOAD_BYTES // 1024 // 1024}
        )
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UploadRejected(_("Filen er i det gamle Excel-formatet (.xls). Lagre den som Excel-arbeidsbok (.xlsx)."))
    if not data.startswith(b"PK\x03\x04"):
        raise UploadRejected(
            _(
                "Filen er ikke en Excel-arbeidsbok (.xlsx). Last opp arket slik du lastet det ned, uten å lagre det "
                "som CSV, PDF eller nettside."
            )
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise UploadRejected(_("Filen er skadet og kan ikke leses som en Excel-arbeidsbok.")) from None
    if len(infos) > MAX_ENTRIES:
        raise UploadRejected(_("Filen inneholder for mange deler til å være et regneark fra portalen."))
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UploadRejected(_("Filen er ikke en Excel-arbeidsbok (.xlsx)."))
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UploadRejected(_("Filen inneholder makroer. Lagre den som vanlig Excel-arbeidsbok (.xlsx) uten makroer."))
    if any(n.startswith("xl/externalLinks/") for n in names):
        raise UploadRejected(_("Filen inneholder koblinger til andre filer. Fjern koblingene og prøv igjen."))
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_RATIO:
        raise UploadRejected(
            _("Filen pakker seg ut til mye mer enn et vanlig regneark og avvises av sikkerhetshensyn.")
        )
    sheets = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    if len(sheets) > MAX_SHEETS:
        raise UploadRejected(_("Filen har for mange ark (høyst %(max)s).") % {"max": MAX_SHEETS})
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(info) as part:
            head = part.read(4096)
        if _DOCTYPE.search(head):
            raise UploadRejected(_("Filen inneholder XML-definisjoner som ikke er tillatt (DOCTYPE/ENTITY)."))
    return CheckedUpload(data=data)
