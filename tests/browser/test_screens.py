"""The main pages on a desk (1366×768) and a phone (390×844): no sideways scrolling of the page, a phone
menu that stays folded until opened (also from the keyboard), and no WCAG 2.1 A/AA violation axe-core finds.

Every page is opened as the role that uses it, with recorded facts, a report and a long user name, so the
tables, badges and the menu hold what they hold in daily use.
"""

import datetime

import pytest
from playwright.sync_api import expect

from tests.factories import DirectorateFactory, UserFactory, record

from .conftest import assert_accessible, login

pytestmark = pytest.mark.browser

DESK = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
LONG_NAME = ("Kari-Mette Sofie", "Nordmann-Halvorsen Bakketeig")

STAFF_PAGES = ["/", "/embeter/", "/embeter/oslo-og-viken/", "/kommuner/0301/", "/rapporter/", "/regionalt/"]
DIRECTORATE_PAGES = ["/tilskudd/", "/dashboard/", "/dashboard/utvikling/", "/dashboard/kart/"]
PAGES = [("staff", url) for url in STAFF_PAGES] + [("directorate", url) for url in DIRECTORATE_PAGES]


@pytest.fixture
def people(transactional_country):
    staff = UserFactory(username="kari", first_name=LONG_NAME[0], last_name=LONG_NAME[1])
    record("0301", "decision", "plan_adopted", "2021-03-01", user=staff, detail="21/123")
    record("0301", "samfunnsdel", "planned", "2021-04-01", user=staff, target_date=datetime.date(2022, 6, 1))
    record("0301", "phase", "3", "2021-05-01", user=staff)
    record("3001", "dialogue_meeting", "held", "2020-10-01", user=staff, detail="2020-10-01")
    DirectorateFactory(username="hilde", first_name=LONG_NAME[0], last_name=LONG_NAME[1])
    return {"staff": "kari", "directorate": "hilde"}


def _page_scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
def test_main_pages_fit_the_screen_and_pass_axe(page, people, viewport):
    page.set_viewport_size(viewport)
    signed_in = None
    problems = []
    for role, url in PAGES:
        if signed_in != role:
            page.context.clear_cookies()
            login(page, people[role])
            signed_in = role
        response = page.goto(url)
        assert response is not None
        assert response.ok, f"{url}: {response.status}"
        if _page_scrolls_sideways(page):
            width = page.evaluate("document.documentElement.scrollWidth")
            problems.append(f"{url} scrolls sideways at {viewport['width']} px ({width} px wide)")
        name = page.locator("nav .user-name")
        if name.is_visible():
            box = name.bounding_box()
            assert box is not None
            assert box["height"] < 30, f"{url}: the user's name wraps ({box['height']} px tall)"
        try:
            assert_accessible(page)
        except AssertionError as error:
            problems.append(str(error))
    assert not problems, "\n".join(problems)


def test_phone_menu_is_folded_until_opened_from_the_keyboard(page, people):
    """On every main page (one database set-up for all of them: each page loads afresh with the menu closed)."""
    page.set_viewport_size(PHONE)
    signed_in = None
    for role, url in PAGES:
        if signed_in != role:
            page.context.clear_cookies()
            login(page, people[role])
            signed_in = role
        page.goto(url)
        menu_link = page.locator("nav").get_by_role("link", name="Rapporter", exact=True)
        toggler = page.locator("nav .navbar-toggler")
        assert toggler.is_visible(), url
        assert menu_link.is_hidden(), url
        assert toggler.get_attribute("aria-expanded") == "false", url
        # The menu's head fits in the top of the screen: brand and toggler, not seven links and a name.
        header = page.locator("header").bounding_box()
        assert header is not None, url
        assert header["height"] < 90, url
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('navbar-toggler')"):
                break
        else:
            pytest.fail(f"{url}: Tab never reached the menu button")
        page.keyboard.press("Enter")
        menu_link.wait_for(state="visible")
        assert toggler.get_attribute("aria-expanded") == "true", url


def test_desk_menu_shows_its_links_without_the_toggler(page, people):
    page.set_viewport_size(DESK)
    login(page, people["staff"])
    page.goto("/embeter/")
    assert page.locator("nav .navbar-toggler").is_hidden()
    assert page.locator("nav").get_by_role("link", name="Rapporter", exact=True).is_visible()
    name = page.locator("nav .user-name")
    assert name.get_attribute("title") == " ".join(LONG_NAME)


def test_menu_and_county_list_work_under_the_content_security_policy(browser, live_server, people):
    """The other tests bypass the CSP to inject axe-core; here it is enforced: Bootstrap's collapse opens the
    phone menu and htmx narrows the nomination form's municipalities, and nothing is refused."""
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", viewport=PHONE)
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: refused.append(str(e)))
    login(page, people["staff"])
    page.goto("/embeter/oslo-og-viken/prisen/ny/")
    page.locator("nav .navbar-toggler").click()
    page.locator("nav").get_by_role("link", name="Rapporter", exact=True).wait_for(state="visible")
    page.locator("#id_county").select_option(label="Oslo")
    expect(page.locator("#id_municipality option")).to_have_count(2)
    assert refused == []
    context.close()
