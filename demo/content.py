"""All the fictional demo content, app by app in dependency order. Idempotent: each part adds only what is
missing."""

from __future__ import annotations

from accounts.models import User

from . import regional_work, reports, status


def demo_content_create(*, users: dict[str, User]) -> None:
    status.demo_content_create(users=users)
    regional_work.demo_content_create(users=users)
    reports.demo_content_create(users=users)
