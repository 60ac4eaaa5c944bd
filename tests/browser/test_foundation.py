"""The foundation's pages in a real browser: login in Norwegian, the office list, keyboard skip link."""

from tests.factories import DirectorateFactory, UserFactory

from .conftest import assert_accessible, login


def test_staff_logs_in_and_sees_their_office(page, office_a):
    UserFactory(username="kari", office=office_a)
    page.goto("/")
    assert "/konto/logg-inn/" in page.url
    assert_accessible(page)
    login(page, "kari")
    assert page.get_by_role("heading", level=1).inner_text() == "Statsforvalteren i Oslo og Viken"
    assert page.get_by_role("link", name="Våler (Viken)").count() == 1
    assert_accessible(page)


def test_skip_link_is_first_in_tab_order_and_moves_focus_to_main(page, db):
    DirectorateFactory(username="hilde")
    login(page, "hilde")
    page.goto("/embeter/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hopp til hovedinnhold"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.get_by_role("link", name="Statsforvalteren i Agder").count() == 1
    assert_accessible(page)
