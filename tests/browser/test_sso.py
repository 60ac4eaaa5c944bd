"""Single sign-on in a real browser: the login page's link, the provider's own sign-in page (oidc-provider in
its own process, tests/identity/oidc.py), the office page, and signing out of both; axe-core on the portal's
login page and on the page that refuses someone without an account."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.identity.oidc import OidcTestProvider

from .conftest import assert_accessible

LABEL = "Logg inn med Statsforvalterens konto"
LOOPBACK_ONLY = re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/])")


@pytest.fixture(scope="module")
def browser_provider(live_server):
    provider = OidcTestProvider(
        redirect_uris=[f"{live_server.url}/konto/sso/tilbake/"],
        post_logout_redirect_uris=[f"{live_server.url}/konto/logg-inn/"],
    ).start()
    yield provider
    provider.stop()


@pytest.fixture
def sso(settings, browser_provider):
    for name, value in browser_provider.portal_settings().items():
        setattr(settings, name, value)
    settings.OIDC_BUTTON_LABEL = LABEL
    return browser_provider


def sign_in_at_the_provider(page, login: str) -> None:
    page.get_by_role("link", name=LABEL).click()
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/interaction/"))
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("hemmelig")
    page.get_by_role("button", name="Sign-in").click()
    page.wait_for_load_state()


def test_sign_in_through_the_providers_page_and_out_of_both(browser, live_server, transactional_country, sso, office_a):
    """Under the portal's real Content-Security-Policy (not bypassed): the sign-out form's redirect to the
    provider must be allowed by form-action."""
    UserFactory(username="kari", email="kari.nordmann@statsforvalteren.no", office=office_a)
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    context.set_default_timeout(10_000)
    context.route(LOOPBACK_ONLY, lambda route: route.abort())  # the provider's pages ask for web fonts
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto("/")
    assert "/konto/logg-inn/" in page.url
    sign_in_at_the_provider(page, "kari")
    expect(page.get_by_role("heading", level=1)).to_have_text("Statsforvalteren i Oslo og Viken")

    page.get_by_role("button", name="Logg ut").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(re.compile(r"/konto/logg-inn/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn")
    page.goto("/embeter/")
    assert "/konto/logg-inn/" in page.url  # the portal's session is over

    page.get_by_role("link", name=LABEL).click()  # and the provider's: it asks who you are again
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/interaction/"))
    expect(page.locator("input[name=login]")).to_be_visible()
    assert refused == []
    context.close()


def test_the_login_page_and_the_refusal_page_are_accessible(page, sso, db):
    page.context.route(LOOPBACK_ONLY, lambda route: route.abort())
    page.goto("/konto/logg-inn/")
    expect(page.get_by_role("link", name=LABEL)).to_be_visible()
    assert_accessible(page)
    sign_in_at_the_provider(page, "ukjent")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingen tilgang til portalen")
    assert_accessible(page)
