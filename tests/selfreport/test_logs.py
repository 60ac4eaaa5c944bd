"""A personal link's secret never appears in a log line: not in the portal's own logging, not in Django's
request log (404, 410, 429, an error), not in the development server's request lines, not in gunicorn's
access log."""

import logging

import pytest
from django.conf import settings
from django.test import Client

from selfreport import views
from selfreport.logfilter import RedactLinkSecrets
from tests.services_fixtures import database_env

from .helpers import invitation_with_link, link_path


def _every_line(caplog) -> str:
    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
        if getattr(record, "exc_text", None):
            lines.append(record.exc_text)
        request = getattr(record, "request", None)
        if request is not None:
            lines.append(request.get_full_path())
            lines.append(str(request.META.get("PATH_INFO")))
    return "\n".join(lines)


def test_no_log_line_carries_the_secret(caplog, office_a, kari, monkeypatch):
    issued = invitation_with_link(office_a, kari, "0301")
    token = issued.token
    caplog.set_level(logging.DEBUG)
    client = Client(raise_request_exception=False)
    assert client.get(link_path(token)).status_code == 302  # opened
    assert client.get(f"/svar/{token}").status_code in (301, 302)  # without the slash
    assert client.get(link_path(token[:-2] + "zz")).status_code == 404  # tampered
    assert client.get(f"/svar/{token}/mer/").status_code == 404  # an address below it
    with monkeypatch.context() as patch:  # an error while the link is handled
        patch.setattr(views.municipal, "link_find", lambda **kw: 1 / 0)
        assert client.get(link_path(token)).status_code == 500
    with monkeypatch.context() as patch:  # too many openings from one address
        patch.setattr(views.municipal, "link_opening_allowed", lambda request: False)
        assert client.get(link_path(token)).status_code == 429
    text = _every_line(caplog)
    assert "Internal Server Error: /svar/lenke/" in text  # the lines are there, without the secret
    assert "Not Found: /svar/lenke/" in text
    assert token not in text
    assert token[:20] not in text


def test_the_log_handlers_rewrite_a_secret_written_by_anything_else():
    token = "H5no80pHTkxjleJ1IA6txsdYD77dkXkpOuVCvPldiBM"
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"GET /svar/%s/ HTTP/1.1" 302 0', (token,), None
    )
    RedactLinkSecrets().filter(record)
    assert record.getMessage() == '"GET /svar/[lenke]/ HTTP/1.1" 302 0'
    page = logging.LogRecord("x", logging.INFO, __file__, 1, "GET /svar/kommune/0301/", None, None)
    RedactLinkSecrets().filter(page)
    assert page.getMessage() == "GET /svar/kommune/0301/"
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["link_secrets"]


@pytest.mark.services
def test_gunicorns_access_log_never_carries_the_secret(transactional_country, tmp_path):
    """gunicorn as docker-compose.yml runs it (gunicorn.conf.py: the redacting access logger), with the access log
    in a file."""
    import subprocess

    from accounts.models import User
    from municipalities.models import Office
    from tests.services_fixtures import BASE_DIR, GUNICORN, free_port, wait_for

    staff = User.objects.create(username="kari-g", role="office_staff", office=Office.objects.get(slug="oslo-og-viken"))
    issued = invitation_with_link(Office.objects.get(slug="oslo-og-viken"), staff, "0301")
    port, access = free_port(), tmp_path / "access.log"
    env = {**database_env(), "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0", "LOG_LEVEL": "DEBUG"}
    with (tmp_path / "server.log").open("ab") as output:
        server = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", "lhl_portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--access-logfile", str(access)],
            cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        from tests.faults.webclient import WebClient

        web = WebClient("127.0.0.1", port, timeout=20)

        def ready():
            try:
                return web.get("/konto/logg-inn/").status == 200
            except OSError:
                return False

        wait_for(ready, timeout=30, what="gunicorn to answer")
        assert web.get(link_path(issued.token)).status == 302
        assert web.get(link_path(issued.token) + "?x=1").status == 302
        assert web.get(f"/svar/{issued.token[:30]}/").status == 404
    finally:
        server.terminate()
        server.wait(timeout=10)
    written = access.read_text() + (tmp_path / "server.log").read_text()
    assert "/svar/lenke/" in written or "/svar/[lenke]/" in written
    assert issued.token not in written
    assert issued.token[:30] not in written
