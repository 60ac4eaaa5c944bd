"""Fixtures for single sign-on: a real OpenID Connect provider process on loopback (tests/identity/oidc.py),
started once per test session when a test first needs it, and a user agent for its pages."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from .oidc import OidcTestProvider

PORTAL = ["http://testserver", "https://testserver"]


def provider_for_the_test_client(**options) -> OidcTestProvider:
    return OidcTestProvider(
        redirect_uris=[f"{base}/konto/sso/tilbake/" for base in PORTAL],
        post_logout_redirect_uris=[f"{base}/konto/logg-inn/" for base in PORTAL],
        **options,
    )


@pytest.fixture(scope="session")
def oidc_provider():
    provider = provider_for_the_test_client().start()
    yield provider
    provider.stop()


@pytest.fixture
def sso(db, settings, oidc_provider) -> OidcTestProvider:
    """The portal configured for the test provider (a fresh client and discovery for each test)."""
    for name, value in oidc_provider.portal_settings().items():
        setattr(settings, name, value)
    settings.OIDC_BUTTON_LABEL = "Logg inn med Statsforvalterens konto"
    return oidc_provider


@pytest.fixture
def agent():
    """The browser's side at the provider: its cookies (the provider's session) live here."""
    with requests.Session() as session:
        yield session


def start_sign_in(client, *, next_url: str | None = None) -> str:
    """Follow the login page's link; returns the provider URL the portal redirected to (the first response)."""
    response = client.get(reverse("accounts:sso-start"), {"next": next_url} if next_url else {})
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def sign_in(client, agent, provider: OidcTestProvider, login: str, *, next_url: str | None = None):
    """The whole sign-in: portal → provider (signing in as `login`) → the portal's redirect URI."""
    callback = provider.authorize(agent, start_sign_in(client, next_url=next_url), login=login)
    return client.get(callback)


def current_user(client):
    """Who the portal thinks the client is (AnonymousUser when nobody is signed in)."""
    return client.get(reverse("municipalities:office-list")).wsgi_request.user
