"""Compressed HTML and JSON for GET requests (`PageGZipMiddleware`).

BREACH needs a secret in a compressed body and an attacker who can inject text into the same body and watch
its length. What is compressed here: GET and HEAD answers only (no reply to a form post), HTML and JSON only
(files and streams are left to WhiteNoise and the downloads). The one secret such a page holds is the CSRF token
of the sign-out form, and Django masks it with a new random value on every response, so it never repeats
across responses; Django's GZipMiddleware also adds random bytes to every compressed response
("Heal the Breach", Django 4.2), so the lengths do not tell an attacker what matched.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

COMPRESSED_TYPES = ("text/html", "application/json")


class PageGZipMiddleware(GZipMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD") or response.streaming:
            return response
        if not response.get("Content-Type", "").startswith(COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)
