import pytest
from django.urls import reverse

from municipalities.models import Municipality
from tests.factories import record
from tests.reporting.conftest import SPRING_2021


def figures_url(slug="agder", **params):
    from django.utils.http import urlencode

    return reverse("reporting:office-figures", args=[slug]) + ("?" + urlencode(params) if params else "")


def test_the_office_figures_for_a_period_link_to_the_municipalities(scenario, client, staff_b):
    client.force_login(staff_b)  # staff of another office read every office's figures
    response = client.get(figures_url(periode="spring-2021"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tall for Statsforvalteren i Agder" in page
    assert "Per 30. april 2021, av 25 kommuner." in page
    asked = {r["key"]: r["count"] for r in response.context["asked_rows"]}
    assert asked == {k: SPRING_2021[k] for k in asked}
    assert list(asked) == [
        "decided_or_in_process",
        "in_networks_or_planned",
        "phase_2",
        "phase_3",
        "phase_not_assessed",
    ]
    drill = next(r for r in response.context["asked_rows"] if r["key"] == "decided_or_in_process")
    assert drill["url"] == "/embeter/agder/tall/decided_or_in_process/?periode=spring-2021&dato=2021-04-30"
    assert f'href="{drill["url"].replace("&", "&amp;")}"' in page
    listing = client.get(drill["url"])
    assert listing.status_code == 200
    names = [m.name for m in listing.context["municipalities"]]
    assert names == ["Farsund", "Risør"]
    assert "2 av 25 kommuner per 30. april 2021." in listing.content.decode()


def test_the_priorities_table_counts_and_links(scenario, client, staff_b):
    client.force_login(staff_b)
    response = client.get(figures_url(periode="spring-2021"))
    rows = {p["code"]: p for p in response.context["priorities"]}
    assert len(rows) == 30
    assert rows["mat"]["count"] == 2
    assert rows["mat"]["is_area"]
    listing = client.get(rows["mat"]["url"])
    assert [m.name for m in listing.context["municipalities"]] == ["Farsund", "Risør"]
    assert "Mat og måltider" in listing.content.decode()


def test_any_date_gives_all_figures_for_that_date(scenario, client, staff_b):
    client.force_login(staff_b)
    response = client.get(figures_url(dato="2020-10-31"))
    assert response.context["period"] is None
    counts = {r["key"]: r["count"] for r in response.context["asked_rows"]}
    assert counts["dialogue_offered"] == 4
    assert "Tall for Fylkesmannen i Agder" in response.content.decode()  # the office's title on that date


def test_a_bad_date_or_period_is_shown_as_an_error(db, client, staff_b):
    client.force_login(staff_b)
    response = client.get(figures_url(dato="2021-02-30", periode="no-such"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Oppgi en gyldig dato" in page
    assert "Velg et gyldig valg" in page


def test_unknown_figures_and_codes_are_not_found(db, client, staff_b):
    client.force_login(staff_b)
    assert client.get(reverse("reporting:office-figure-municipalities", args=["agder", "made_up"])).status_code == 404
    url = reverse("reporting:office-figure-municipalities", args=["agder", "phase3_priorities"]) + "?kode=nope"
    assert client.get(url).status_code == 404
    assert client.get(figures_url("no-such-office")).status_code == 404


def test_anonymous_users_are_sent_to_login(db, client):
    response = client.get(figures_url())
    assert response.status_code == 302
    assert "/konto/logg-inn/" in response["Location"]


@pytest.mark.parametrize("count", [3, 30])
def test_the_figures_pages_take_a_constant_number_of_queries(count, staff_a, client, django_assert_num_queries):
    for m in Municipality.objects.filter(office__slug="oslo-og-viken").order_by("number")[:count]:
        record(m.number, "phase", "3", "2021-01-01", user=staff_a)
        record(m.number, "priority", "yes", "2021-01-01", user=staff_a, detail="mat")
    client.force_login(staff_a)
    # session, user, office, period, the five of figure_table, the navigation's office, the session's save (3)
    with django_assert_num_queries(14):
        response = client.get(figures_url("oslo-og-viken", periode="spring-2021"))
    assert response.context["phase_3"] == count
    with django_assert_num_queries(14):  # the same, with the members' query instead of the form's periods
        members_url = reverse("reporting:office-figure-municipalities", args=["oslo-og-viken", "phase_3"])
        response = client.get(members_url + "?periode=spring-2021")
    assert len(response.context["municipalities"]) == count


def test_office_drilldown_list_has_an_xlsx_of_what_is_shown(client, staff_a):
    import io
    import re

    from django.urls import reverse
    from openpyxl import load_workbook

    from tests.factories import record

    record("0301", "phase", "2", "2021-03-01", user=staff_a)
    record("3001", "phase", "2", "2021-03-01", user=staff_a)
    client.force_login(staff_a)
    url = reverse("reporting:office-figure-municipalities", args=["oslo-og-viken", "phase_2"])
    html = client.get(url, {"periode": "spring-2021"}).content.decode()
    xlsx_url = re.search(r'href="([^"]+\.xlsx[^"]*)"', html).group(1).replace("&amp;", "&")
    response = client.get(xlsx_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].isascii()
    rows = list(load_workbook(io.BytesIO(response.content))["Kommuner"].iter_rows(values_only=True))
    header = rows.index(("Kommunenummer", "Kommune", "Fylke", "Embete"))
    shown = re.findall(r"<tr><td>(\d{4})</td>", html)
    assert [r[0] for r in rows[header + 1 :]] == shown
    assert sorted(shown) == ["0301", "3001"]
