"""The one permission module. Every view, download and command asks here.

The matrix (README.md, "Tilgang"):

| who           | reads                                             | writes                                     |
|---------------|---------------------------------------------------|--------------------------------------------|
| office staff  | everything published, every office                | their own office's records only            |
| directorate   | the same                                          | periods, catalogue names, report decisions,|
|               |                                                   | meeting minutes                            |
| administrator | the same                                          | users and the catalogue; never facts       |
| anonymous     | nothing (sent to login)                           | nothing                                    |

Drafts (report texts, live packages of unsubmitted reports, unpublished plan versions) are visible to
their own office only: anyone else gets a 404. A write to something the user may read but not write is a
403, logged as a security event with user, target and time.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

if TYPE_CHECKING:
    from accounts.models import User
    from municipalities.models import Municipality, Office

logger = logging.getLogger("lhl.security")

READER_ROLES = {"office_staff", "directorate", "administrator"}


def can_read(user: User) -> bool:
    """Every signed-in, active user of a real role reads published data of every office."""
    return bool(user.is_authenticated and user.is_active and user.role in READER_ROLES)


def can_write_office(user: User, office: Office | int | None) -> bool:
    """Office staff write their own office's records (facts, networks, texts, plans, events...)."""
    office_id = getattr(office, "pk", office)
    return bool(can_read(user) and user.is_office_staff and office_id is not None and user.office_id == office_id)


def can_edit_municipality(user: User, municipality: Municipality) -> bool:
    return can_write_office(user, municipality.office_id)


def can_see_drafts(user: User, office: Office | int | None) -> bool:
    """Drafts are visible to their own office only."""
    return can_write_office(user, office)


def is_directorate(user: User) -> bool:
    return bool(can_read(user) and user.is_directorate)


def can_manage_periods(user: User) -> bool:
    return is_directorate(user)


def can_decide_reports(user: User) -> bool:
    """Accept, return and reopen office reports."""
    return is_directorate(user)


def can_write_minutes(user: User) -> bool:
    return is_directorate(user)


def can_edit_catalogue(user: User) -> bool:
    """Names in the focus-area/solution catalogue and the grant schemes."""
    return bool(can_read(user) and (user.is_directorate or user.is_administrator))


def can_manage_users(user: User) -> bool:
    return bool(can_read(user) and user.is_administrator)


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: a client-supplied X-Forwarded-For is never trusted as the actor's address.
    return request.META.get("REMOTE_ADDR") or None


def log_security_event(request: HttpRequest, *, target: str, outcome: str = "denied", user: User | None = None) -> None:
    """Record a security event; `user` names the account concerned when it is not the signed-in one (a refused
    sign-in of a deactivated account, say)."""
    from accounts.models import SecurityEvent

    if user is None:
        user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
    office = getattr(user, "office", None) if user else None
    SecurityEvent.objects.create(
        user=user,
        username=user.get_username() if user else "",
        office_slug=office.slug if office else "",
        path=request.path[:500],
        method=request.method or "",
        target=target[:200],
        outcome=outcome,
        ip_address=client_ip(request),
    )
    log = logger.warning if outcome == "denied" else logger.info
    log(
        "access %s: user=%s office=%s method=%s path=%s target=%s",
        outcome,
        user.get_username() if user else "-",
        office.slug if office else "-",
        request.method,
        request.path,
        target,
    )


def deny(request: HttpRequest, *, target: str) -> PermissionDenied:
    """Log a refused write and return the exception to raise (403)."""
    log_security_event(request, target=target)
    return PermissionDenied


def not_found(request: HttpRequest, *, target: str) -> Http404:
    """Log an attempt on another office's draft or record and return the 404 to raise."""
    log_security_event(request, target=target)
    return Http404()


def require_office_write(request: HttpRequest, office: Office | int | None, *, target: str) -> None:
    """Raise 403 (logged) unless the user may write this office's records."""
    if not can_write_office(request.user, office):
        raise deny(request, target=target)
