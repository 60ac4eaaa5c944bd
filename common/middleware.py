"""Cross-cutting request handling that needs no app: request IDs for error reports, a 400 for requests no page can
mean, the Norwegian 503 while the database is away, and the absolute session lifetime. (The security-event
middlewares are in accounts.)"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template import loader
from django.views.defaults import bad_request

logger = logging.getLogger("lhl.request")

# The request attribute the ID is kept in (HttpRequest declares no such attribute; readers use getattr).
REQUEST_ID_ATTRIBUTE = "request_id"

SESSION_STARTED_KEY = "lhl_session_started"


class RequestIdMiddleware:
    """Give every request an ID, shown on the 500 page and logged with the error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex[:12]
        setattr(request, REQUEST_ID_ATTRIBUTE, request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, Http404 | PermissionDenied):
            return  # answered with a 404/403 page; refused access is logged by accounts.permissions
        logger.error(
            "unhandled error request_id=%s path=%s",
            getattr(request, "request_id", "-"),
            request.path,
            exc_info=exception,
        )


# Control characters: NUL above all, which PostgreSQL refuses in any text (a lookup with it fails with a 500).
_PATH_CONTROLS = re.compile("[\x00-\x1f\x7f]")
_VALUE_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and line breaks allowed in values


class MalformedRequestMiddleware:
    """Answer 400 before any view or lookup runs when the path, a query-string name or value, or a cookie holds a
    control character (`/kalender/%00.ics`, `?q=%00`): no page of the portal means one, and a NUL that reached
    a database lookup would fail with a 500. (Numbers and dates in the query string are parsed strictly by
    common.numbers and common.dates; form fields refuse NUL themselves.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.malformed(request):
            logger.info("malformed request refused request_id=%s", getattr(request, "request_id", "-"))
            return bad_request(request, exception=BadRequest("control character in the request"))
        return self.get_response(request)

    @staticmethod
    def malformed(request: HttpRequest) -> bool:
        if _PATH_CONTROLS.search(request.path_info):
            return True
        for key, values in request.GET.lists():
            if _VALUE_CONTROLS.search(key) or any(_VALUE_CONTROLS.search(v) for v in values):
                return True
        return any(_VALUE_CONTROLS.search(k) or _VALUE_CONTROLS.search(v) for k, v in request.COOKIES.items())


class DatabaseUnavailableMiddleware:
    """While the database is away, answer 503 with a clear Norwegian page instead of a 500.

    Every write is one transaction, so nothing is half-written; with CONN_HEALTH_CHECKS the next request after the
    database returns reconnects by itself.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        request_id = getattr(request, "request_id", "-")
        logger.error("database unavailable request_id=%s path=%s: %s", request_id, request.path, exception)
        body = loader.get_template("503.html").render({"request_id": request_id})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        return response


class AbsoluteSessionLifetimeMiddleware:
    """Sign the user out once a session is older than SESSION_ABSOLUTE_AGE, however active it was.

    The idle timeout is SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST. Report texts autosave, so an
    expired session loses nothing typed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
                return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
        return self.get_response(request)
