"""The API's rate limit: API_RATE_LIMIT_PER_MINUTE requests per user and minute, all of the user's tokens
together. The count lives in the default cache (Redis in production, CACHE_URL), so every web process counts
against the same number; add() and incr() are atomic there. With the cache unreachable the limit is not
applied (logged): the API keeps answering, as the pages do."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60


def rate_key(user_id: int, window: int) -> str:
    return f"api:rate:{user_id}:{window}"


class UserRateThrottle(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        user = request.user
        if request.auth is None or not user.is_authenticated:
            return True  # no token: answered 401 anyway
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        self.wait_seconds = WINDOW_SECONDS - (now % WINDOW_SECONDS)
        key = rate_key(user.pk, window)
        try:
            cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
            try:
                count = cache.incr(key)
            except ValueError:  # the entry was evicted between add() and incr()
                cache.add(key, 1, timeout=WINDOW_SECONDS * 2)
                count = 1
        except Exception:  # a Redis backend raises its own connection errors
            logger.warning("API rate limit not applied: the cache is unreachable", exc_info=True)
            return True
        return count <= settings.API_RATE_LIMIT_PER_MINUTE

    def wait(self) -> float:
        return getattr(self, "wait_seconds", WINDOW_SECONDS)
