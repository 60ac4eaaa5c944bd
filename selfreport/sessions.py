"""The municipality's session: what a personal link is traded for on its first visit.

It is an ordinary Django session (database-backed, the same cookie settings and idle timeout) that carries
no user, only the invitation it was opened for. It reaches that municipality's pages and nothing else
(middleware.MunicipalSessionMiddleware); it ends when the invitation is revoked, its contact deleted, its
links expire, or SESSION_ABSOLUTE_AGE has passed since the link was opened.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest

from .models import Invitation, InvitationLink

SESSION_KEY = "lhl_municipal_access"


@dataclass(frozen=True)
class Access:
    invitation_id: int
    link_id: int
    started: float


def start(request: HttpRequest, *, link: InvitationLink) -> None:
    """Sign out whoever was signed in, and begin a new session for the link's invitation (a new session key)."""
    logout(request)  # flushes the old session: its key is never reused
    request.session[SESSION_KEY] = {"invitation": link.invitation_id, "link": link.pk, "started": time.time()}


def access_of(request: HttpRequest) -> Access | None:
    """The municipal access this request's session carries, or None."""
    session = getattr(request, "session", None)
    raw = session.get(SESSION_KEY) if session is not None else None
    if not isinstance(raw, dict):
        return None
    try:
        return Access(int(raw["invitation"]), int(raw["link"]), float(raw["started"]))
    except (KeyError, TypeError, ValueError):
        return None


def end(request: HttpRequest) -> None:
    request.session.flush()


def invitation_for(access: Access) -> tuple[Invitation | None, str]:
    """The invitation a session may use, or None with the reason: "revoked", "expired" or "gone"."""
    invitation = (
        Invitation.objects.select_related("round__office", "round__created_by", "municipality__office", "contact")
        .filter(pk=access.invitation_id)
        .first()
    )
    if invitation is None:
        return None, "gone"
    if time.time() - access.started > settings.SESSION_ABSOLUTE_AGE:
        return None, "expired"
    if invitation.revoked_at is not None or invitation.contact_id is None:
        return invitation, "revoked"
    if invitation.round.is_expired():
        return invitation, "expired"
    return invitation, ""
