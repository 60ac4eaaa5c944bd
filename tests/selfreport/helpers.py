"""Helpers for the self-reporting tests: contacts, rounds and a municipality's session."""

from __future__ import annotations

import datetime
import time

from django.conf import settings
from django.test import Client
from django.utils import timezone

from municipalities.models import Municipality
from selfreport.contacts import contact_create
from selfreport.models import Invitation
from selfreport.rounds import IssuedLink, round_start
from selfreport.sessions import SESSION_KEY


def contact(number: str, *, user, name: str = "Kari Kontakt", email: str | None = None, language: str = "nb", role=""):
    municipality = Municipality.objects.get(number=number)
    return contact_create(
        municipality=municipality,
        user=user,
        name=name,
        email=email or f"{name.split()[0].lower()}.{number}@kommune.example",
        role=role,
        language=language,
    )


def start(office, user, numbers: list[str] | None = None, *, days: int = 14, send_email: bool = False, **kwargs):
    """Start a round for the numbers' municipalities (their contacts must exist): (round, [IssuedLink])."""
    chosen = list(Municipality.objects.filter(number__in=numbers)) if numbers is not None else None
    return round_start(
        office=office,
        user=user,
        deadline=timezone.localdate() + datetime.timedelta(days=days),
        municipalities=chosen,
        send_email=send_email,
        **kwargs,
    )


def invitation_with_link(office, user, number: str = "0301", **contact_kwargs) -> IssuedLink:
    contact(number, user=user, **contact_kwargs)
    _round, issued = start(office, user, [number])
    return issued[0]


def municipal_session(client: Client, invitation: Invitation) -> None:
    """Give the client a municipality's session for the invitation, as opening its link would (like
    force_login does for a user): no rate limit is spent."""
    link = invitation.links.filter(replaced_at__isnull=True).first()
    session = client.session
    session[SESSION_KEY] = {"invitation": invitation.pk, "link": link.pk if link else 0, "started": time.time()}
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


def link_path(token: str) -> str:
    return f"/svar/{token}/"
