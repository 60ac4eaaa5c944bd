"""What a write sends besides its path: the JSON body (the CSV import's fields and a note), If-Match (the status
version the client saw) and Idempotency-Key. Shapes are checked here (a 400 naming the field); the values
themselves are the input builder's to check."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from .problems import Problem, invalid
from .services import FACT_FIELDS

IF_MATCH_RE = re.compile(r'^\s*"([0-9]{1,9})"\s*$')
IDEMPOTENCY_KEY_RE = re.compile(r"^[\x21-\x7e]{1,255}$")


def fact_body(data: Any) -> dict[str, str | None]:
    """The body's fields as sent; unknown fields, values that are not text and NUL characters are refused."""
    fields = ", ".join(FACT_FIELDS)
    if not isinstance(data, dict):
        raise Problem(400, _("Innholdet skal være et JSON-objekt med feltene %(f)s.") % {"f": fields})
    errors = [
        {"field": str(name), "message": _("ukjent felt (gyldige: %(f)s)") % {"f": fields}}
        for name in data
        if name not in FACT_FIELDS
    ]
    for name in FACT_FIELDS:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            errors.append({"field": name, "message": _("skal være tekst (eller null)")})
        elif isinstance(value, str) and "\x00" in value:
            errors.append({"field": name, "message": _("kan ikke inneholde NUL-tegn")})
    if errors:
        raise invalid(errors)
    return {name: data[name] for name in FACT_FIELDS if name in data}


def if_match_version(raw: str | None) -> int | None:
    """The status version in If-Match ("12"); None when absent or `*` (no check)."""
    if raw is None or raw.strip() == "*":
        return None
    found = IF_MATCH_RE.match(raw)
    if not found:
        message = _('skal være statusversjonen i anførselstegn, for eksempel "12" (fikk %(raw)s)') % {"raw": raw}
        raise invalid([{"field": "If-Match", "message": message}])
    return int(found.group(1))


def idempotency_key(raw: str | None) -> str | None:
    if raw is None:
        return None
    if not IDEMPOTENCY_KEY_RE.match(raw):
        raise invalid([{"field": "Idempotency-Key", "message": _("skal være 1 til 255 synlige ASCII-tegn")}])
    return raw
