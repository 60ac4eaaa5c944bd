"""A municipality's contact does their part on a phone (390×844) with the keyboard alone: opens the personal
link, changes two items, saves a draft, comes back through the link and submits. axe-core (WCAG 2.1 A/AA) runs
on every page; Tab reaches every control in DOM order; nothing is wider than the screen."""

from playwright.sync_api import expect

from municipalities.facts import StatusFact
from selfreport.models import Response
from tests.factories import UserFactory, record
from tests.selfreport.helpers import contact, start

from .conftest import assert_accessible
from .keyboard import assert_tab_order, tab_to

PHONE = {"width": 390, "height": 844}


def _check(page, *, tab_order: bool = False) -> None:
    page.wait_for_load_state()
    assert_accessible(page)
    if tab_order:
        assert_tab_order(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a {PHONE['width']}px screen"


def _choose(page, fieldset: str, option_text: str) -> None:
    """Pick the answer to a question with the keyboard: Tab to its select, then arrow keys to the option."""
    select = page.get_by_role("group", name=fieldset).get_by_label("Svar", exact=True)
    tab_to(page, select)
    values = select.locator("option").evaluate_all("options => options.map(o => o.value)")
    wanted = select.locator("option", has_text=option_text).first.get_attribute("value")
    steps = values.index(wanted) - values.index(select.input_value())
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    assert select.input_value() == wanted, f"could not choose {option_text!r} for {fieldset!r}"


def _date_keys(page, day: str, month: str, year: str) -> str:
    """The digits to type into a date field, in the order the browser's date field asks for them (day first
    in Norwegian, month first in an English browser): found on a scratch field, not on the page's own."""
    order = page.evaluate(
        """() => new Promise((resolve) => {
             const probe = document.createElement('input');
             probe.type = 'date';
             document.body.append(probe);
             probe.focus();
             resolve(probe.id = 'date-probe');
           })"""
    )
    page.keyboard.type("01022021")
    value = page.locator(f"#{order}").input_value()
    page.evaluate("document.getElementById('date-probe').remove()")
    return f"{day}{month}{year}" if value == "2021-02-01" else f"{month}{day}{year}"


def test_a_contact_confirms_the_status_with_the_keyboard_on_a_phone(browser, live_server, transactional_country):
    kari = UserFactory(username="kari", first_name="Kari", last_name="Saksbehandler")
    record("0301", "phase", "2", "2021-01-04", user=kari)
    record("0301", "samfunnsdel", "planned", "2021-01-04", user=kari)
    contact("0301", user=kari, name="Per Post")
    _round, issued = start(kari.office, kari, ["0301"], message="Vi trenger svaret før rapporten.")
    link = f"/svar/{issued[0].token}/"

    context = browser.new_context(base_url=live_server.url, locale="nb-NO", viewport=PHONE, bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        # --- The link opens the municipality's page at an address without the secret ----------------------
        page.goto(link)
        assert page.url.endswith("/svar/kommune/0301/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Leve hele livet i Oslo kommune")
        expect(page.get_by_text("Vi trenger svaret før rapporten.")).to_be_visible()
        _check(page, tab_order=True)
        assert page.request.get("/static/css/selfreport.css").status == 200  # static files reach the session

        # --- Two changes, by keyboard; then «Lagre utkast» --------------------------------------------------
        june_15, september_1 = _date_keys(page, "15", "06", "2021"), _date_keys(page, "01", "09", "2021")
        page.evaluate("document.activeElement && document.activeElement.blur()")
        _choose(page, "Står Leve hele livet i kommuneplanens samfunnsdel?", "Ja, det står i planen")
        samfunnsdel_date = page.locator("#id_samfunnsdel-date")
        tab_to(page, samfunnsdel_date)
        page.keyboard.type(june_15)
        _choose(page, "Hvor langt har kommunen kommet?", "Vi har begynt å gjennomføre tiltakene")
        tab_to(page, page.locator("#id_phase-date"))
        page.keyboard.type(september_1)
        tab_to(page, page.get_by_role("button", name="Lagre utkast"))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.get_by_role("status").first).to_contain_text("Utkastet er lagret")
        _check(page)
        response = Response.objects.get()
        assert response.state == Response.State.DRAFT
        assert sorted(response.items.values_list("kind", flat=True)) == ["phase", "samfunnsdel"]

        # --- Coming back later through the link: the draft is there; «Send inn» -----------------------------
        context.clear_cookies()
        page.goto(link)
        assert page.locator("#id_phase-value").input_value() == "3"
        assert page.locator("#id_samfunnsdel-date").input_value() == "2021-06-15"
        page.evaluate("document.activeElement && document.activeElement.blur()")
        tab_to(page, page.get_by_role("button", name="Send inn til statsforvalteren"))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.get_by_role("status").first).to_contain_text("Takk! Svaret er sendt til statsforvalteren.")
        expect(page.get_by_role("heading", name="Dette sendte dere inn")).to_be_visible()
        _check(page, tab_order=True)
        response.refresh_from_db()
        assert response.state == Response.State.SUBMITTED
        assert not StatusFact.objects.filter(source="selfreport").exists()

        # --- Signing out by keyboard; a wrong link's page ---------------------------------------------------
        page.evaluate("document.activeElement && document.activeElement.blur()")
        tab_to(page, page.get_by_role("button", name="Logg ut"))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Du er logget ut")
        _check(page)
        page.goto("/svar/" + "x" * 43 + "/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Lenken virker ikke")
        _check(page)
    finally:
        context.close()
