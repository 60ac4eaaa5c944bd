"""Personal API tokens: made on the user's own page or with create_api_token, shown once, stored hashed, with a
name, an expiry, a scope and the last use; revocable. A token that is expired, revoked, unknown, or whose user
is deactivated or moved, gets 401."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import SecurityEvent, User
from api.models import ApiToken

from .conftest import ApiClient, make_token

PAGE = "/konto/api-nokler/"


def _token_on_page(html: str) -> str:
    start = html.index(">", html.index('id="new-token"')) + 1
    return html[start : html.index("</textarea>", start)]


def test_a_token_made_on_the_page_is_shown_once_and_stored_hashed(client_a, staff_a):
    response = client_a.post(PAGE, {"name": "Saksbehandlingssystemet", "days": "90", "scope": "write"})
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    token = _token_on_page(html)
    assert token.startswith("lhl_")
    assert len(token) > 40
    assert "Kopier nøkkelen nå" in html
    stored = ApiToken.objects.get()
    assert (stored.user, stored.name, stored.scope, stored.created_by) == (
        staff_a,
        "Saksbehandlingssystemet",
        "write",
        staff_a,
    )
    assert stored.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {
        str(value) for value in ApiToken.objects.values_list(*[f.attname for f in ApiToken._meta.fields]).get()
    }
    assert stored.prefix == token[:10]
    assert abs(stored.expires_at - (timezone.now() + datetime.timedelta(days=90))) < datetime.timedelta(minutes=1)
    later = client_a.get(PAGE).content.decode()
    assert token not in later
    assert "Saksbehandlingssystemet" in later
    assert f"{token[:10]}…" in later
    assert "Lese og skrive" in later
    assert ApiClient(client_a, token).get("/api/v1/offices/").status_code == 200


def test_the_page_offers_writing_to_office_staff_only(client, directorate_user):
    client.force_login(directorate_user)
    html = client.get(PAGE).content.decode()
    assert 'value="write"' not in html
    response = client.post(PAGE, {"name": "Power BI", "days": "365", "scope": "write"})
    assert response.status_code == 200  # the form again, with the choice refused
    assert ApiToken.objects.count() == 0
    assert client.post(PAGE, {"name": "Power BI", "days": "365", "scope": "read"}).status_code == 201
    assert ApiToken.objects.get().scope == "read"


def test_two_live_tokens_cannot_share_a_name(client_a):
    assert client_a.post(PAGE, {"name": "R", "days": "30", "scope": "read"}).status_code == 201
    again = client_a.post(PAGE, {"name": "R", "days": "30", "scope": "read"})  # a double click, a reload
    assert again.status_code == 200
    assert "allerede en gyldig API-nøkkel med navnet «R»" in again.content.decode()
    assert ApiToken.objects.count() == 1


def test_a_token_is_revoked_on_the_page_and_then_refused(client_a, staff_a):
    token = make_token(staff_a)
    stored = ApiToken.objects.get()
    api = ApiClient(client_a, token)
    assert api.get("/api/v1/offices/").status_code == 200
    response = client_a.post(reverse("api-tokens:revoke", args=[stored.pk]))
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.revoked_at is not None
    assert stored.revoked_by == staff_a
    refused = api.get("/api/v1/offices/")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "API-nøkkelen er trukket tilbake."
    assert 'error="invalid_token"' in refused["WWW-Authenticate"]
    assert "Trukket tilbake" in client_a.get(PAGE).content.decode()


def test_another_users_token_cannot_be_revoked(client, staff_a, staff_b):
    make_token(staff_a)
    stored = ApiToken.objects.get()
    client.force_login(staff_b)
    assert client.post(reverse("api-tokens:revoke", args=[stored.pk])).status_code == 404
    stored.refresh_from_db()
    assert stored.revoked_at is None
    assert SecurityEvent.objects.get().target == f"api-token:{stored.pk}"
    assert "test staff-a" not in client.get(PAGE).content.decode()  # and it is not listed


def test_an_expired_token_is_401(staff_a, client):
    token = make_token(staff_a, days=1)
    api = ApiClient(client, token)
    assert api.get("/api/v1/offices/").status_code == 200
    now = timezone.now()
    ApiToken.objects.update(created_at=now - datetime.timedelta(days=1), expires_at=now - datetime.timedelta(seconds=1))
    response = api.get("/api/v1/offices/")
    assert response.status_code == 401
    assert response.json()["detail"] == "API-nøkkelen er utløpt."


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        ({"is_active": False}, "har ikke tilgang"),
        ({"role": User.Role.DIRECTORATE, "office": None}, "Rollen eller embetet"),
        ("innlandet", "Rollen eller embetet"),
    ],
)
def test_a_token_stops_when_its_user_is_deactivated_or_moved(staff_a, client, change, detail):
    from municipalities.models import Office

    api = ApiClient(client, make_token(staff_a))
    assert api.get("/api/v1/offices/").status_code == 200
    if isinstance(change, str):
        change = {"office": Office.objects.get(slug=change)}
    User.objects.filter(pk=staff_a.pk).update(**change)
    response = api.get("/api/v1/offices/")
    assert response.status_code == 401
    assert detail in response.json()["detail"]


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Token abc", "Basic c3RhZmY6cHc=", "Bearer lhl_wrong"])
def test_a_malformed_or_unknown_token_is_401(db, client, header):
    response = client.get("/api/v1/offices/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_the_last_use_is_recorded(staff_a, client):
    api = ApiClient(client, make_token(staff_a))
    assert ApiToken.objects.get().last_used_at is None
    client.force_login(staff_a)
    assert "<dd>aldri</dd>" in client.get(PAGE).content.decode()
    api.get("/api/v1/offices/")
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    api.get("/api/v1/offices/")
    assert ApiToken.objects.get().last_used_at == first  # written at most once a minute
    ApiToken.objects.update(last_used_at=first - datetime.timedelta(minutes=2))
    api.get("/api/v1/offices/")
    assert ApiToken.objects.get().last_used_at > first
    client.force_login(staff_a)
    assert "<dd>aldri</dd>" not in client.get(PAGE).content.decode()


# ---- create_api_token -----------------------------------------------------------------------------------------


def test_create_api_token_prints_the_token_alone(run, staff_a, client):
    code, out, err = run("create_api_token", "--user", "staff-a", "--days", "7", "--name", "Integrasjon", "--write")
    assert (code, err) == (0, "")
    token = out.removesuffix("\n")
    assert out == token + "\n"
    assert "\n" not in token
    assert token.startswith("lhl_")
    stored = ApiToken.objects.get()
    assert (stored.name, stored.scope, stored.user, stored.created_by.username) == (
        "Integrasjon",
        "write",
        staff_a,
        "system",
    )
    assert stored.expires_at - stored.created_at == datetime.timedelta(days=7)
    assert (
        ApiClient(client, token)
        .post("/api/v1/municipalities/0301/facts/", {"fact": "phase", "value": "3", "effective_date": "2021-05-01"})
        .status_code
        == 201
    )


def test_create_api_token_defaults_to_read_for_90_days(run, directorate_user):
    code, _out, _err = run("create_api_token", "--user", "hdir")
    assert code == 0
    stored = ApiToken.objects.get()
    assert (stored.scope, stored.expires_at - stored.created_at) == ("read", datetime.timedelta(days=90))
    assert stored.name.startswith("create_api_token ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "nobody"], "error: unknown user 'nobody'"),
        (["--user", "hdir", "--write"], "error: Bare ansatte hos statsforvalteren kan få en API-nøkkel som skriver."),
        (["--user", "hdir", "--days", "0"], "error: Gyldigheten må være mellom 1 og 365 dager (fikk 0)."),
        (["--user", "hdir", "--days", "366"], "error: Gyldigheten må være mellom 1 og 365 dager (fikk 366)."),
        (["--user", "hdir", "--days", "ti"], "error: argument --days: invalid int value: 'ti'"),
        (["--user", "system"], "error: Brukeren «system» kan ikke ha API-nøkler."),
        ([], "error: the following arguments are required: --user"),
    ],
)
def test_create_api_token_bad_arguments_exit_2(run, directorate_user, args, message):
    if "system" in args:
        from accounts.services import system_actor

        system_actor()
    code, out, err = run("create_api_token", *args)
    assert (code, out) == (2, "")
    assert err.strip() == message
    assert ApiToken.objects.count() == 0
