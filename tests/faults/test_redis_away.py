"""F-2: the Redis that serves as cache and broker stops. Staff still log in, record facts and save (sessions and
writes never touch Redis), and the overview and dashboard pages still load (cache misses tolerated)."""

import shutil

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from municipalities.facts import StatusFact
from tests.factories import UserFactory, municipality
from tests.services_fixtures import RedisServer, free_port

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def private_redis():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = RedisServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_cache(settings, private_redis):
    """The portal configured as in production: cache and broker on Redis (CACHE_URL=redis://…)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": private_redis.url.rsplit("/", 1)[0] + "/1",
        }
    }
    settings.CELERY_BROKER_URL = private_redis.url
    return private_redis


def _read_pages(office) -> list[str]:
    pages = [
        reverse("municipalities:office-list"),
        reverse("municipalities:office-detail", args=[office.slug]),
        reverse("municipalities:municipality-detail", args=["0301"]),
    ]
    pages += [reverse(name) for name in ("dashboard:overview", "dashboard:trends", "dashboard:map")]
    return pages


def test_f2_redis_stopped_staff_still_log_in_save_and_read(client, redis_cache, office_a):
    UserFactory(username="f2-staff", office=office_a)
    cache.set("f2-probe", "ja")
    assert cache.get("f2-probe") == "ja"  # the cache really is this Redis
    for url in _read_pages(office_a):  # warm whatever the pages cache
        assert client.get(url).status_code in (200, 302)

    redis_cache.stop()
    with pytest.raises(redis.exceptions.ConnectionError):
        cache.get("f2-probe")

    login = client.post(reverse("accounts:login"), {"username": "f2-staff", "password": "pw"})
    assert login.status_code == 302
    version = municipality("0301").status_version
    saved = client.post(
        reverse("municipalities:fact-create", args=["0301"]),
        {
            "fact": "phase",
            "value": "3",
            "effective_date": "2021-04-01",
            "note": "F-2 uten Redis",
            "status_version": str(version),
            "loaded_at": timezone.now().isoformat(),
        },
    )
    assert saved.status_code == 302
    assert StatusFact.objects.filter(note="F-2 uten Redis").count() == 1
    assert municipality("0301").status_version == version + 1
    for url in _read_pages(office_a):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "F-2 uten Redis" in client.get(reverse("municipalities:municipality-detail", args=["0301"])).content.decode()
