"""/api/v1/ answers by the token alone, whatever the session: no data without a valid token (401), no CSRF
surface, CORS closed, no cookie set; the description and the documentation are public. Tokens are rate-limited
in the shared cache; another office's draft is a logged 404; errors are problem details with a request ID."""

import os
import subprocess
import sys
import types

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client

from accounts.models import SecurityEvent
from api import throttling
from municipalities.facts import StatusFact
from reporting.models import ReportingPeriod
from reporting.reports.services import report_return, report_submit, report_texts_save

from .conftest import ApiClient, make_token

DATA = "/api/v1/municipalities/0301/status/"


def test_a_signed_in_session_alone_gets_401(client_a):
    response = client_a.get(DATA)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Set-Cookie" not in response  # the API never sets a cookie, not even the session's


def test_the_description_and_the_documentation_need_no_token(client, client_a):
    for browser in (Client(), client_a):
        schema = browser.get("/api/v1/openapi.json")
        assert schema.status_code == 200
        assert schema.json()["info"]["title"] == "Leve hele livet-portalen – API"
        docs = browser.get("/api/v1/docs/")
        assert docs.status_code == 200
        assert "API-dokumentasjon" in docs.content.decode()


def test_a_cross_site_post_riding_on_a_session_writes_nothing(client_a):
    """No token, a session cookie, no CSRF token: 401 (never 403 for CSRF: there is no session to ride on)."""
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.cookies = client_a.cookies
    response = csrf_client.post(
        "/api/v1/municipalities/0301/facts/",
        '{"fact": "phase", "value": "3", "effective_date": "2021-05-01"}',
        content_type="application/json",
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 401
    assert StatusFact.objects.count() == 0
    assert SecurityEvent.objects.get().target == "api:POST:401"


def test_cors_stays_closed(hdir_api, client, directorate_user):
    token = hdir_api.token
    response = client.get(DATA, HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ORIGIN="https://analyse.example")
    assert response.status_code == 200
    assert not [h for h in response.headers if h.lower().startswith("access-control-")]
    preflight = client.options(DATA, HTTP_ORIGIN="https://analyse.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight.status_code in (401, 405)
    assert not [h for h in preflight.headers if h.lower().startswith("access-control-")]


def test_other_methods_are_405(staff_api):
    response = staff_api.client.delete(DATA, **staff_api.headers())
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert staff_api.client.put("/api/v1/municipalities/0301/facts/", **staff_api.headers()).status_code == 405


# ---- drafts ----------------------------------------------------------------------------------------------------


def test_another_offices_draft_is_a_logged_404_and_its_submission_is_readable(
    staff_a, staff_b, office_a, api_as, directorate_user
):
    spring = ReportingPeriod.objects.get(slug="spring-2021")
    url = "/api/v1/reports/spring-2021/oslo-og-viken/"
    report_texts_save(office=office_a, period=spring, texts={"assessment": "Første utkast."}, user=staff_a, round=0)
    own = api_as(staff_a).get(url).json()
    assert (own["source"], own["status"], own["texts"]) == ("live", "draft", {"assessment": "Første utkast."})
    for user in (staff_b, directorate_user):
        response = api_as(user).get(url)
        assert response.status_code == 404
        assert SecurityEvent.objects.filter(
            username=user.username, target="report:oslo-og-viken/spring-2021:api"
        ).exists()
    report = report_submit(office=office_a, period=spring, user=staff_a).report
    report_return(report=report, user=directorate_user, comment="Utdyp vurderingen.")
    report_texts_save(office=office_a, period=spring, texts={"assessment": "Nytt utkast."}, user=staff_a, round=1)
    other = api_as(staff_b).get(url).json()
    assert (other["source"], other["texts_version"], other["texts"]["assessment"]) == ("submitted", 1, "Første utkast.")
    assert api_as(staff_a).get(url).json()["texts"]["assessment"] == "Nytt utkast."


# ---- rate limit ------------------------------------------------------------------------------------------------


@pytest.fixture
def fixed_minute(monkeypatch):
    """The throttle's clock stopped mid-minute, so a test never straddles two windows."""
    now = 1_800_000_030.0
    monkeypatch.setattr(throttling, "time", types.SimpleNamespace(time=lambda: now))
    return int(now // throttling.WINDOW_SECONDS)


def test_tokens_are_rate_limited_per_user(settings, staff_a, staff_b, client, fixed_minute):
    cache.clear()
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    first, second = ApiClient(client, make_token(staff_a, name="a")), ApiClient(client, make_token(staff_a, name="b"))
    assert [first.get(DATA).status_code, second.get(DATA).status_code, first.get(DATA).status_code] == [200] * 3
    refused = second.get(DATA)  # the user's tokens share one budget
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert int(refused["Retry-After"]) == 30
    assert "vent 31 sekunder" in refused.json()["detail"]
    assert ApiClient(client, make_token(staff_b)).get(DATA).status_code == 200  # another user is not held back


def test_the_rate_limit_lets_requests_through_when_the_cache_is_away(settings, hdir_api, monkeypatch):
    settings.API_RATE_LIMIT_PER_MINUTE = 1

    def unreachable(*args, **kwargs):
        raise ConnectionError("redis is away")

    monkeypatch.setattr(throttling.cache, "add", unreachable)
    assert [hdir_api.get(DATA).status_code for _ in range(3)] == [200, 200, 200]


@pytest.mark.services
def test_the_rate_limit_holds_across_processes(settings, redis_server, staff_a, client, fixed_minute):
    """The count is in Redis (CACHE_URL in production): requests counted by another web process count here."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_server.url}
    }
    settings.API_RATE_LIMIT_PER_MINUTE = 5
    redis_server.flushall()
    api = ApiClient(client, make_token(staff_a))
    assert [api.get(DATA).status_code for _ in range(2)] == [200, 200]
    other_process = (
        "import django; django.setup()\n"
        "from django.core.cache import cache\n"
        "from api.throttling import rate_key\n"
        f"key = rate_key({staff_a.pk}, {fixed_minute})\n"
        "for _ in range(3): cache.incr(key)\n"
        "print(cache.get(key))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lhl_portal.settings.base",
        "SECRET_KEY": "another-process",
        "CACHE_URL": redis_server.url.replace("redis://", "rediscache://"),
        "PYTHONWARNINGS": "ignore",
    }
    result = subprocess.run(
        [sys.executable, "-c", other_process],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "5"  # this process's two requests and the other's three
    assert api.get(DATA).status_code == 429


# ---- errors ----------------------------------------------------------------------------------------------------


def test_an_unexpected_error_is_a_500_problem_with_a_request_id(hdir_api, monkeypatch):
    from api.views import reference

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(reference, "_offices", broken)
    response = hdir_api.get("/api/v1/offices/")
    assert response.status_code == 500
    problem = response.json()
    assert problem["request_id"] == response["X-Request-ID"]
    assert problem["request_id"] in problem["detail"]
    assert "secret internals" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_the_database_away_is_a_503_problem(hdir_api, monkeypatch):
    from api.views import reference

    def away(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(reference, "_offices", away)
    response = hdir_api.get("/api/v1/offices/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["title"] == "Tjenesten er midlertidig utilgjengelig"
