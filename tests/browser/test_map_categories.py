"""The map's decision view in a real browser, on a wide and a phone-sized screen: a recorded «Ingen vedtak» and a
municipality where nothing is recorded are two legend entries with their own colours, and the page passes
axe-core. With LHL_SCREENSHOTS set to a folder, the two screenshots are kept there."""

import os
from pathlib import Path

import pytest

from reporting.reference_data import reporting_reference_load
from tests.factories import DirectorateFactory, UserFactory, record

from .conftest import assert_accessible, login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_the_decision_map_keeps_a_recorded_none_apart_from_never_recorded(page, transactional_country, width, height):
    reporting_reference_load()
    staff = UserFactory(username="kari-kart")
    record("0301", "decision", "plan_adopted", "2021-02-01", user=staff, detail="21/1")
    record("3401", "decision", "none", "2021-02-01", user=staff)
    DirectorateFactory(username="demo-hdir")
    page.set_viewport_size({"width": width, "height": height})
    login(page, "demo-hdir")
    page.goto("/dashboard/kart/?periode=spring-2021&status=vedtak")
    legend = page.locator("main").inner_text()
    assert "Ingen vedtak: 1 kommune" in legend
    assert "Ikke registrert: 354 kommuner" in legend
    fills = {
        number: page.locator(f'svg.dashboard-map a[href^="/kommuner/{number}/"] path').first.get_attribute("fill")
        for number in ("0301", "3401", "3405")
    }
    assert len(set(fills.values())) == 3, fills
    assert_accessible(page)
    folder = os.environ.get("LHL_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"kart-vedtak-{width}x{height}.png"), full_page=True)
