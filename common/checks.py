"""System checks: the portal refuses to start where uploads could be parsed unsafely, and the deployment check
warns when rate-limit counters would live in one process's memory (CACHE_URL=locmemcache:// or dummycache://;
the default, the database's cache table, and Redis are shared by every process and instance)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from .uploads import defusedxml_active


@register()
def defusedxml_is_active(app_configs, **kwargs):
    if defusedxml_active():
        return []
    return [Error("openpyxl does not use defusedxml: install defusedxml", id="lhl.E001")]


PROCESS_LOCAL_CACHES = ("LocMemCache", "DummyCache")


@register(Tags.caches, deploy=True)
def cache_is_shared(app_configs, **kwargs):
    """Sign-in and password-reset limits count in the default cache: it must be shared by every process."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if not backend.endswith(PROCESS_LOCAL_CACHES):
        return []
    return [
        Warning(
            "The default cache is process-local: the sign-in and password-reset limits would not hold across the "
            "web server's processes.",
            hint=(
                "Set CACHE_URL to the shared Redis, e.g. rediscache://redis:6379/1, or leave it unset (the database's "
                "cache table)."
            ),
            id="lhl.W002",
        )
    ]
