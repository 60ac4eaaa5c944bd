"""Checks for text people type, shared by every form, and the cutting of echoed text.

- `invisible_problem`: right-to-left overrides and other bidirectional controls, zero-width characters and NUL
  make a name or title read differently from what is stored (a file name «gpj.exe» that shows as «exe.jpg»,
  two titles that look the same); they are refused in short single-line fields.
- `line_break_problem`: a single-line field (a name, a title) never holds a line break, which would, for one,
  split an e-mail header.
- `excerpt`: a message that quotes what someone sent quotes at most a short piece of it.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

# Bidirectional embeddings, overrides and isolates; marks; zero-width space, joiners, word joiner, invisible
# operators, the byte-order mark; the soft hyphen; NUL and the other C0/C1 controls except tab.
INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
LINE_BREAKS = re.compile("[\r\n\u0085\u2028\u2029]")
EXCERPT_LENGTH = 60


def invisible_problem(text: str) -> str | None:
    match = INVISIBLE.search(text)
    if match is None:
        return None
    return _("teksten inneholder et usynlig tegn (U+%(code)04X) som ikke er tillatt her") % {"code": ord(match.group())}


def line_break_problem(text: str) -> str | None:
    if LINE_BREAKS.search(text) is None:
        return None
    return _("teksten kan ikke inneholde linjeskift")


def single_line_problem(text: str) -> str | None:
    """The rule of a short single-line field (a name, a title, a place): no line break, no invisible character."""
    return line_break_problem(text) or invisible_problem(text)


def excerpt(text: object, length: int = EXCERPT_LENGTH) -> str:
    """At most `length` characters of `text` (with «…» when cut), control characters shown as «?»."""
    value = INVISIBLE.sub("?", LINE_BREAKS.sub(" ", str(text)))
    return value if len(value) <= length else value[: length - 1] + "…"
