"""HTTP responses the apps share."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_PLAIN_FILENAME = re.compile(r"^[A-Za-z0-9 ._()+,-]+$")
# Letters that do not decompose into an ASCII letter and an accent.
_ASCII_LETTERS = str.maketrans({"æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ß": "ss"})


def ascii_slug(text: str) -> str:
    """A file-name part from Norwegian text: ASCII letters and digits joined by hyphens («Høsten 2021» →
    `hosten-2021`, «Statsforvalteren i Trøndelag» → `statsforvalteren-i-trondelag`)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII_LETTERS))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def attachment_header(filename: str) -> str:
    """`Content-Disposition: attachment` with a safely encoded file name (RFC 6266).

    A plain ASCII name is given as it is; any other gets an ASCII fallback (accents dropped, anything else
    replaced by "_") followed by `filename*=UTF-8''…` with the exact name percent-encoded.
    """
    if _PLAIN_FILENAME.match(filename):
        return f'attachment; filename="{filename}"'
    decomposed = unicodedata.normalize("NFKD", filename.translate(_ASCII_LETTERS))
    ascii_name = decomposed.encode("ascii", "ignore").decode("ascii")
    fallback = re.sub(r"[^A-Za-z0-9 ._()+,-]", "_", ascii_name).strip() or "fil"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An .xlsx workbook as a download."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_header(filename)
    return response


def same_site_path(value: str | None) -> str | None:
    """`value` when it is a path on this site ("/…", not "//host" or a scheme), else None: what a «Tilbake»
    link may point to, so a crafted parameter never sends the user elsewhere (no open redirect)."""
    if not value or len(value) > 2000 or not value.startswith("/") or value.startswith("//"):
        return None
    if "\\" in value or any(ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    return value
