"""How often one client address may open personal links, counted in the shared cache (django-ratelimit).

Every opening counts, valid or not: guessing a 256-bit secret is hopeless anyway, and this keeps anyone from
trying. The client address is REMOTE_ADDR only (the proxy in front sets it). If the cache is away the limit
fails open (logged): a municipality is never locked out because Redis is.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger("lhl.security")

ROUND_LINK_OPENS_PER_ADDRESS = "30/15m"


def link_opening_allowed(request: HttpRequest) -> bool:
    from django_ratelimit.core import get_usage

    rate = getattr(settings, "ROUND_LINK_OPENS_PER_ADDRESS", ROUND_LINK_OPENS_PER_ADDRESS)
    try:
        usage = get_usage(request, group="round-link-open", key="ip", rate=rate, increment=True)
    except Exception:
        logger.warning("rate limit round-link-open not counted: the cache is unavailable", exc_info=True)
        return True
    if usage and usage["should_limit"]:
        if usage["count"] == usage["limit"] + 1:
            logger.warning("round links: opening limited for address %s", request.META.get("REMOTE_ADDR", "-"))
        return False
    return True
