"""The API's pages in a real browser: the documentation (Swagger UI, served by the portal) runs under the
portal's CSP with nothing refused, and a token made on the user's page works against the API."""

import re

from tests.factories import DirectorateFactory, UserFactory

from .conftest import assert_accessible, login

WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def test_the_documentation_runs_under_the_csp(browser, live_server, transactional_country):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")  # the real CSP, not bypassed
    try:
        page = context.new_page()
        page.add_init_script(WATCH_CSP)
        failed = []
        page.on("response", lambda answer: failed.append(answer.url) if answer.status >= 400 else None)
        response = page.goto("/api/v1/docs/")
        csp = response.headers["content-security-policy"]
        assert "'unsafe-inline'" not in csp
        assert "script-src 'self'" in csp
        page.wait_for_selector(".opblock", timeout=15_000)
        assert page.locator(".opblock").count() == 13  # every operation of the description
        page.get_by_text("/api/v1/figures/", exact=True).click()
        page.wait_for_selector(".opblock.is-open")
        assert page.get_by_text("Tallene for en periode").first.is_visible()
        assert page.evaluate("window.__csp") == []
        assert [url for url in failed if not url.endswith("/favicon.ico")] == []  # every asset from the portal
    finally:
        context.close()


def test_a_token_made_on_the_page_reads_the_api(page):
    DirectorateFactory(username="analytiker")
    login(page, "analytiker")
    page.goto("/konto/api-nokler/")
    assert_accessible(page)
    page.get_by_label("Navn").fill("Power BI")
    page.get_by_label("Gyldig i").select_option(label="1 år")
    page.get_by_role("button", name="Lag nøkkel").click()
    token = page.locator("#new-token").input_value()
    assert re.fullmatch(r"lhl_[A-Za-z0-9_-]{40,}", token)
    assert_accessible(page)
    answer = page.request.get("/api/v1/offices/", headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200
    assert answer.json()["count"] == 10
    assert page.request.get("/api/v1/offices/").status == 401  # the browser's session alone reaches nothing
    page.get_by_role("button", name="Trekk tilbake Power BI").click()
    assert page.get_by_text("API-nøkkelen «Power BI» er trukket tilbake.").is_visible()
    assert page.request.get("/api/v1/offices/", headers={"Authorization": f"Bearer {token}"}).status == 401


def test_staff_may_make_a_token_that_writes(page, office_a):
    UserFactory(username="saksbehandler", office=office_a)
    login(page, "saksbehandler")
    page.goto("/konto/api-nokler/")
    page.get_by_label("Navn").fill("Saksbehandlingssystemet")
    page.get_by_label("Lese og skrive").check()
    page.get_by_role("button", name="Lag nøkkel").click()
    token = page.locator("#new-token").input_value()
    answer = page.request.post(
        "/api/v1/municipalities/0301/facts/",
        headers={"Authorization": f"Bearer {token}"},
        data={"fact": "phase", "value": "3", "effective_date": "2021-05-01"},
    )
    assert answer.status == 201
    assert answer.json()["recorded_by"] == "saksbehandler"
