"""A cache that may be away: reads and writes that never fail a page or a job (the caller then computes)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache import cache

logger = logging.getLogger(__name__)

DAY = 24 * 60 * 60


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
