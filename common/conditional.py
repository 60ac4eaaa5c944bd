"""Conditional GET for pages and downloads that change only with the data version (`conditional_page`).

The ETag is a digest of the data version, the reader (user id and session key: signing in anew rotates both
the session and the CSRF secret, so a page holding an old form token is never reused), the path and raw query
string, the language and today's date (pages count days to a deadline). `Cache-Control: private, no-cache`:
only the reader's own browser keeps the page, and it asks every time. A 304 is answered only when the ETag the
browser sent is exactly the current one; a page with a message waiting to be shown is always rendered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import get_language

from .data_version import request_data_version

CACHE_CONTROL = {"private": True, "no_cache": True}


def page_etag(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    parts = [
        request_data_version(request),
        str(getattr(user, "pk", "") or ""),
        (session.session_key if session is not None else "") or "",
        request.path,
        request.GET.urlencode(),
        get_language() or "",
        timezone.localdate().isoformat(),
    ]
    return quote_etag(hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40])


def _headers(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    patch_cache_control(response, **CACHE_CONTROL)
    patch_vary_headers(response, ["Cookie"])
    return response


def conditional_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer a GET with 304 when the browser's copy is still the one this view would send."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        etag = page_etag(request)
        # weak comparison: the compression middleware marks the ETag of a compressed page weak (W/"…")
        sent = {tag.removeprefix("W/") for tag in parse_etags(request.headers.get("If-None-Match", ""))}
        if etag in sent and not len(messages.get_messages(request)):
            return _headers(HttpResponseNotModified(), etag)
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            _headers(response, etag)
        return response

    return wrapper
