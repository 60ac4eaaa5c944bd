"""Request handling that logs security events (accounts.permissions.log_security_event)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .permissions import log_security_event


class InvalidInputLogMiddleware:
    """Log rejected form input as a security event (RELIABILITY.md B-1).

    Every successful form POST in the portal redirects (post/redirect/get); a POST answered with an HTML page
    (200 or 400) re-rendered a form with errors. Login attempts are logged by django-axes instead; JSON and htmx
    answers (autosave, partials) are not form re-renders.
    """

    SKIP_PREFIXES = ("/konto/logg-inn/", "/admin/login/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method == "POST"
            and response.status_code in (200, 400)
            and response.get("Content-Type", "").startswith("text/html")
            and not request.headers.get("HX-Request")
            and not request.path.startswith(self.SKIP_PREFIXES)
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
        ):
            log_security_event(request, target=request.path, outcome="invalid")
        return response


class AdminAccessLogMiddleware:
    """Log a signed-in user who is not an administrator asking for the admin (RELIABILITY.md A-5).

    Django's admin sends them to its own login page; the attempt is logged here with user and target.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            request.path.startswith("/admin/")
            and not request.path.startswith(("/admin/login/", "/admin/logout/"))
            and user is not None
            and user.is_authenticated
            and not user.is_staff
        ):
            log_security_event(request, target=f"admin:{request.path}")
        return self.get_response(request)
