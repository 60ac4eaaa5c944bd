"""F-1: PostgreSQL goes away in the middle of an edit POST, served by a real gunicorn whose database connection
runs through a proxy the test cuts. The user gets the Norwegian 503 page with a request ID, nothing is half
written, and once the database is back the very same server process answers again."""

import re

import pytest

from municipalities.facts import StatusFact
from municipalities.models import Office
from tests.factories import UserFactory, municipality

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PAGE = "/kommuner/0301/"
CREATE = "/kommuner/0301/registrer/"
INSERT_FACT = b'INSERT INTO "municipalities_statusfact"'


def _form(page, note: str) -> dict:
    assert page.status == 200, page.text[:500]
    return {
        "csrfmiddlewaretoken": page.csrf_token,
        "status_version": page.hidden("status_version"),
        "loaded_at": page.hidden("loaded_at"),
        "fact": "phase",
        "value": "3",
        "effective_date": "2021-04-01",
        "note": note,
    }


def _assert_503_page(response) -> str:
    assert response.status == 503, f"{response.status}: {response.text[:800]}"
    request_id = response.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{12}", request_id)
    assert "Portalen er midlertidig utilgjengelig" in response.text
    assert "ikke</strong> lagret" in response.text
    assert f"Oppgi feilkode <strong>{request_id}</strong>" in response.text
    assert "Traceback" not in response.text
    assert "OperationalError" not in response.text
    return request_id


def test_f1_database_cut_during_an_edit_post(db_proxy, proxied_server):
    staff = UserFactory(username="f1-staff", office=Office.objects.get(slug="oslo-og-viken"))
    version_before = municipality("0301").status_version
    client = proxied_server.client()
    client.login("f1-staff", "pw")
    workers = proxied_server.worker_pids()
    data = _form(client.get(PAGE), "F-1 avbrutt lagring")

    # The proxy lets the version bump through and cuts when the fact's INSERT is sent: mid-transaction.
    db_proxy.cut_when_sent(INSERT_FACT)
    first_id = _assert_503_page(client.post(CREATE, data, referer=PAGE))
    assert db_proxy.cuts == 1
    assert not StatusFact.objects.filter(note="F-1 avbrutt lagring").exists()
    assert municipality("0301").status_version == version_before  # the bump was rolled back with the rest

    # Still away: the next request (its session lookup fails before any view runs) gets the same page.
    second_id = _assert_503_page(client.post(CREATE, data, referer=PAGE))
    assert second_id != first_id
    assert _assert_503_page(client.get(PAGE))

    # The database is back: the same gunicorn worker reconnects by itself (CONN_HEALTH_CHECKS), the user is
    # still logged in (the session is in the database) and saving the same form now works.
    db_proxy.restore()
    saved = client.post(CREATE, data, referer=PAGE)
    assert saved.status == 302, saved.text[:800]
    assert saved.location.endswith("/kommuner/0301/#meldinger")
    fact = StatusFact.objects.get(note="F-1 avbrutt lagring")
    assert (fact.value, fact.recorded_by, fact.source) == ("3", staff, "form")
    assert municipality("0301").status_version == version_before + 1
    assert "F-1 avbrutt lagring" in client.get(PAGE).text
    assert proxied_server.worker_pids() == workers  # no restart


def test_f1_idle_connection_dropped_between_requests_is_replaced(db_proxy, proxied_server):
    """A persistent connection killed while idle (a database restart at night) costs the next request nothing."""
    UserFactory(username="f1-idle", office=Office.objects.get(slug="oslo-og-viken"))
    client = proxied_server.client()
    client.login("f1-idle", "pw")
    assert client.get(PAGE).status == 200
    assert db_proxy.open_connections >= 1  # kept between requests (CONN_MAX_AGE)
    db_proxy.cut()
    db_proxy.restore()
    data = _form(client.get(PAGE), "F-1 etter omstart")
    assert client.post(CREATE, data, referer=PAGE).status == 302
    assert StatusFact.objects.filter(note="F-1 etter omstart").count() == 1
