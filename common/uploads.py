"""Uploaded spreadsheets are hostile until proven otherwise (RELIABILITY.md X-3 to X-7).

`check_xlsx(data)` inspects the raw bytes BEFORE openpyxl parses anything: it must be a zip with the parts of a
real .xlsx workbook, without macros or external links (by part name, by the content types the package declares
and by the relationships' types), within size, entry-count and compression-ratio bounds (for the whole file and
for each entry, so one highly compressed part cannot hide behind padding), and without DOCTYPE/entity
declarations in any XML part. openpyxl itself parses with defusedxml (asserted at
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
MAX_TYPES_PART_BYTES = 256 * 1024  # [Content_Types].xml and each .rels part

RATIO_CHECKED_FROM = 1024 * 1024  # an entry this large (uncompressed) or larger must not exceed MAX_RATIO alone

_DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
# Content types and relationship types of macros, macro sheets, ActiveX controls, embedded objects and links to
# other workbooks: whatever a part is called, the package says what it is.
_MACRO_TYPES = re.compile(rb"vbaProject|macroEnabled|macrosheet|activeX|vbaData|oleObject", re.IGNORECASE)
_EXTERNAL_LINK_TYPES = re.compile(rb"externalLink", re.IGNORECASE)
_TYPE_ATTRIBUTES = re.compile(rb"""(?:ContentType|Type)\s*=\s*["']([^"']*)["']""")


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
    one_part_bomb = any(
        i.file_size >= RATIO_CHECKED_FROM and i.file_size / max(i.compress_size, 1) > MAX_RATIO for i in infos
    )
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_RATIO or one_part_bomb:
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
    _check_declared_types(archive, infos)
    return CheckedUpload(data=data)


def _check_declared_types(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Macros and external links by what the package declares them to be, whatever their parts are called: the
    content types in [Content_Types].xml and the relationship types in every .rels part."""
    for info in infos:
        if info.filename != "[Content_Types].xml" and not info.filename.endswith(".rels"):
            continue
        with archive.open(info) as part:
            text = part.read(MAX_TYPES_PART_BYTES + 1)
        if len(text) > MAX_TYPES_PART_BYTES:
            raise UploadRejected(_("Filen inneholder for mange deler til å være et regneark fra portalen."))
        for declared in _TYPE_ATTRIBUTES.findall(text):
            if _MACRO_TYPES.search(declared):
                raise UploadRejected(
                    _("Filen inneholder makroer. Lagre den som vanlig Excel-arbeidsbok (.xlsx) uten makroer.")
                )
            if _EXTERNAL_LINK_TYPES.search(declared):
                raise UploadRejected(_("Filen inneholder koblinger til andre filer. Fjern koblingene og prøv igjen."))
