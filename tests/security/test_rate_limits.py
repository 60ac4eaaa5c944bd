"""A-12 (password reset) and A-13 (password spraying): limits counted in the shared cache.

- At most 3 reset e-mails per address per hour and 10 reset requests per client address per 15 minutes; the
  answer is the same whether the address is known, unknown, or held back by a limit.
- 20 failed sign-ins from one client address in 15 minutes, across accounts, lock that address out (429).
- The counters live in the shared cache (Redis in production): a second process sees the first one's count.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import SecurityEvent
from tests.factories import UserFactory

RESET = reverse("accounts:password-reset")
LOGIN = reverse("accounts:login")
ROOT = Path(__file__).resolve().parents[2]


def _reset(address: str, *, ip: str = "10.0.0.1"):
    return Client(REMOTE_ADDR=ip).post(RESET, {"email": address})


def test_a12_at_most_three_reset_emails_per_address_per_hour(staff_a):
    answers = [_reset(staff_a.email, ip=f"10.0.1.{i}") for i in range(5)]
    assert len(mail.outbox) == 3
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, reverse("accounts:password-reset-done"))}
    assert SecurityEvent.objects.filter(target="password-reset-throttled").count() == 2


def test_a12_ten_reset_requests_per_client_address_then_nothing_is_sent_and_the_answer_is_the_same(staff_a):
    unknown = [_reset(f"ukjent{i}@example.invalid") for i in range(10)]
    assert mail.outbox == []
    held_back = _reset(staff_a.email)  # the eleventh from this address: a known address, but no e-mail
    assert mail.outbox == []
    assert {(a.status_code, a["Location"]) for a in [*unknown, held_back]} == {
        (302, reverse("accounts:password-reset-done"))
    }
    _reset(staff_a.email, ip="10.0.0.2")  # another client address is not held back
    assert len(mail.outbox) == 1


def test_a13_twenty_failed_sign_ins_across_accounts_lock_the_client_address(db):
    users = [UserFactory(username=f"spray-{i}") for i in range(21)]
    attacker = Client(REMOTE_ADDR="10.6.6.6")
    codes = [attacker.post(LOGIN, {"username": u.username, "password": "Sommer2021"}).status_code for u in users[:20]]
    assert codes[:19] == [200] * 19  # one try per account: never the account lock (5 for one account)
    assert codes[19] == 429
    refused = attacker.post(LOGIN, {"username": users[20].username, "password": "pw"})  # even the right password
    assert refused.status_code == 429
    assert "For mange mislykkede innlogginger" in refused.content.decode()
    assert "_auth_user_id" not in attacker.session
    assert SecurityEvent.objects.filter(target="login-throttled:address", ip_address="10.6.6.6").count() == 1
    # Another client address signs in as usual.
    assert (
        Client(REMOTE_ADDR="10.0.0.9").post(LOGIN, {"username": users[20].username, "password": "pw"}).status_code
        == 302
    )


@pytest.mark.services
def test_a12_a13_the_counters_hold_across_processes_in_the_shared_cache(settings, redis_server, staff_a):
    """Nine requests in this process, one in another process sharing the Redis cache: the eleventh is held."""
    from django.core.cache import caches

    from tests.services_fixtures import database_env

    cache_url = redis_server.url.rsplit("/", 1)[0] + "/3"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}}
    caches["default"].clear()
    for i in range(9):
        _reset(f"ukjent{i}@example.invalid", ip="10.7.7.7")
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client(REMOTE_ADDR='10.7.7.7').post('/konto/glemt-passord/', {'email': 'ukjent-x@example.invalid'}); "
        "print(r.status_code)"
    )
    env = {**database_env(), "TEST_CACHE_URL": cache_url.replace("redis://", "rediscache://")}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip().endswith("302"), done.stderr[-2000:]
    assert mail.outbox == []
    _reset(staff_a.email, ip="10.7.7.7")  # the eleventh request from the address, counted across both processes
    assert mail.outbox == []
    _reset(staff_a.email, ip="10.7.7.8")
    assert len(mail.outbox) == 1
    caches["default"].clear()
