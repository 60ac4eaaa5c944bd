"""Signing out ends the portal's session and the provider's (RP-initiated logout); the idle and absolute
session limits apply to a sign-in through the provider as to a password sign-in."""

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from common.middleware import SESSION_STARTED_KEY
from tests.factories import UserFactory

from .conftest import current_user, query, sign_in, start_sign_in
from .oidc import ProviderAskedForLogin


@pytest.fixture
def kari(office_a):
    return UserFactory(username="kari", email="kari.nordmann@statsforvalteren.no", office=office_a)


def test_signing_out_ends_the_portal_session_and_the_providers(client, sso, agent, kari):
    assert sign_in(client, agent, sso, "kari").status_code == 302
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    # While the provider's session lives, another sign-in needs no password there (single sign-on).
    other = Client()
    assert sso.authorize(agent, start_sign_in(other)).startswith("http://testserver/konto/sso/tilbake/")

    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    end_session = response["Location"]
    assert end_session.startswith(agent.get(sso.discovery_url).json()["end_session_endpoint"])
    params = query(end_session)
    assert params["post_logout_redirect_uri"] == "http://testserver/konto/logg-inn/"
    assert params["client_id"] == "lhl-portal"
    assert params["id_token_hint"].count(".") == 2

    # The portal's session is over at once, and its old cookie is worthless.
    assert not current_user(client).is_authenticated
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    assert not current_user(replay).is_authenticated

    # The browser confirms at the provider and comes back to the portal's login page.
    back = sso.end_session(agent, end_session)
    assert back.split("?")[0] == "http://testserver/konto/logg-inn/"
    assert client.get(back).status_code == 200

    # The provider's session is over too: the next sign-in asks for the password there again.
    with pytest.raises(ProviderAskedForLogin):
        sso.authorize(agent, start_sign_in(Client()))


def test_signing_out_after_a_password_sign_in_stays_in_the_portal(client, sso, kari):
    client.post(reverse("accounts:login"), {"username": "kari", "password": "pw"})
    assert current_user(client) == kari
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
    assert not current_user(client).is_authenticated


def test_the_session_id_changes_at_sign_in(client, sso, agent, kari):
    location = start_sign_in(client)
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.get(sso.authorize(agent, location, login="kari"))
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before
    assert current_user(client) == kari


def test_an_idle_session_from_the_provider_expires(client, sso, agent, kari):
    sign_in(client, agent, sso, "kari")
    session = client.session
    session.set_expiry(-1)  # as if 31 minutes had passed without a request
    session.save()
    assert not current_user(client).is_authenticated


def test_a_session_from_the_provider_ends_after_twelve_hours_however_active(client, sso, agent, kari):
    sign_in(client, agent, sso, "kari")
    assert current_user(client) == kari
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - settings.SESSION_ABSOLUTE_AGE - 60
    session.save()
    response = client.get(reverse("municipalities:office-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not current_user(client).is_authenticated


def test_signing_out_of_the_admin_ends_the_providers_session_too(client, sso, agent, admin_user):
    admin_user.email = "kari.nordmann@statsforvalteren.no"
    admin_user.save()
    sign_in(client, agent, sso, "kari")
    assert client.get(reverse("admin:index")).status_code == 200
    response = client.post(reverse("admin:logout"))
    assert response["Location"].startswith(agent.get(sso.discovery_url).json()["end_session_endpoint"])
    assert not current_user(client).is_authenticated
