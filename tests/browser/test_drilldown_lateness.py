"""In a real browser, on a desk (1366×768) and a phone (390×844): the drill-down of a submitted figure lists
exactly that many municipalities, says it is the submitted number and returns where the user came from; a late
submission says so on the dashboard, the report list and the report page."""

import os
import re

import pytest
from django.utils import timezone

from municipalities.models import Office
from reporting.periods.models import ReportingPeriod
from reporting.reports.services import report_submit
from tests.factories import DirectorateFactory, UserFactory, record

from .conftest import assert_accessible, login

pytestmark = pytest.mark.browser

SIZES = [(1366, 768), (390, 844)]
SHOTS = os.environ.get("LHL_SCREENSHOTS", "")  # a folder to keep screenshots in, for people to look at


@pytest.fixture
def late_submission(transactional_country):
    office = Office.objects.get(slug="oslo-og-viken")
    staff = UserFactory(username="kari-late", office=office)
    record("0301", "decision", "process_described", "2020-10-01", user=staff, detail="20/1")
    record("3001", "decision", "plan_adopted", "2021-02-01", user=staff, detail="21/1")
    record("3001", "areas_considered", "yes", "2021-02-01", user=staff)
    report_submit(office=office, period=ReportingPeriod.objects.get(slug="spring-2021"), user=staff)
    # recorded after the submission, dated before the reference date: the live number is one higher
    record("3002", "decision", "process_described", "2021-02-01", user=staff, detail="21/9")
    DirectorateFactory(username="hdir-late")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_submitted_drilldown_and_lateness(page, late_submission, width, height):
    page.set_viewport_size({"width": width, "height": height})
    days = (timezone.localdate() - ReportingPeriod.objects.get(slug="spring-2021").deadline).days
    late = f"levert {days} dager etter fristen"
    login(page, "hdir-late")
    page.goto("/dashboard/?periode=spring-2021")
    overview_url = page.url
    row = page.locator('tr[data-office="oslo-og-viken"]')
    assert late in row.inner_text()
    assert page.get_by_text(re.compile("fristen gikk ut for", re.I)).count() == 1
    cell = row.locator('td[data-key="decided_or_in_process"]')
    assert cell.get_attribute("data-source") == "submitted"
    shown = int(cell.get_attribute("data-count"))
    assert shown == 2
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, f"overview-{width}")
    assert_accessible(page)

    cell.get_by_role("link").click()
    page.wait_for_load_state()
    assert "/dashboard/tall/decided_or_in_process/" in page.url
    assert page.locator("#drilldown tbody tr[data-number]").count() == shown
    assert page.locator('#drilldown tr[data-number="3002"]').count() == 0
    assert "Innsendt tall per" in page.locator('[role="status"][data-source]').inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, f"drilldown-{width}")
    assert_accessible(page)
    page.locator("a[data-back]").click()
    page.wait_for_load_state()
    assert page.url == overview_url

    page.goto("/rapporter/?periode=spring-2021")
    assert late in page.locator('tr[data-office="oslo-og-viken"]').inner_text()
    shot(page, f"reports-{width}")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Oslo og Viken")).click()
    page.wait_for_load_state()
    assert late in page.locator("[data-late]").first.inner_text()
    shot(page, f"report-{width}")
    assert_accessible(page)
