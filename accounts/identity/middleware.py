"""Let forms on portal pages end at the identity provider: signing out redirects to its end-session endpoint,
and a browser applies the page's CSP `form-action` to every redirect after a form is sent."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .provider import form_action_origins

# The response attribute django-csp reads a per-response policy update from (its decorators set it too).
CSP_UPDATE_ATTRIBUTE = "_csp_update"


class ProviderFormActionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            origins = form_action_origins()
            if origins:
                update = dict(getattr(response, CSP_UPDATE_ATTRIBUTE, None) or {})
                update["form-action"] = [*update.get("form-action", []), *origins]
                setattr(response, CSP_UPDATE_ATTRIBUTE, update)
        return response
