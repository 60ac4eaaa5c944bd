"""The grant tables (rows written by reporting.grants.table) in a real browser, at desk and phone widths."""

import datetime
import os
from pathlib import Path

import pytest

from reporting.grants.services import grant_confirmation_record
from reporting.reference_data import reporting_reference_load
from tests.factories import UserFactory, municipality

from .conftest import login
from .test_reporting import assert_accessible

pytestmark = pytest.mark.browser

SIZES = {"desk": (1366, 768), "phone": (390, 844)}


def test_grant_rows_show_the_criteria_the_confirmation_and_its_badges(page, transactional_country, tmp_path):
    reporting_reference_load()
    kari = UserFactory(username="kari", first_name="Kari", last_name="Nordmann")
    grant_confirmation_record(
        municipality=municipality("0301"),
        year=2021,
        confirmed=True,
        reason="Vedtak er varslet <b>snart</b>",
        as_of=datetime.date(2021, 12, 31),
        user=kari,
    )
    login(page, "kari")
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    for path, name in (("/embeter/oslo-og-viken/tilskudd/?aar=2021", "office"), ("/tilskudd/?aar=2021", "national")):
        page.goto(path)
        oslo = page.get_by_role("row").filter(has=page.get_by_role("link", name="Oslo", exact=True))
        assert "overstyrt" in oslo.inner_text()  # no criterion met, yet prioritised by the office
        assert "Vedtak er varslet <b>snart</b>" in oslo.inner_text()  # escaped, shown as typed
        assert "Kari Nordmann" in oslo.inner_text()
        assert "Kriterium 1: Kommunen har verken vedtatt en plan" in oslo.inner_text()
        assert_accessible(page)
        for size, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            oslo.scroll_into_view_if_needed()
            page.screenshot(path=str(shots / f"grants-{name}-{size}.png"))
