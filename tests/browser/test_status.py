"""The status pages in a real browser: filter the office overview, record a phase change, see it in the
timeline; axe-core finds no WCAG 2.1 A/AA violations on the overview and the municipality page."""

from tests.factories import UserFactory

from .conftest import assert_accessible, login


def test_staff_filters_overview_and_records_a_phase_change(page, office_a):
    UserFactory(username="kari", first_name="Kari", last_name="Nordmann", office=office_a)
    login(page, "kari")
    page.goto("/embeter/oslo-og-viken/")
    assert page.get_by_role("heading", level=1).inner_text() == "Statsforvalteren i Oslo og Viken"
    assert_accessible(page)

    page.get_by_label("Fylke").select_option(label="Oslo")
    page.get_by_label("Fase", exact=True).select_option(label="Ikke vurdert")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_load_state()
    assert "county=03" in page.url
    rows = page.locator("#overview tbody tr")
    assert rows.count() == 1
    assert_accessible(page)

    page.get_by_role("link", name="Oslo", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Oslo")
    assert_accessible(page)

    page.get_by_label("Opplysning").select_option("phase")
    # The script shows only the chosen fact's values, its criteria, and no unrelated detail fields.
    assert page.locator("#fact-help").inner_text().startswith("Fase 2 er planfasen")
    assert not page.get_by_label("Møtedato").is_visible()
    page.get_by_label("Verdi").select_option(label="Fase 3 – gjennomføring")
    page.get_by_label("Gjelder fra").fill("2021-04-01")
    page.get_by_label("Merknad").fill("Vedtatt i bystyret")
    page.get_by_role("button", name="Lagre endringen").click()
    page.wait_for_load_state()

    assert "Registrert: Fase – Fase 3 – gjennomføring." in page.get_by_role("status").first.inner_text()
    timeline = page.locator("#tidslinje + ol").inner_text()
    assert "Fase: Fase 3 – gjennomføring" in timeline
    assert "Registrert av Kari Nordmann" in timeline
    assert "Merknad: Vedtatt i bystyret" in timeline
    assert_accessible(page)

    page.goto("/embeter/oslo-og-viken/?county=03&phase=3")
    assert page.locator("#overview tbody tr").count() == 1
    assert "Fase 3" in page.locator("#overview tbody tr").inner_text()


def test_the_answer_after_saving_a_fact_is_in_view_and_has_the_focus(page, office_a):
    UserFactory(username="kari", office=office_a)
    login(page, "kari")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/kommuner/0301/#registrer")
    page.get_by_role("combobox", name="Opplysning").select_option("phase")
    page.get_by_label("Verdi").select_option(label="Fase 3 – gjennomføring")
    page.get_by_label("Gjelder fra").fill("2021-04-01")
    page.get_by_role("button", name="Lagre endringen").click()
    page.wait_for_load_state()
    message = page.get_by_role("status").first
    assert message.inner_text() == "Registrert: Fase – Fase 3 – gjennomføring."
    box = message.bounding_box()
    assert box is not None
    assert box["y"] >= 0  # on screen, not scrolled away
    assert box["y"] + box["height"] <= 844
    assert page.evaluate("document.activeElement.id") == "meldinger"
    assert_accessible(page)
