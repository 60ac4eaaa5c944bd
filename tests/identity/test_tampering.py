"""A tampered state, a replayed code, a wrong nonce and an expired ID token are refused: nobody is signed in,
the user gets a Norwegian page, and a security event names why."""

import re
from urllib.parse import urlencode

import pytest
import requests
from django.test import Client
from django.urls import reverse

from accounts.models import IdentityLink, SecurityEvent
from tests.factories import UserFactory

from .conftest import current_user, provider_for_the_test_client, query, start_sign_in


@pytest.fixture
def kari(office_a):
    return UserFactory(username="kari", email="kari.nordmann@statsforvalteren.no", office=office_a)


def with_params(url: str, **changes: str) -> str:
    params = query(url)
    params.update(changes)
    return url.split("?")[0] + "?" + urlencode(params)


def assert_refused(response, reason: str, client, *, after: int = 0) -> None:
    """Refused, with one security event (logged after the event with id `after`) naming the reason."""
    assert response.status_code == 400
    assert "Innloggingen ble ikke fullført" in response.content.decode()
    logged = SecurityEvent.objects.filter(id__gt=after).values_list("target", flat=True)
    assert list(logged) == [f"sso:{reason}"]
    assert not current_user(client).is_authenticated
    assert not IdentityLink.objects.exists()


def test_a_tampered_state_is_refused(client, sso, agent, kari):
    callback = sso.authorize(agent, start_sign_in(client), login="kari")
    response = client.get(with_params(callback, state="tampered" + query(callback)["state"]))
    assert_refused(response, "state-mismatch", client)


def test_an_answer_without_state_is_refused(client, sso, agent, kari):
    callback = sso.authorize(agent, start_sign_in(client), login="kari")
    params = query(callback)
    del params["state"]
    response = client.get(callback.split("?")[0] + "?" + urlencode(params))
    assert_refused(response, "state-missing", client)


def test_an_answer_naming_another_issuer_is_refused(client, sso, agent, kari):
    callback = sso.authorize(agent, start_sign_in(client), login="kari")
    assert query(callback)["iss"] == sso.issuer  # the provider names itself (RFC 9207)
    response = client.get(with_params(callback, iss="https://evil.example"))
    assert_refused(response, "issuer-mismatch", client)


def test_a_replayed_code_is_refused(client, sso, agent, kari):
    callback = sso.authorize(agent, start_sign_in(client), login="kari")
    assert client.get(callback).status_code == 302  # the real sign-in
    assert current_user(client) == kari
    IdentityLink.objects.all().delete()

    # The same answer again in the same browser: its state was used up.
    client.logout()
    response = client.get(callback)
    assert_refused(response, "state-mismatch", client)

    # Someone who copied the address replays the code with a sign-in of their own (a fresh, valid state):
    # the provider refuses to exchange a code twice (and the PKCE verifier is not the one it was issued for).
    logged_before = SecurityEvent.objects.order_by("id").last().pk  # the log is append-only: count what is new
    attacker = Client()
    own_state = query(start_sign_in(attacker))["state"]
    response = attacker.get(with_params(callback, state=own_state))
    assert_refused(response, "provider-error:invalid_grant", attacker, after=logged_before)


def test_a_wrong_nonce_is_refused(client, sso, agent, kari):
    location = start_sign_in(client)
    # The provider puts the nonce of the request it got into the ID token; it is not the one the portal keeps.
    callback = sso.authorize(agent, with_params(location, nonce="forged-" + query(location)["nonce"]), login="kari")
    response = client.get(callback)
    assert_refused(response, "id-token-claim:nonce", client)


@pytest.fixture(scope="module")
def provider_two_hours_behind():
    """The same provider with its clock two hours behind: the ID tokens it issues expired an hour ago."""
    provider = provider_for_the_test_client(clock_offset_seconds=-2 * 3600).start()
    yield provider
    provider.stop()


def test_an_expired_id_token_is_refused(client, settings, kari, provider_two_hours_behind):
    for name, value in provider_two_hours_behind.portal_settings().items():
        setattr(settings, name, value)
    with requests.Session() as agent:
        callback = provider_two_hours_behind.authorize(agent, start_sign_in(client), login="kari")
    response = client.get(callback)
    assert_refused(response, "id-token-expired", client)


def test_an_answer_the_provider_reports_as_an_error_is_refused(client, sso, kari):
    location = start_sign_in(client)
    state = query(location)["state"]
    response = client.get(reverse("accounts:sso-callback"), {"error": "access_denied", "state": state})
    assert response.status_code == 400
    assert "Innloggingen ble avbrutt" in response.content.decode()
    assert SecurityEvent.objects.get().target == "sso:provider-error:access_denied"
    assert not current_user(client).is_authenticated


def test_the_refusal_page_offers_a_new_try(client, sso, agent, kari):
    callback = sso.authorize(agent, start_sign_in(client), login="kari")
    page = client.get(with_params(callback, state="x")).content.decode()
    assert re.search(r'<a class="btn btn-primary" href="/konto/logg-inn/">Prøv på nytt</a>', page)
