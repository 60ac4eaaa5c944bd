"""Conditional GET and the reader's own page cache for pages and downloads that change only with the data
version (`conditional_page`).

The ETag is a digest of the data version, the reader (user id and session key: signing in anew rotates both
the session and the CSRF secret), the path and raw query string, the language and today's date (pages count
days to a deadline). `Cache-Control: private, no-cache`: only the reader's own browser keeps the page, and it
asks every time. A 304 is answered only when the ETag the browser sent is exactly the current one; a page with
a message waiting to be shown is always rendered.

The same digest keys the reader's copy of the page in the shared cache (`PAGE_SECONDS`): a plain GET of a page
this reader saw under the same data version is the stored body, its CSRF token replaced by a freshly masked one
(every response still carries a token of its own). A copy is never served to anyone else: the key holds the
user and the session. What other readers share is the data-dependent part of the page (cached_fragment).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import get_language

from .cache import cache_get, cache_set
from .data_version import request_data_version

CACHE_CONTROL = {"private": True, "no_cache": True}
PAGE_SECONDS = 10 * 60
_OWN_HEADERS = ("ETag", "Cache-Control", "Vary")
_CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def page_etag(request: HttpRequest) -> str:
    return quote_etag(_digest(request))


def _digest(request: HttpRequest) -> str:
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
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]


def _headers(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    patch_cache_control(response, **CACHE_CONTROL)
    patch_vary_headers(response, ["Cookie"])
    return response


def _stored(request: HttpRequest, key: str) -> HttpResponse | None:
    entry = cache_get(key)
    if entry is None:
        return None
    headers, body = entry
    if b"csrfmiddlewaretoken" in body:
        token = get_token(request).encode()
        body = _CSRF_FIELD.sub(lambda m: m.group(1) + token + m.group(2), body)
    response = HttpResponse(body)
    for name, value in headers:
        response[name] = value
    return response


def _store(key: str, response: HttpResponse) -> None:
    if response.streaming or response.cookies:
        return
    headers = [(name, value) for name, value in response.items() if name not in _OWN_HEADERS]
    cache_set(key, (headers, response.content), PAGE_SECONDS)


def conditional_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer a GET with 304 when the browser's copy is still the one this view would send, else with the
    reader's stored copy when there is one, else with the view's answer (stored for the next GET)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or len(messages.get_messages(request)):
            return view(request, *args, **kwargs)
        digest = _digest(request)
        etag = quote_etag(digest)
        # weak comparison: the compression middleware marks the ETag of a compressed page weak (W/"…")
        sent = {tag.removeprefix("W/") for tag in parse_etags(request.headers.get("If-None-Match", ""))}
        if etag in sent:
            return _headers(HttpResponseNotModified(), etag)
        key = f"page:{digest}"
        response = _stored(request, key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            _store(key, response)
        return _headers(response, etag)

    return wrapper
