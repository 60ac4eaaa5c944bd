"""Trends across periods, the national status workbook, constant queries, the cache and Redis down."""

import dataclasses
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from reporting.dashboard import selectors as dashboard
from reporting.reports.selectors import NOT_STARTED_STATE
from tests.factories import municipality, record
from tests.workbook_checks import assert_finished, no_codes

from .conftest import overview_cells, report_figures


def _trend_rows(html: str, label: str) -> list[list[str]]:
    section = html.split(f"{label}: antall kommuner og andel per periode")[1].split("</table>")[0]
    return re.findall(r'data-source="(\w+)">(\d+) \(', section)


def test_trends_show_live_values_marked_and_submitted_ones(client, directorate_user, history, monkeypatch):
    snapshot = report_figures("spring-2021")["offices"]["innlandet"]
    snapshot = {**snapshot, "phase_2": {"count": 7, "share": 7 / 46}}

    def fake(period, offices):
        states = {o.pk: NOT_STARTED_STATE for o in offices}
        if period.slug == "spring-2021":
            for o in offices:
                if o.slug == "innlandet":
                    states[o.pk] = dataclasses.replace(NOT_STARTED_STATE, status="accepted", submitted_figures=snapshot)
        return states

    monkeypatch.setattr(
        dashboard, "office_report_states_by_period", lambda periods, offices: {p.pk: fake(p, offices) for p in periods}
    )
    client.force_login(directorate_user)
    html = client.get(reverse("dashboard:trends"), {"embete": "innlandet"}).content.decode()
    assert html.count('class="dashboard-chart"') == 12
    assert 'role="img"' in html
    rows = _trend_rows(html, "I fase 2 (planlegging)")
    # 10 offices + the country, 3 periods each (autumn-2020, spring-2021, autumn-2021).
    assert len(rows) == 33
    innlandet = rows[3:6]  # offices in position order: Oslo og Viken, then Innlandet
    assert innlandet == [("live", "1"), ("submitted", "7"), ("live", "1")]
    national = rows[30:]
    live = {p: report_figures(p)["national"]["phase_2"]["count"] for p in ("autumn-2020", "autumn-2021")}
    assert national == [("live", str(live["autumn-2020"])), ("live", "8"), ("live", str(live["autumn-2021"]))]
    assert "levende" in html


def test_trends_for_one_figure(client, staff_a, history):
    client.force_login(staff_a)
    html = client.get(reverse("dashboard:trends"), {"tall": "plan_adopted"}).content.decode()
    assert html.count('class="dashboard-chart"') == 1
    assert 'stroke-dasharray="6 3"' in html  # staff's own office is highlighted by default


def test_national_status_workbook(client, directorate_user, history):
    client.force_login(directorate_user)
    response = client.get(reverse("dashboard:status-xlsx"), {"periode": "spring-2021"})
    assert response.status_code == 200
    assert "lhl-status-nasjonal-2021-04-30.xlsx" in response["Content-Disposition"]
    wb = assert_finished(response.content, footer=("Hele landet", "Status per 30.04.2021"))
    ws = wb["Status"]
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 357
    decision = rows[0].index("Politisk vedtak")
    assert rows[0][2] == "Embete"
    by_number = {r[0]: r for r in rows[1:]}
    assert by_number["3001"][2] == "Oslo og Viken"
    assert by_number["3001"][decision].startswith("Plan vedtatt")
    assert by_number["3401"][decision] == "Ikke registrert"  # decided after the reference date
    assert no_codes(ws) == []


def _spread(count: int, staff_a):
    numbers = list(dashboard.Municipality.objects.order_by("number").values_list("number", flat=True)[:count])
    for i, number in enumerate(numbers):
        record(number, "phase", "3" if i % 2 else "2", "2021-01-01", user=staff_a)
        record(number, "decision", "process_described", "2020-10-01", user=staff_a, detail="x")
        record(number, "dialogue_meeting", "held", "2020-10-02", user=staff_a, detail="2020-10-02")


PAGES = [
    ("dashboard:overview", {"periode": "spring-2021"}),
    ("dashboard:trends", {}),
    ("dashboard:map", {"status": "tilskudd"}),
    ("dashboard:map", {"visning": "tabell"}),
]


def _queries(client, name, params) -> int:
    dashboard.cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse(name), params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("name", "params"), PAGES)
def test_query_count_is_constant(client, directorate_user, staff_a, name, params, django_assert_max_num_queries):
    client.force_login(directorate_user)
    _spread(3, staff_a)
    small = _queries(client, name, params)
    _spread(40, staff_a)
    assert _queries(client, name, params) == small
    # session, user, periods, offices, data version, figures per period, report states (3 queries) per period
    with django_assert_max_num_queries(40):
        dashboard.cache.clear()
        client.get(reverse(name), params)


def test_cache_is_used_and_a_new_fact_invalidates_it(client, directorate_user, staff_a, history):
    client.force_login(directorate_user)
    url = reverse("dashboard:overview")
    params = {"periode": "spring-2021"}
    cold = _queries(client, "dashboard:overview", params)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url, params).content.decode()
    assert len(ctx.captured_queries) < cold
    assert overview_cells(html)["oslo-og-viken"]["phase_3"] == (1, "live")
    record("3002", "phase", "3", "2021-01-01", user=staff_a)
    html = client.get(url, params).content.decode()
    assert overview_cells(html)["oslo-og-viken"]["phase_3"] == (2, "live")


def test_retraction_invalidates_the_cache(client, directorate_user, staff_a, history):
    from municipalities.facts import StatusFact
    from municipalities.services import fact_retract

    client.force_login(directorate_user)
    url = reverse("dashboard:overview")
    assert overview_cells(client.get(url, {"periode": "spring-2021"}).content.decode())["oslo-og-viken"]["phase_3"] == (
        1,
        "live",
    )
    fact = StatusFact.objects.get(municipality=municipality("0301"), fact="phase")
    fact_retract(fact=fact, reason="Feil", user=staff_a)
    cells = overview_cells(client.get(url, {"periode": "spring-2021"}).content.decode())
    assert cells["oslo-og-viken"]["phase_3"] == (0, "live")


REDIS_DOWN = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
}


@pytest.mark.parametrize(("name", "params"), PAGES)
def test_pages_work_with_redis_down(client, directorate_user, history, name, params, caplog):
    client.force_login(directorate_user)
    with override_settings(CACHES=REDIS_DOWN):
        response = client.get(reverse(name), params)
    assert response.status_code == 200
    assert "dashboard cache unavailable" in caplog.text  # it really tried the closed port
    if name == "dashboard:overview":
        expected = report_figures("spring-2021")["offices"]["oslo-og-viken"]["phase_3"]["count"]
        assert overview_cells(response.content.decode())["oslo-og-viken"]["phase_3"] == (expected, "live")
