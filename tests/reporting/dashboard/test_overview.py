"""The national overview: the figures of report_figures, report states, drift, live switch, highlighting."""

import dataclasses

import pytest
from django.urls import reverse

from reporting.dashboard import selectors as dashboard
from reporting.dashboard.selectors import office_report_states
from reporting.figures.registry import FIGURES
from reporting.models import ReportingPeriod
from reporting.reports.selectors import NOT_STARTED_STATE, ReportState

from .conftest import overview_cells, report_figures


@pytest.mark.parametrize("period", ["autumn-2020", "spring-2021", "autumn-2021"])
def test_figures_shown_equal_report_figures(client, directorate_user, history, period):
    client.force_login(directorate_user)
    html = client.get(reverse("dashboard:overview"), {"periode": period}).content.decode()
    expected = report_figures(period)
    asked = [k for k in FIGURES if k in ReportingPeriod.objects.get(slug=period).figures]
    cells = overview_cells(html)
    assert set(cells) == {*expected["offices"], ""}
    for slug, entry in expected["offices"].items():
        assert cells[slug] == {key: (entry[key]["count"], "live") for key in asked}, slug
    assert cells[""] == {key: (expected["national"][key]["count"], "live") for key in asked}


def test_any_as_of_date_shows_every_figure(client, directorate_user, history):
    client.force_login(directorate_user)
    html = client.get(reverse("dashboard:overview"), {"periode": "", "dato": "2021-06-01"}).content.decode()
    expected = report_figures("spring-2021", as_of="2021-06-01")
    cells = overview_cells(html)
    assert cells["innlandet"] == {key: (expected["offices"]["innlandet"][key]["count"], "live") for key in FIGURES}
    assert cells["innlandet"]["plan_or_process"] == (1, "live")  # 3401's process, described 1 May


def test_report_states_and_deadline_are_shown(client, directorate_user, db):
    client.force_login(directorate_user)
    html = client.get(reverse("dashboard:overview"), {"periode": "autumn-2021"}).content.decode()
    assert html.count('data-status="not_started"') == 10
    assert "Ikke påbegynt" in html
    assert "fristen gikk ut for" in html  # 1 November 2021 has passed (stated once, above the table)


def test_the_adapter_says_not_started_for_every_office(office_a, office_b):
    period = ReportingPeriod.objects.get(slug="spring-2021")
    assert office_report_states(period, [office_a, office_b]) == {
        office_a.pk: NOT_STARTED_STATE,
        office_b.pk: NOT_STARTED_STATE,
    }


@pytest.fixture
def submitted_oslo(monkeypatch, history):
    """Office A submitted spring-2021 with one plan fewer than the live figures now say."""
    live = report_figures("spring-2021")["offices"]["oslo-og-viken"]
    snapshot = {**live, "decided_or_in_process": {"count": live["decided_or_in_process"]["count"] - 1, "share": 0.0}}

    def fake(period, offices):
        states = {o.pk: NOT_STARTED_STATE for o in offices}
        for o in offices:
            if o.slug == "oslo-og-viken" and period.slug == "spring-2021":
                states[o.pk] = dataclasses.replace(
                    NOT_STARTED_STATE, status="submitted", version=2, submitted_figures=snapshot
                )
        return states

    monkeypatch.setattr(dashboard, "office_report_states", fake)
    return live


def test_submitted_figures_with_drift_marker(client, directorate_user, submitted_oslo):
    client.force_login(directorate_user)
    url = reverse("dashboard:overview")
    html = client.get(url, {"periode": "spring-2021"}).content.decode()
    cells = overview_cells(html)
    live_count = submitted_oslo["decided_or_in_process"]["count"]
    assert live_count == 2
    assert cells["oslo-og-viken"]["decided_or_in_process"] == (1, "submitted")
    assert cells["oslo-og-viken"]["phase_3"] == (1, "submitted")  # no drift there
    assert html.count('class="dashboard-drift"') == 2  # the office and the national total
    assert 'data-live="2"' in html
    assert "nå 2" in html
    assert cells[""]["decided_or_in_process"] == (1, "submitted")  # national = the offices as shown
    assert "Sendt inn" in html
    assert "versjon 2" in html

    live_html = client.get(url, {"periode": "spring-2021", "tall": "levende"}).content.decode()
    live_cells = overview_cells(live_html)
    assert live_cells["oslo-og-viken"]["decided_or_in_process"] == (2, "live")
    assert "dashboard-drift" not in live_html.replace(".dashboard-drift", "")


def test_returned_report_counts_as_live(client, directorate_user, monkeypatch, history):
    snapshot = report_figures("spring-2021")["offices"]["oslo-og-viken"]
    state = ReportState(status="returned", version=1, submitted_figures={**snapshot, "phase_3": {"count": 9}})
    monkeypatch.setattr(dashboard, "office_report_states", lambda period, offices: {o.pk: state for o in offices})
    client.force_login(directorate_user)
    html = client.get(reverse("dashboard:overview"), {"periode": "spring-2021"}).content.decode()
    assert overview_cells(html)["oslo-og-viken"]["phase_3"] == (1, "live")
    assert "Sendt tilbake" in html


def test_staff_see_their_own_office_highlighted(client, staff_b):
    client.force_login(staff_b)
    html = client.get(reverse("dashboard:overview")).content.decode()
    assert html.count("Ditt embete") == 1
    own_row = html.split('data-office="innlandet"')[0].rsplit("<tr", 1)[1]
    assert "dashboard-own" in own_row


def test_directorate_lands_on_the_overview(client, directorate_user, staff_a):
    client.force_login(directorate_user)
    assert client.get(reverse("home"))["Location"] == reverse("dashboard:overview")
    client.force_login(staff_a)
    assert client.get(reverse("home"))["Location"] == reverse("municipalities:office-detail", args=["oslo-og-viken"])


def test_bad_date_shows_the_error_and_the_default_period(client, directorate_user, db):
    client.force_login(directorate_user)
    response = client.get(reverse("dashboard:overview"), {"dato": "31.02.2021"})
    assert response.status_code == 200
    assert "Oppgi en gyldig dato" in response.content.decode() or "gyldig dato" in response.content.decode()
