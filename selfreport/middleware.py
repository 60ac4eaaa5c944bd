"""Two pieces of request handling for the municipalities' personal links.

`LinkTokenMiddleware` comes first of all: an address `/svar/<token>/` has its secret taken out of the request
(`request.link_token`) and reads `/svar/lenke/` from then on, so no log line, error report or security event
written while handling it can contain the secret (the access log of gunicorn is redacted by
`selfreport.gunicorn`).

`MunicipalSessionMiddleware` keeps a municipality's session to its own pages: any other view of the portal
answers 404, except the accessibility statement and signing out (static files never reach a view). The API
(namespace `api`, /api/v1/) answers by its own rule, its Bearer token alone: a session is no token there, so a
municipality's session gets what anyone without a token gets (401).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect

from . import sessions
from .tokens import split_link_path

OPEN_TO_MUNICIPALITIES = frozenset({"accessibility"})
SIGN_OUT = frozenset({"accounts:logout"})
BY_OWN_RULE = frozenset({"api"})  # URL namespaces that authenticate every request themselves (the API's token)


class LinkTokenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found = split_link_path(request.path_info)
        if found is not None:
            token, path = found
            request.link_token = token  # type: ignore[attr-defined]
            request.path_info = path
            request.path = f"{request.META.get('SCRIPT_NAME', '').rstrip('/')}{path}"
            request.META["PATH_INFO"] = path
            for key in ("RAW_URI", "REQUEST_URI"):
                if key in request.META:
                    request.META[key] = path
        return self.get_response(request)


def municipal_page(view: Callable) -> Callable:
    """Mark a view as one of the municipality's pages (it checks the session itself)."""
    view.municipal_page = True  # type: ignore[attr-defined]
    return view


class MunicipalSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args, view_kwargs) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        if sessions.access_of(request) is None:
            return None
        if getattr(view_func, "municipal_page", False):
            return None
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in OPEN_TO_MUNICIPALITIES or (match and match.namespaces[:1] and match.namespaces[0] in BY_OWN_RULE):
            return None
        if name in SIGN_OUT:
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            sessions.end(request)
            return redirect("selfreport:signed-out")
        raise Http404
