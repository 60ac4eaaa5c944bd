"""Strict parsing of whole numbers from URLs, query strings and hidden form fields.

Python's `int()` and `str.isdigit()` accept far more than a person types: `"²".isdigit()` is true (and `int("²")`
then fails), `int("٣")` is 3, `int(" 7 ")` is 7, and a string of 10,000 digits raises. `parse_int` accepts ASCII
digits only, with a length cap, and never raises.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"^[0-9]+$", re.ASCII)
MAX_DIGITS = 9  # below 2**31: fits every integer column the portal looks up


def parse_int(text: object, *, max_digits: int = MAX_DIGITS, minimum: int = 0) -> int | None:
    """A non-negative whole number written in ASCII digits (at most `max_digits` of them), at least `minimum`;
    None for anything else (a sign, a space, a non-ASCII digit, too many digits, an empty string)."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text if minimum <= text < 10**max_digits else None
    if not isinstance(text, str) or len(text) > max_digits or not _DIGITS.match(text):
        return None
    value = int(text)
    return value if value >= minimum else None
