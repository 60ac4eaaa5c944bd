"""Command-line lookups of reference data (the conventions themselves are in common.cli)."""

from __future__ import annotations

from typing import overload

from common.cli import ArgumentError

from .models import Office


@overload
def get_office(slug: str) -> Office: ...
@overload
def get_office(slug: None) -> None: ...
@overload
def get_office(slug: str | None) -> Office | None: ...


def get_office(slug: str | None) -> Office | None:
    """The office with this slug (None when none is given); an unknown slug is a bad argument."""
    if slug is None:
        return None
    try:
        return Office.objects.get(slug=slug)
    except Office.DoesNotExist:
        raise ArgumentError(f"unknown office {slug!r}") from None
