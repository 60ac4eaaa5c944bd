"""Writes to the user records."""

from __future__ import annotations

from .models import SYSTEM_USERNAME, User


def system_actor() -> User:
    """The named actor that commands and tasks record as when no user is given."""
    user, _created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"role": User.Role.SYSTEM, "is_active": False, "first_name": "Systemet"},
    )
    return user
