"""Settings for the test suite: PostgreSQL by default, fast hashing, mail kept in memory."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lhl")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("BEHIND_PROXY", "1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# The test process and its live server close their connections after each request, as before (the production
# default keeps them 60 s); the processes the services tests start inherit this unless they set their own, as
# tests/faults does to test the kept connection.
os.environ.setdefault("CONN_MAX_AGE", "0")
# Files the tests store (job files, packages) go to a scratch folder, never var/media.
# One folder per test database (and per pytest-xdist worker, each of which has its own database), so that two
# checkouts or two workers testing at once never share stored files.
os.environ.setdefault(
    "MEDIA_ROOT",
    os.path.join(
        tempfile.gettempdir(),
        "lhl-test-media-"
        + os.environ["DATABASE_URL"].rstrip("/").rsplit("/", 1)[-1]
        + os.environ.get("PYTEST_XDIST_WORKER", ""),
    ),
)

from .base import *  # noqa: F403  (after the environment defaults above)
from .base import STORAGES

# Never the developer's var/staticfiles either (collectstatic, `make run` or the minimal-configuration test fill
# it): WhiteNoise's middleware walks and stats every file under STATIC_ROOT each time it is built, and the test
# client builds the middleware afresh for every client, which made a run after a collectstatic ~15 % slower than
# one in a fresh checkout. Tests that need collected files collect them into a folder of their own
# (tests/common/test_static_caching.py); pages are tested without them, as in a fresh checkout.
STATIC_ROOT = Path(tempfile.gettempdir()) / "lhl-test-static-never-collected"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("TEST_CACHE_URL"):  # a subprocess of a test that shares the test's Redis cache
    CACHES = {"default": env.cache_url("TEST_CACHE_URL")}  # noqa: F405
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in-process, unless TEST_CELERY_BROKER_URL points at a broker: the services tests (tests/jobs/)
# set it for the Celery worker they start, together with short time limits (CELERY_TASK_*_LIMIT,
# CELERY_VISIBILITY_TIMEOUT, JOB_LEASE_SECONDS read by base.py).
CELERY_BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL") or None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
JOB_BUILDERS = {**JOB_BUILDERS, "test_echo": "jobs.testing.echo_builder"}  # noqa: F405
AXES_ENABLED = True
