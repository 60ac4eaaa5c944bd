"""The reporting pages in a real browser: keyboard use and axe-core (WCAG 2.1 A/AA)."""

import pytest

from reporting.reference_data import reporting_reference_load
from tests.factories import DirectorateFactory, UserFactory, record

from .conftest import axe_violations, login

pytestmark = pytest.mark.browser


def assert_accessible(page) -> None:
    """axe-core on this app's content (<main>); the shared header and footer are the foundation's tests'."""
    violations = [(v["id"], v["nodes"]) for v in axe_violations(page, "main")]
    assert violations == [], f"axe-core on {page.url}: {violations}"


@pytest.fixture
def shipped(transactional_country):
    """A transactional test's flush empties the shipped periods and schemes too: make sure they are back."""
    reporting_reference_load()


def test_office_figures_and_drill_down_by_keyboard(page, shipped):
    user = UserFactory(username="kari")
    record("0301", "decision", "process_described", "2021-01-01", user=user)
    login(page, "kari")
    page.goto("/embeter/oslo-og-viken/tall/?periode=spring-2021")
    assert_accessible(page)
    link = page.get_by_role("link", name="1 kommuner: Har tatt stilling til løsningene og vedtatt politisk")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/tall/decided_or_in_process/" in page.url
    assert page.get_by_role("link", name="Oslo", exact=True).count() == 1
    assert_accessible(page)


def test_grant_pages_and_confirmation_form(page, shipped):
    UserFactory(username="kari")
    login(page, "kari")
    page.goto("/embeter/oslo-og-viken/tilskudd/?aar=2021")
    assert_accessible(page)
    page.get_by_role("link", name="Bekreft eller overstyr Oslo").click()
    page.get_by_label("Begrunnelse").fill("Vedtak er varslet")
    page.get_by_role("button", name="Lagre vurderingen").click()
    page.wait_for_load_state()
    assert "Vurderingen av Oslo er lagret." in page.content()
    assert_accessible(page)


def test_national_list_and_periods_for_the_directorate(page, shipped):
    DirectorateFactory(username="hilde")
    login(page, "hilde")
    page.goto("/tilskudd/?aar=2021")
    assert page.get_by_role("cell", name="Kommunalt kompetanse- og innovasjonstilskudd", exact=True).count() == 1
    assert_accessible(page)
    page.goto("/rapportering/perioder/")
    assert_accessible(page)
    page.goto("/rapportering/perioder/ny/")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    assert_accessible(page)
