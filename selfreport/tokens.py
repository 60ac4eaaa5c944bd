"""The secret of a personal link, and keeping it out of every log.

A link is `<PORTAL_BASE_URL>/svar/<token>/`: 32 random bytes (256 bits) from `secrets`, URL-safe base64. Only
its SHA-256 is stored, so a copy of the database opens nothing. This module imports no model: the gunicorn
access logger (`selfreport.gunicorn`) uses it before Django is set up.
"""

from __future__ import annotations

import hashlib
import re
import secrets

TOKEN_BYTES = 32  # 256 bits; at least 128 are required
LINK_PREFIX = "/svar/"
# The addresses under /svar/ that are pages, not secrets; anything else in that position is a token.
PAGE_SEGMENTS = frozenset({"kommune", "lenke", "logg-ut", "logget-ut"})
TOKEN_SEGMENT = "lenke"  # what the address reads as once the token has been taken out
REDACTED = "[lenke]"

_TOKEN_CHARS = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
_SECRET_IN_PATH = re.compile(r"(/svar/)([^/?#\s\"]+)")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def plausible(token: str) -> bool:
    """Could this be a token the portal made (before looking it up)?"""
    return bool(_TOKEN_CHARS.match(token))


def split_link_path(path: str) -> tuple[str, str] | None:
    """For an address whose first segment under /svar/ is a secret: (token, the address with it taken out).
    None for every other address."""
    if not path.startswith(LINK_PREFIX):
        return None
    rest = path[len(LINK_PREFIX) :]
    segment, _slash, tail = rest.partition("/")
    if not segment or segment in PAGE_SEGMENTS:
        return None
    return segment, f"{LINK_PREFIX}{TOKEN_SEGMENT}/{tail}"


def redact(text: str) -> str:
    """The text with any secret in a /svar/ address replaced (for access logs and other log lines)."""

    def replace(match: re.Match) -> str:
        segment = match.group(2)
        return match.group(0) if segment in PAGE_SEGMENTS else f"{match.group(1)}{REDACTED}"

    return _SECRET_IN_PATH.sub(replace, text)
