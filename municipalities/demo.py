"""Fictional demo content for the demo offices; later issues add to demo_content_create()."""

from __future__ import annotations


def demo_content_create(*, users: dict) -> None:
    """Idempotent: adds only what is missing."""
