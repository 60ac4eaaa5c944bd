"""Configuration: discovery is read when first needed (the portal starts and serves the password login while
the provider is down), the issuer must be https (http only on loopback) and must be the one the provider
names, and the deployment check passes with single sign-on configured."""

import subprocess
import sys

import pytest
from django.core.checks import Error, Warning
from django.urls import reverse

from accounts.identity.checks import identity_provider_settings
from accounts.identity.config import ProviderSettings
from accounts.identity.provider import metadata_problem
from accounts.models import SecurityEvent
from tests.factories import UserFactory
from tests.test_deploy import PRODUCTION_ENV, ROOT, _clean_env

from .conftest import current_user, provider_for_the_test_client, start_sign_in
from .oidc import CLIENT_ID


def test_while_the_provider_is_down_the_password_login_works_and_sign_in_starts_once_it_is_back(
    client, settings, office_a
):
    UserFactory(username="kari", office=office_a)
    provider = provider_for_the_test_client()  # its address is chosen, but it is not running yet
    for name, value in provider.portal_settings().items():
        setattr(settings, name, value)

    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200
    assert 'href="/konto/sso/start/"' in page.content.decode()
    assert 'name="password"' in page.content.decode()

    response = client.get(reverse("accounts:sso-start"))
    assert response.status_code == 503
    assert "Portalen får ikke kontakt med organisasjonens innloggingstjeneste" in response.content.decode()
    assert "brukernavn og passord virker fortsatt" in response.content.decode()

    response = client.post(reverse("accounts:login"), {"username": "kari", "password": "pw"})
    assert response.status_code == 302
    assert current_user(client).username == "kari"
    client.logout()

    provider.start()
    try:
        location = start_sign_in(client)  # the failed discovery was not kept: it is read again now
        assert location.startswith(provider.issuer + "/")
    finally:
        provider.stop()


def test_a_discovery_document_naming_another_issuer_is_refused(client, sso, settings):
    settings.OIDC_ISSUER = sso.issuer.replace("127.0.0.1", "localhost")  # same server, another name
    response = client.get(reverse("accounts:sso-start"))
    assert response.status_code == 503
    assert "Location" not in response


def test_an_http_issuer_elsewhere_than_loopback_is_never_contacted(client, settings, db):
    settings.OIDC_ISSUER = "http://idp.example.no"
    settings.OIDC_CLIENT_ID = CLIENT_ID
    response = client.get(reverse("accounts:sso-start"))
    assert response.status_code == 503
    assert not SecurityEvent.objects.exists()


@pytest.mark.parametrize(
    ("issuer", "ok"),
    [
        ("https://login.microsoftonline.com/0b7c6f4e-tenant/v2.0", True),
        ("http://127.0.0.1:9000", True),
        ("http://localhost:9000/realms/lhl", True),
        ("http://idp.example.no", False),
        ("http://10.0.0.5", False),
        ("ftp://idp.example.no", False),
        ("https://idp.example.no/?tenant=x", False),
    ],
)
def test_the_issuer_must_be_https_except_on_loopback(settings, issuer, ok):
    settings.OIDC_ISSUER = issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    problems = identity_provider_settings(None)
    assert (problems == []) is ok, problems
    if not ok:
        assert [p.id for p in problems] == ["lhl.E022"]
        assert isinstance(problems[0], Error)


def test_half_a_configuration_and_no_way_in_are_reported(settings):
    settings.OIDC_ISSUER, settings.OIDC_CLIENT_ID = "https://idp.example.no", ""
    assert [p.id for p in identity_provider_settings(None)] == ["lhl.E020"]
    settings.OIDC_ISSUER, settings.OIDC_CLIENT_ID = "", "lhl"
    assert [p.id for p in identity_provider_settings(None)] == ["lhl.E021"]
    settings.OIDC_CLIENT_ID, settings.PASSWORD_LOGIN = "", False
    problems = identity_provider_settings(None)
    assert [p.id for p in problems] == ["lhl.W020"]
    assert isinstance(problems[0], Warning)


def test_discovered_endpoints_must_be_https_too():
    provider = ProviderSettings("https://idp.example.no", "lhl", "s", "Logg inn", "openid email", 10)
    metadata = {
        "issuer": "https://idp.example.no",
        "authorization_endpoint": "https://idp.example.no/authorize",
        "token_endpoint": "https://idp.example.no/token",
        "jwks_uri": "https://idp.example.no/jwks",
        "code_challenge_methods_supported": ["S256"],
    }
    assert metadata_problem(metadata, provider) is None
    plain_http = {**metadata, "token_endpoint": "http://idp.example.no/token"}
    assert "token_endpoint must use https" in metadata_problem(plain_http, provider)
    assert "PKCE" in metadata_problem({**metadata, "code_challenge_methods_supported": ["plain"]}, provider)
    assert "no jwks_uri" in metadata_problem({k: v for k, v in metadata.items() if k != "jwks_uri"}, provider)


def test_pages_let_the_sign_out_form_continue_to_the_provider(client, sso, staff_a):
    client.force_login(staff_a)
    csp = client.get(reverse("municipalities:office-list"))["Content-Security-Policy"]
    form_action = next(part for part in csp.split(";") if part.strip().startswith("form-action"))
    assert form_action.split()[1:] == ["'self'", sso.issuer]


@pytest.mark.parametrize(
    ("extra", "ok"),
    [
        ({"OIDC_ISSUER": "https://idp.example.invalid/tenant/v2.0", "PASSWORD_LOGIN": "0"}, True),
        ({"OIDC_ISSUER": "http://idp.example.invalid"}, False),
    ],
)
def test_the_deployment_check_with_single_sign_on(extra, ok):
    """The provider is not contacted at start (idp.example.invalid does not exist); a plain-http issuer is refused."""
    env = _clean_env()
    env.update(PRODUCTION_ENV)
    env.update({"OIDC_CLIENT_ID": "lhl", "OIDC_CLIENT_SECRET": "s3cret", "BREAK_GLASS_USERNAME": "nod-admin"})
    env.update(extra)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode == 0) is ok, result.stdout + result.stderr
    if not ok:
        assert "lhl.E022" in result.stderr
        assert "must use https://" in result.stderr
