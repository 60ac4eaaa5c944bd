"""The drill-down behind a number of the national overview: submitted as known then, or live; says which;
«Tilbake» to where the user came from; its .xlsx of what is shown; lateness beside the state."""

import datetime
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from municipalities.models import Office
from reporting.periods.models import ReportingPeriod
from reporting.reports.services import report_submit
from tests.factories import record

from .conftest import overview_cells

NUMBER_RE = re.compile(r'<tr data-number="(\d{4})">')


@pytest.fixture
def submitted_then_changed(history, staff_a):
    """Oslo og Viken submitted spring-2021 (today, long after 1 May 2021); afterwards a third municipality was
    recorded with a described process dated before the reference date: the live number is one higher."""
    period = ReportingPeriod.objects.get(slug="spring-2021")
    submission = report_submit(office=Office.objects.get(slug="oslo-og-viken"), period=period, user=staff_a)
    record("3002", "decision", "process_described", "2021-02-01", user=staff_a, detail="21/9")
    return submission


def overview_links(html: str, slug: str) -> dict[str, str]:
    row = re.search(rf'<tr[^>]*data-office="{slug}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    return dict(re.findall(r'data-key="(\w+)"[^>]*><a href="([^"]+)"', row))


def test_a_submitted_number_lists_the_municipalities_as_known_at_submission(
    client, directorate_user, submitted_then_changed
):
    client.force_login(directorate_user)
    overview = client.get(reverse("dashboard:overview"), {"periode": "spring-2021"}).content.decode()
    cells = overview_cells(overview)
    assert cells["oslo-og-viken"]["decided_or_in_process"] == (2, "submitted")
    url = overview_links(overview, "oslo-og-viken")["decided_or_in_process"].replace("&amp;", "&")
    html = client.get(url).content.decode()
    assert sorted(NUMBER_RE.findall(html)) == ["0301", "3001"]  # not 3002, recorded after the submission
    local = timezone.localtime(submitted_then_changed.submitted_at)
    assert f"Innsendt tall per {local.day}.{local.month}.{local.year} kl." in html
    assert "Tall nå" not in html

    live = client.get(url + "&tall=levende").content.decode()
    assert sorted(NUMBER_RE.findall(live)) == ["0301", "3001", "3002"]
    assert "Tall nå" in live


def test_the_national_total_is_a_link_to_the_union_of_the_offices(client, directorate_user, submitted_then_changed):
    client.force_login(directorate_user)
    overview = client.get(reverse("dashboard:overview"), {"periode": "spring-2021"}).content.decode()
    national = overview_cells(overview)[""]["decided_or_in_process"]
    url = overview_links(overview, "")["decided_or_in_process"].replace("&amp;", "&")
    html = client.get(url).content.decode()
    assert len(NUMBER_RE.findall(html)) == national[0] == 2
    assert "Innsendte tall der embetet har sendt inn rapporten, ellers tall nå" in html


def test_back_returns_where_the_user_came_from_and_never_off_site(client, directorate_user, history):
    client.force_login(directorate_user)
    came_from = reverse("dashboard:overview") + "?periode=autumn-2021&tall=levende"
    overview = client.get(came_from).content.decode()
    url = overview_links(overview, "innlandet")["phase_3"].replace("&amp;", "&")
    assert parse_qs(urlsplit(url).query)["tilbake"] == [came_from]
    html = client.get(url).content.decode()
    assert f'href="{came_from.replace("&", "&amp;")}" data-back' in html
    for hostile in ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]:
        page = client.get(reverse("dashboard:drilldown", args=["phase_3"]), {"tilbake": hostile})
        assert "evil.example" not in page.content.decode().split("data-back")[0].rsplit("<a", 1)[1]
        assert "javascript:" not in page.content.decode()


def test_unknown_figure_or_office_is_404(client, directorate_user, db):
    client.force_login(directorate_user)
    assert client.get(reverse("dashboard:drilldown", args=["nope"])).status_code == 404
    assert client.get(reverse("dashboard:drilldown", args=["phase_3"]), {"embete": "nope"}).status_code == 404


def test_the_xlsx_holds_exactly_the_list_shown(client, directorate_user, submitted_then_changed):
    client.force_login(directorate_user)
    params = {"periode": "spring-2021", "embete": "oslo-og-viken"}
    html = client.get(reverse("dashboard:drilldown", args=["decided_or_in_process"]), params).content.decode()
    response = client.get(reverse("dashboard:drilldown-xlsx", args=["decided_or_in_process"]), params)
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.isascii()
    assert ".xlsx" in disposition
    assert "oslo-og-viken" in disposition
    sheet = load_workbook(io.BytesIO(response.content))["Kommuner"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(("Kommunenummer", "Kommune", "Fylke", "Embete", "Tallet gjelder"))
    numbers = [r[0] for r in rows[header + 1 :]]
    assert numbers == NUMBER_RE.findall(html)
    assert all(r[4].startswith("Innsendt tall per") for r in rows[header + 1 :])


def test_late_submission_says_so_on_the_dashboard_report_and_list(client, directorate_user, submitted_then_changed):
    days = (timezone.localdate() - datetime.date(2021, 5, 1)).days
    client.force_login(directorate_user)
    overview = client.get(reverse("dashboard:overview"), {"periode": "spring-2021"}).content.decode()
    row = re.search(r'<tr[^>]*data-office="oslo-og-viken"[^>]*>(.*?)</tr>', overview, re.S).group(1)
    late = f"levert {days} dager etter fristen"
    assert late in row
    assert overview.lower().count("fristen gikk ut for") == 1  # the deadline once, above the table
    listing = client.get(reverse("reports:index"), {"periode": "spring-2021"}).content.decode()
    assert late in listing
    assert listing.count("etter fristen") == 1
    report = client.get(reverse("reports:report", args=["oslo-og-viken", "spring-2021"])).content.decode()
    assert late in report


def test_drilldown_query_count_does_not_grow_with_the_list(client, directorate_user, submitted_then_changed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(directorate_user)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("dashboard:drilldown", args=["phase_2"]), {"periode": "spring-2021"})
    # session and user, periods, offices, submissions, 5 per submitted office, 5 for the live ones, the list
    assert len(queries) <= 20
