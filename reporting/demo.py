"""Fictional demo content: a few confirmed grant proposals for the demo offices, so the pages show something."""

from __future__ import annotations

from django.utils import timezone

from municipalities.models import Office

from .grants import default_as_of, grant_confirmation_record, grant_rows
from .models import GrantConfirmation

DEMO_YEAR = 2021
DEMO_OFFICES = {"oslo-og-viken": "demo-staff-oslo-og-viken", "innlandet": "demo-staff-innlandet"}
PER_OFFICE = 3


def demo_content_create(*, users: dict) -> None:
    """Idempotent: confirms the first few proposals of each demo office once, and never again."""
    as_of = default_as_of(DEMO_YEAR, timezone.localdate())
    for slug, username in DEMO_OFFICES.items():
        user = users.get(username)
        office = Office.objects.filter(slug=slug).first()
        if user is None or office is None:
            continue
        if GrantConfirmation.objects.filter(year=DEMO_YEAR, municipality__office=office).exists():
            continue
        rows = grant_rows(year=DEMO_YEAR, as_of=as_of, office=office, order="name")[:PER_OFFICE]
        for index, row in enumerate(rows):
            override = index == len(rows) - 1  # one override, so the page shows both kinds
            confirmed = (not row.proposed) if override else row.proposed
            reason = (
                "Demo (fiktiv): overstyrt etter dialogmøte; kommunen har vedtak på vei."
                if override
                else "Demo (fiktiv): forslaget stemmer med det embetet kjenner til."
            )
            grant_confirmation_record(
                municipality=row.municipality,
                year=DEMO_YEAR,
                confirmed=confirmed,
                reason=reason,
                as_of=as_of,
                user=user,
            )
