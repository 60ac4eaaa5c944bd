"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium; no browser is ever downloaded).

One browser per test session. Pages are checked with axe-core (installed by npm, served from node_modules)
for WCAG 2.1 A/AA violations. Every test here is marked `browser`.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in these tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_country, tmp_path):
    # bypass_csp lets the test inject axe-core into pages whose CSP forbids inline scripts.
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", accept_downloads=True, bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def login(page, username: str, password: str = "pw") -> None:
    page.goto("/konto/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()


# axe-core is asked for its violations alone (`resultTypes`: the passes, the incomplete and the inapplicable
# results are cut to one node each, so no selector is computed for every other node of the page) and only the
# fields reported below cross back to Python. The whole result of a page with the 356 municipalities was over
# half a megabyte of JSON and took about as long to build and send as the checks themselves. The violations found
# are the same: every rule still runs on every node.
_AXE_RUN = """async ([selector, tags]) => {
  const result = await axe.run(selector === null ? document : selector, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return result.violations.map((v) => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target)}));
}"""


def axe_violations(page, selector: str | None = None) -> list[dict]:
    """WCAG 2.1 A/AA violations axe-core finds on the current page, or within the element `selector` picks
    (empty when none)."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(_AXE_RUN, [selector, WCAG_TAGS])


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core on {page.url}: {violations}"
