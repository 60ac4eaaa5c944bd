"""The national dashboard in a real browser: a directorate user switches period, reads the figures, uses the
map and its table, drills down to an office and a municipality, and downloads the national status workbook.
axe-core finds no WCAG 2.1 A/AA violation on any of those pages."""

import io
import json
from contextlib import redirect_stdout

import openpyxl
import pytest
from django.core.management import call_command

from reporting.reference_data import reporting_reference_load
from tests.factories import DirectorateFactory, UserFactory, record

from .conftest import assert_accessible, login

pytestmark = pytest.mark.browser


def _report_figures(period: str) -> dict:
    out = io.StringIO()
    with redirect_stdout(out):
        call_command("report_figures", "--period", period, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def dashboard_data(transactional_country):
    reporting_reference_load()
    staff = UserFactory(username="kari-dash")
    record("0301", "decision", "plan_adopted", "2021-02-01", user=staff, detail="21/1")
    record("0301", "areas_considered", "yes", "2021-02-01", user=staff)
    record("0301", "phase", "3", "2021-03-01", user=staff)
    record("3401", "phase", "2", "2020-06-01", user=staff)
    record("3401", "decision", "process_described", "2020-12-01", user=staff, detail="20/9")
    DirectorateFactory(username="demo-hdir")


def test_directorate_walks_through_the_dashboard(page, dashboard_data):
    login(page, "demo-hdir")
    assert page.url.endswith("/dashboard/")
    assert_accessible(page)

    page.get_by_label("Periode", exact=True).select_option(label="Våren 2021")
    with page.expect_navigation():
        page.get_by_role("button", name="Vis", exact=True).click()
    assert "periode=spring-2021" in page.url
    expected = _report_figures("spring-2021")
    for slug in ("oslo-og-viken", "innlandet"):
        for key in ("decided_or_in_process", "phase_2", "phase_3"):
            cell = page.locator(f'tr[data-office="{slug}"] td[data-key="{key}"]')
            assert int(cell.get_attribute("data-count")) == expected["offices"][slug][key]["count"]
            assert cell.get_by_role("link").inner_text() == str(expected["offices"][slug][key]["count"])
    national = page.locator('tr[data-office=""] td[data-key="phase_3"]')
    assert int(national.get_attribute("data-count")) == expected["national"]["phase_3"]["count"]
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Status for alle kommuner per 30. april 2021 (.xlsx)").click()
    download = download_info.value
    assert download.suggested_filename == "lhl-status-nasjonal-2021-04-30.xlsx"
    with open(download.path(), "rb") as handle:
        workbook = openpyxl.load_workbook(io.BytesIO(handle.read()))
    rows = list(workbook["Status"].iter_rows(values_only=True))
    assert len(rows) == 357

    page.get_by_role("link", name="Utvikling over tid").click()
    page.wait_for_load_state()
    assert page.locator("svg.dashboard-chart").count() == 12
    assert_accessible(page)

    page.get_by_role("link", name="Kart", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("svg.dashboard-map a").count() == 356
    oslo = page.locator('svg.dashboard-map a[href^="/kommuner/0301/"]')
    oslo.focus()
    assert "Oslo (0301): Fase 3" in page.locator("#map-caption").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Vis som tabell").first.click()
    page.wait_for_load_state()
    assert page.locator('tr[data-number="0301"] td[data-category="3"]').count() == 1
    assert_accessible(page)

    page.get_by_role("link", name="Tall per embete").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Statsforvalteren i Innlandet").click()
    page.wait_for_load_state()
    assert "/embeter/innlandet/" in page.url
    assert_accessible(page)
    page.get_by_role("link", name="Lillehammer", exact=True).click()
    page.wait_for_load_state()
    assert "/kommuner/3405/" in page.url
    assert_accessible(page)


def test_search_by_sami_name(page, dashboard_data):
    login(page, "demo-hdir")
    page.get_by_label("Finn kommune (navn eller nummer)").fill("Guovdageaidnu")
    with page.expect_navigation():
        page.get_by_role("button", name="Søk").click()
    page.get_by_role("link", name="Kautokeino").click()
    page.wait_for_load_state()
    assert "/kommuner/5430/" in page.url
