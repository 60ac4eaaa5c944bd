"""A cache that may be away: reads and writes that never fail a page or a job (the caller then computes), and
`cache_get_or_compute` with single flight: after an invalidation one request computes an entry while the others
wait briefly for it."""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

DAY = 24 * 60 * 60
LOCK_SECONDS = 30  # a computing request that dies frees its lock after this long
WAIT_SECONDS = 5.0  # how long a request waits for another one's entry before it computes the entry itself
POLL_SECONDS = 0.02

T = TypeVar("T")


def cache_get(key: str) -> Any:
    """The cached value, or None when absent or the cache is unreachable."""
    try:
        return cache.get(key)
    except Exception:  # a Redis backend raises its own connection errors; the caller computes instead
        logger.warning("cache unavailable (get %s)", key, exc_info=True)
        return None


def cache_set(key: str, value: Any, timeout: int = DAY) -> None:
    try:
        cache.set(key, value, timeout)
    except Exception:
        logger.warning("cache unavailable (set %s)", key, exc_info=True)


def _lock_take(key: str, token: str) -> bool:
    try:
        return bool(cache.add(key, token, LOCK_SECONDS))
    except Exception:
        logger.warning("cache unavailable (add %s)", key, exc_info=True)
        return True  # no cache, no flight to share: compute


def _lock_free(key: str, token: str) -> None:
    try:
        if cache.get(key) == token:
            cache.delete(key)
    except Exception:
        logger.warning("cache unavailable (delete %s)", key, exc_info=True)


def cache_get_or_compute(key: str, compute: Callable[[], T], *, timeout: int = DAY, wait: float = WAIT_SECONDS) -> T:
    """The cached value of `key`, else `compute()`'s, stored for the next request (never None).

    Single flight: the first request to miss takes a short lock (`cache.add`) and computes; the others poll
    for the entry for up to `wait` seconds and compute themselves only when it does not come (the lock holder
    died or is slow) or when the cache is away.
    """
    value = cache_get(key)
    if value is not None:
        return value
    lock, token = f"{key}:lock", secrets.token_hex(8)
    if _lock_take(lock, token):
        try:
            value = compute()
            cache_set(key, value, timeout)
            return value
        finally:
            _lock_free(lock, token)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        value = cache_get(key)
        if value is not None:
            return value
        if cache_get(lock) is None:  # the holder finished without storing, or its lock expired
            break
    value = cache_get(key)
    if value is not None:
        return value
    value = compute()
    cache_set(key, value, timeout)
    return value


def fragment_key(name: str, version: str, *parts: object) -> str:
    """The cache key of a rendered part of a page: its name, the language, the data version and a digest of
    everything else it depends on (dates, filters, the raw query string, the reader's office where shown)."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"{name}:{get_language() or ''}:{version}:{digest}"
