"""The API answers by its Bearer token alone, whatever the session: under /api/ the session and CSRF cookies
are dropped before the session, authentication and CSRF middlewares read them. A signed-in browser therefore
reaches no data there (401), cannot be made to write by another site (no CSRF surface), and the API never
sets a cookie."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from common.middleware import MalformedRequestMiddleware

from .problems import PROBLEM_CONTENT_TYPE, problem_body

API_PREFIX = "/api/"


class TokenOnlyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            request.COOKIES.pop(settings.SESSION_COOKIE_NAME, None)
            request.COOKIES.pop(settings.CSRF_COOKIE_NAME, None)
        return self.get_response(request)


class MalformedApiRequestMiddleware:
    """A control character in an API request's path, query string or cookies is refused with a 400 in the API's
    own error format (problem details), before common.middleware.MalformedRequestMiddleware would answer with
    the portal's HTML page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX) and MalformedRequestMiddleware.malformed(request):
            detail = _("Forespørselen inneholder et kontrolltegn (for eksempel NUL); fjern det og prøv igjen.")
            body = problem_body(status_code=400, detail=detail, instance=request.path)
            return JsonResponse(body, status=400, content_type=PROBLEM_CONTENT_TYPE)
        return self.get_response(request)
