"""Rate limits on signing in and on password reset, counted in the shared cache (django-ratelimit).

- Failed sign-ins: django-axes locks an account for one client address after AXES_FAILURE_LIMIT failures; on top
  of that, LOGIN_FAILURES_PER_ADDRESS failed sign-ins from one client address across every account (password
  spraying) lock that address out for the window. Both answer 429 (axes' lockout page).
- Password reset: at most PASSWORD_RESET_PER_ADDRESS requests from one client address per window, and at most
  PASSWORD_RESET_PER_EMAIL e-mails to one address per window. Every request is answered the same way, whether
  the address is known or not and whether a limit held the e-mail back (the page never tells anyone anything).

The counters live in Django's default cache: Redis in production (CACHE_URL), so they hold across the web
server's processes; a system check warns when the cache is process-local outside DEBUG. If the cache is away, the
limits fail open (logged): signing in never depends on Redis. The client address is REMOTE_ADDR only (the proxy
in front sets it); a client-supplied X-Forwarded-For is never trusted.
"""

from __future__ import annotations

import logging

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger("lhl.security")

LOGIN_FAILURES_PER_ADDRESS = "20/15m"
PASSWORD_RESET_PER_ADDRESS = "10/15m"
PASSWORD_RESET_PER_EMAIL = "3/h"


def _usage(request: HttpRequest, *, group: str, key, rate: str, increment: bool) -> dict | None:
    from django_ratelimit.core import get_usage

    try:
        return get_usage(request, group=group, key=key, rate=rate, increment=increment)
    except Exception:  # the cache (Redis) is away or refused: fail open, never lock everyone out
        logger.warning("rate limit %s not counted: the cache is unavailable", group, exc_info=True)
        return None


def _limited(usage: dict | None) -> bool:
    return bool(usage and usage["should_limit"])


def _rate(name: str, default: str) -> str:
    return getattr(settings, name, default)


# --- sign-in ------------------------------------------------------------------------------------------------


def login_failure_count(request: HttpRequest) -> None:
    """Count one failed sign-in from the request's client address (whatever the account)."""
    usage = _usage(
        request,
        group="login-failures",
        key="ip",
        rate=_rate("LOGIN_FAILURES_PER_ADDRESS", LOGIN_FAILURES_PER_ADDRESS),
        increment=True,
    )
    if usage and usage["count"] == usage["limit"]:
        from .permissions import log_security_event

        log_security_event(request, target="login-throttled:address")


def login_address_locked(request: HttpRequest) -> bool:
    """Has the request's client address failed to sign in as often as its limit allows, across accounts, in the
    window? (The failure that reaches the limit locks, as axes' own limit does.)"""
    usage = _usage(
        request,
        group="login-failures",
        key="ip",
        rate=_rate("LOGIN_FAILURES_PER_ADDRESS", LOGIN_FAILURES_PER_ADDRESS),
        increment=False,
    )
    return bool(usage and usage["count"] >= usage["limit"])


# --- password reset ---------------------------------------------------------------------------------------


def password_reset_request_allowed(request: HttpRequest) -> bool:
    """Count one password-reset request from the client address; False once the address is over its limit."""
    return not _limited(
        _usage(
            request,
            group="password-reset-address",
            key="ip",
            rate=_rate("PASSWORD_RESET_PER_ADDRESS", PASSWORD_RESET_PER_ADDRESS),
            increment=True,
        )
    )


def password_reset_email_allowed(request: HttpRequest, email: str) -> bool:
    """Count one reset asked for `email` (known or not, so the answer never differs); False over its limit."""
    normalised = email.strip().casefold()
    return not _limited(
        _usage(
            request,
            group="password-reset-email",
            key=lambda _group, _request: normalised,
            rate=_rate("PASSWORD_RESET_PER_EMAIL", PASSWORD_RESET_PER_EMAIL),
            increment=True,
        )
    )


class PortalAxesHandler(AxesDatabaseHandler):
    """django-axes' database handler (AXES_HANDLER), plus the per-address limit across accounts: a failure also
    counts for the client address, and an address over its limit is locked out like an account."""

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is not None:
            login_failure_count(request)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False) and login_address_locked(request):
            # The failure that reaches the address's limit answers 429 at once, as axes does for an account.
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or (request is not None and login_address_locked(request))
