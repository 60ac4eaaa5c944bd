"""Command-line lookups of users (the conventions themselves are in common.cli)."""

from __future__ import annotations

from common.cli import ArgumentError

from .models import User
from .services import system_actor


def get_user(username: str | None) -> User:
    """The named user, or the system actor when none is given."""
    if not username:
        return system_actor()
    try:
        return User.objects.select_related("office").get(username=username)
    except User.DoesNotExist:
        raise ArgumentError(f"unknown user {username!r}") from None
