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
403, logged as a security event with user, target and time. The directorate's annual summary is the other
way round: its draft is the directorate's alone (anyone else, the administrator included, gets a 404); a final
version is read by the directorate and every office's staff.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

if TYPE_CHECKING:
    from .models import User
    from .requests import AuthenticatedRequest


class Office(Protocol):
    """An office as this module sees it (municipalities.Office): no app is imported here."""

    pk: Any
    slug: str


class InOffice(Protocol):
    """A record kept by an office (a municipality, a network...)."""

    @property
    def office_id(self) -> int | None: ...


T = TypeVar("T", bound=Model)
# What a refused request is logged against: a text, or a function of the object found.
Target = str | Callable[[Any], str]

logger = logging.getLogger("lhl.security")

READER_ROLES = {"office_staff", "directorate", "administrator"}


def can_read(user: User) -> bool:
    """Every signed-in, active user of a real role reads published data of every office."""
    return bool(user.is_authenticated and user.is_active and user.role in READER_ROLES)


def can_write_office(user: User, office: Office | int | None) -> bool:
    """Office staff write their own office's records (facts, networks, texts, plans, events...)."""
    office_id = getattr(office, "pk", office)
    return bool(can_read(user) and user.is_office_staff and office_id is not None and user.office_id == office_id)


def can_edit_municipality(user: User, municipality: InOffice) -> bool:
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


def can_read_contacts(user: User, office: Office | int | None) -> bool:
    """A municipality's contact persons are personal data: their own office's staff and the directorate read
    them (and see their names where they reported a status); nobody else."""
    return bool(can_write_office(user, office) or is_directorate(user))


def can_manage_contacts(user: User, office: Office | int | None) -> bool:
    """Contacts, status rounds and the review of the municipalities' responses: the office's own staff."""
    return can_write_office(user, office)


def can_manage_users(user: User) -> bool:
    return bool(can_read(user) and user.is_administrator)


def can_view_package(user: User, *, office_slug: str | None, submitted: bool) -> bool:
    """Who may see a report package and download it: a submitted office package, every reader; the national
    package (submitted texts only, live figures of the others), the directorate and every office's staff; a live
    office package (a draft with the report's texts), its own office's staff only."""
    if not can_read(user):
        return False
    if submitted:
        return True
    if office_slug is None:
        return bool(user.is_directorate or user.is_office_staff)
    return bool(user.is_office_staff and user.office is not None and user.office.slug == office_slug)


def can_hold_write_token(user: User) -> bool:
    """An API token that writes is for office staff, the only role that records facts (it still writes only
    what its user may: its own office's records)."""
    return bool(can_read(user) and user.is_office_staff)


def can_write_summary(user: User) -> bool:
    """The directorate's annual summary: its texts, its example choice, marking it final and reopening it."""
    return is_directorate(user)


def can_see_summary_draft(user: User) -> bool:
    """A draft annual summary (its page, texts and draft documents) is the directorate's alone."""
    return is_directorate(user)


def can_read_final_summary(user: User) -> bool:
    """A final version of the annual summary and its document: the directorate and every office's staff."""
    return bool(can_read(user) and (user.is_directorate or user.is_office_staff))


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
    return PermissionDenied()


def not_found(request: HttpRequest, *, target: str) -> Http404:
    """Log an attempt on another office's draft or record and return the 404 to raise."""
    log_security_event(request, target=target)
    return Http404()


def require_office_write(request: AuthenticatedRequest, office: Office | int | None, *, target: str) -> None:
    """Raise 403 (logged) unless the user may write this office's records."""
    if not can_write_office(request.user, office):
        raise deny(request, target=target)


def require(request: HttpRequest, allowed: bool, *, target: str) -> None:
    """Raise 403 (logged) unless `allowed` (one of the predicates above, asked by the caller)."""
    if not allowed:
        raise deny(request, target=target)


# ---- lookup plus permission -------------------------------------------------------------------------------
# A view asks for its object with one of these: a missing object is a plain 404; an object the user may read but
# not write is a logged 403; a draft of another office is a logged 404. The caller gives the queryset and how to
# find the object's office, so this module knows no app's models.


def _target_of(target: Target, obj: Any) -> str:
    return target(obj) if callable(target) else target


def get_for_writing(
    request: AuthenticatedRequest,
    queryset: QuerySet[T] | type[T],
    *,
    office: Callable[[T], Office | int | None],
    target: Target,
    **lookup: Any,
) -> T:
    """The object, if the user may write the records of its office (`office(obj)`); else a logged 403."""
    obj = get_object_or_404(queryset, **lookup)
    require_office_write(request, office(obj), target=_target_of(target, obj))
    return obj


def office_for_writing(
    request: AuthenticatedRequest, queryset: QuerySet[T] | type[T], *, target: Target, **lookup: Any
) -> T:
    """The office, if the user may write its records; else a logged 403."""
    return get_for_writing(request, queryset, office=lambda found: cast(Office, found), target=target, **lookup)


def municipality_for_writing(
    request: AuthenticatedRequest, queryset: QuerySet[T] | type[T], *, target: Target, **lookup: Any
) -> T:
    """The municipality, if the user may write its office's records (its facts, examples); else a logged 403."""
    return get_for_writing(
        request, queryset, office=lambda found: cast(InOffice, found).office_id, target=target, **lookup
    )


def get_for_reading(request: HttpRequest, queryset: QuerySet[T] | type[T], **lookup: Any) -> T:
    """The object for any reader (every signed-in user reads every office's published records); 404 if missing."""
    return get_object_or_404(queryset, **lookup)


def get_draft(
    request: AuthenticatedRequest,
    queryset: QuerySet[T] | type[T],
    *,
    office: Callable[[T], Office | int | None],
    target: Target,
    published: Callable[[T], bool] = lambda found: False,
    **lookup: Any,
) -> T:
    """The object, if it is published or the user's own office's draft; anyone else gets a logged 404."""
    obj = get_object_or_404(queryset, **lookup)
    if not published(obj) and not can_see_drafts(request.user, office(obj)):
        raise not_found(request, target=_target_of(target, obj))
    return obj


# ---- commands -------------------------------------------------------------------------------------------------


class CommandRefused(Exception):
    """A command's user may not do what was asked (the command answers `error: message`, exit 2)."""


def can_write_office_by_command(user: User, office: Office | int | None) -> bool:
    """Commands run as the system actor write every office; a named user writes as on the pages."""
    return bool(user.is_system or can_write_office(user, office))


def fact_import_office(user: User, office: Office | None) -> Office | None:
    """The office whose facts a command (import_status) run as `user` may record: `office` as asked (None: every
    office) for the system actor; for office staff their own office (`office`, when given, must be it).
    Anyone else is refused with CommandRefused."""
    if user.is_system:
        return office
    if user.is_directorate or user.is_administrator:
        raise CommandRefused(f"user {user.username!r} ({user.role}) may not record status facts")
    if not user.is_office_staff or user.office_id is None or not user.is_active:
        raise CommandRefused(f"user {user.username!r} may not record status facts")
    if office is None:
        return user.office
    if not can_write_office(user, office):
        raise CommandRefused(f"user {user.username!r} may not record facts for the office {office.slug!r}")
    return office
