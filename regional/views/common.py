"""Small helpers shared by the regional views."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from municipalities.models import Office


def office_or_404(slug: str) -> Office:
    return get_object_or_404(Office, slug=slug)
