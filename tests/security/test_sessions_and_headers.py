"""Session lifecycle (A-8), security headers (A-9), CSRF (A-7), throttling and client IP (A-10), limits (B-4),
and the generic error page (B-6)."""

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import SecurityEvent
from common.middleware import SESSION_STARTED_KEY

HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}


def _login(client, username="staff-a", password="pw"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **HTTPS)


def test_session_id_rotates_at_login_and_cookies_are_secure(client, staff_a):
    client.get(reverse("accounts:login"), **HTTPS)
    before = client.cookies.get(settings.SESSION_COOKIE_NAME)
    response = _login(client)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert before is None or cookie.value != before.value
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] is True


def test_old_session_cookie_is_rejected_after_logout(client, staff_a):
    _login(client)
    old = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("accounts:logout"), **HTTPS)
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old
    response = replay.get(reverse("municipalities:office-list"), **HTTPS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_idle_session_expires(client, staff_a):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    _login(client)
    session = client.session
    session.set_expiry(-1)  # as if 31 minutes had passed without a request
    session.save()
    response = client.get(reverse("municipalities:office-list"), **HTTPS)
    assert response.status_code == 302


def test_absolute_session_lifetime_is_twelve_hours(client, staff_a):
    _login(client)
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - 12 * 3600 - 60
    session.save()
    response = client.get(reverse("municipalities:office-list"), **HTTPS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("municipalities:office-list"), **HTTPS).status_code == 302


@pytest.mark.parametrize("change", ["deactivate", "move"])
def test_deactivated_or_moved_user_is_denied_on_next_request(client, staff_a, office_b, change):
    _login(client)
    assert client.get(reverse("municipalities:office-list"), **HTTPS).status_code == 200
    if change == "deactivate":
        staff_a.is_active = False
    else:
        staff_a.office = office_b
    staff_a.save()
    response = client.get(reverse("municipalities:office-list"), **HTTPS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_security_headers_on_the_django_response(client, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("municipalities:office-list"), **HTTPS)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "Server" not in response


def test_unknown_host_is_refused(client):
    response = client.get(reverse("accounts:login"), HTTP_HOST="evil.example", **HTTPS)
    assert response.status_code == 400


def test_csrf_is_enforced(staff_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_a)
    url = reverse("municipalities:catalogue-edit", args=["mat"])
    no_token = client.post(url, {"name": "x"}, **HTTPS)
    assert no_token.status_code == 403
    client.get(reverse("municipalities:office-list"), **HTTPS)
    other = Client(enforce_csrf_checks=True)
    other.get(reverse("accounts:login"), **HTTPS)
    foreign = other.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(url, {"name": "x", "csrfmiddlewaretoken": foreign}, **HTTPS)
    assert response.status_code == 403


def test_wrong_origin_is_refused_under_https(directorate_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(directorate_user)
    page = client.get(reverse("municipalities:catalogue-edit", args=["mat"]), **HTTPS)
    token = page.context["csrf_token"]
    response = client.post(
        reverse("municipalities:catalogue-edit", args=["mat"]),
        {"name": "Ny", "csrfmiddlewaretoken": str(token)},
        HTTP_ORIGIN="https://evil.example",
        HTTP_REFERER="https://evil.example/x",
        **HTTPS,
    )
    assert response.status_code == 403


def test_twenty_failed_logins_are_throttled_and_forwarded_for_is_not_trusted(client, staff_a):
    url = reverse("accounts:login")
    codes = [
        client.post(
            url, {"username": "staff-a", "password": "nope"}, HTTP_X_FORWARDED_FOR="6.6.6.6", **HTTPS
        ).status_code
        for _ in range(20)
    ]
    assert codes[:4] == [200] * 4  # the fifth failure locks the account for this address
    assert set(codes[4:]) == {429}
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="staff-a")
    assert attempt.ip_address == "127.0.0.1"
    assert attempt.failures_since_start >= 5


def test_too_many_fields_is_400_not_500(client, directorate_user):
    client.force_login(directorate_user)
    data = {f"f{i}": "x" for i in range(1001)}
    response = client.post(reverse("municipalities:catalogue-edit", args=["mat"]), data, **HTTPS)
    assert response.status_code == 400


@pytest.mark.urls("tests.security.urls_error")
def test_unhandled_error_shows_generic_page_with_request_id(client, staff_a, caplog):
    client.raise_request_exception = False
    client.force_login(staff_a)
    response = client.get("/boom/", **HTTPS)
    assert response.status_code == 500
    body = response.content.decode()
    request_id = response["X-Request-ID"]
    assert request_id in body
    assert "SECRET" not in body
    assert "Traceback" not in body
    assert any(request_id in r.getMessage() for r in caplog.records)


def test_forbidden_write_logs_actor_ip_not_forwarded_for(client, staff_b):
    client.force_login(staff_b)
    client.post(
        reverse("municipalities:catalogue-edit", args=["mat"]), {"name": "x"}, HTTP_X_FORWARDED_FOR="6.6.6.6", **HTTPS
    )
    event = SecurityEvent.objects.get()
    assert event.ip_address == "127.0.0.1"


@pytest.mark.urls("tests.security.urls_error")
def test_database_away_gives_a_norwegian_503_with_request_id(client, staff_a):
    client.raise_request_exception = False
    client.force_login(staff_a)
    response = client.get("/db-away/", **HTTPS)
    assert response.status_code == 503
    body = response.content.decode()
    assert "midlertidig utilgjengelig" in body
    assert response["X-Request-ID"] in body
    assert "connection refused" not in body
