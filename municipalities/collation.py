"""Norwegian (ICU nb) ordering of names.

PostgreSQL sorts with the ICU collation nb-NO-x-icu; SQLite (the embedded default) sorts on a key computed
here that gives the same order for the municipality names: letters a-z, then æ ø å; "aa" counts as "å";
Sami letters sort with their base letter (á as a, č as c, đ as d, ŋ as n, š as s, ŧ as t, ž as z).
"""

import unicodedata
from typing import TypeVar

from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.functions import Collate

ICU_COLLATION = "nb-NO-x-icu"

_QS = TypeVar("_QS", bound=QuerySet)

_SPECIAL = {"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}", "đ": "d", "ŋ": "n", "ŧ": "t", "ü": "y"}


def norwegian_sort_key(name: str) -> str:
    """A key whose plain (binary) order is Norwegian alphabetical order."""
    text = name.casefold().replace("aa", "å")
    out = []
    for ch in text:
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base)
    # Tie-break on the exact name so the order is total and stable.
    return "".join(out) + "\x01" + name


def order_by_name(queryset: _QS, name_field: str = "name", key_field: str = "sort_key") -> _QS:
    """Order a queryset by a name in Norwegian order on either database."""
    if connection.vendor == "postgresql":
        return queryset.order_by(Collate(F(name_field), ICU_COLLATION), "pk")
    return queryset.order_by(key_field, "pk")
