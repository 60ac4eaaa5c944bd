"""WSGI entry point for gunicorn.

Once the portal is loaded (settings, apps, every URL pattern and so every view module), the objects that live as
long as the process are moved out of the garbage collector's sight (`gc.freeze()`). Without it, each full
collection walks those hundreds of thousands of objects again: a cold dashboard page allocates enough to trigger
one every few requests, and the pause (up to 100 ms) was the slowest tenth of the pages' answers.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lhl_portal.settings.base")

application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - imports every view module now, before the freeze
gc.collect()
gc.freeze()
