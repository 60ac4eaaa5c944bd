"""The map: colours by status, hatched proposals, legend, links, zoom, the table one click away; search."""

import datetime
import re

import pytest
from django.urls import reverse

from municipalities.mapshapes import ATTRIBUTION, country_map
from municipalities.registry import FACT_TYPES
from reporting.dashboard.selectors import MAP_CATEGORIES
from reporting.dashboard.svg import MAP_FILLS
from reporting.grants.services import grant_confirmation_record
from tests.factories import municipality, record


def _map(html: str) -> str:
    return re.search(r'<svg class="dashboard-map".*?</svg>', html, re.S).group(0)


def _fill(svg: str, number: str) -> str:
    return re.search(rf'href="/kommuner/{number}/[^"]*"[^>]*>.*?<path d="[^"]*" fill="([^"]+)"', svg, re.S).group(1)


@pytest.fixture
def phases(db, staff_a, staff_b):
    record("0301", "phase", "3", "2021-03-01", user=staff_a)
    record("3001", "phase", "2", "2020-06-01", user=staff_a)
    record("3401", "phase", "3", "2021-06-01", user=staff_b)  # after spring-2021


def test_map_colours_each_municipality_by_phase(client, directorate_user, phases):
    client.force_login(directorate_user)
    html = client.get(reverse("dashboard:map"), {"periode": "spring-2021", "status": "fase"}).content.decode()
    svg = _map(html)
    assert svg.count("<a href=") == 356
    assert _fill(svg, "0301") == MAP_FILLS["fase"]["3"]
    assert _fill(svg, "3001") == MAP_FILLS["fase"]["2"]
    assert _fill(svg, "3401") == MAP_FILLS["fase"]["unrecorded"]  # phase 3 only from June
    assert "<title>Oslo (0301): Fase 3 – gjennomføring</title>" in svg
    assert "style=" not in svg
    # The legend says the same in text, with counts.
    assert "Fase 3 – gjennomføring: 1 kommune" in html
    assert "Fase 2 – planlegging: 1 kommune" in html
    assert "Ikke vurdert: 354 kommuner" in html  # the registry's words for a phase never recorded
    assert ATTRIBUTION in html
    assert 'href="#etter-kartet"' in html
    assert 'id="etter-kartet"' in html
    assert "visning=tabell" in html


@pytest.mark.parametrize(("kind", "fact"), [("fase", "phase"), ("vedtak", "decision"), ("samfunnsdel", "samfunnsdel")])
def test_the_fact_maps_take_their_categories_and_labels_from_the_registry(kind, fact):
    fact_type = FACT_TYPES[fact]
    categories = dict(MAP_CATEGORIES[kind])
    assert list(categories) == [*reversed(fact_type.values), "unrecorded"]
    assert {code: str(label) for code, label in categories.items()} == {
        **{code: str(label) for code, label in fact_type.values.items()},
        "unrecorded": str(fact_type.unrecorded_label),
    }
    assert set(MAP_FILLS[kind]) == set(categories)
    assert len(set(MAP_FILLS[kind].values())) == len(categories)  # every category its own colour


@pytest.mark.parametrize(
    ("kind", "fact", "recorded_no", "label_no"),
    [("vedtak", "decision", "none", "Ingen vedtak"), ("samfunnsdel", "samfunnsdel", "none", "Ikke forankret")],
)
def test_a_recorded_no_is_apart_from_never_recorded(
    client, directorate_user, staff_a, kind, fact, recorded_no, label_no
):
    record("0301", fact, recorded_no, "2021-01-10", user=staff_a)
    record(
        "3001",
        fact,
        "process_described" if fact == "decision" else "planned",
        "2021-01-10",
        user=staff_a,
        detail="21/1" if fact == "decision" else "",
        target_date=datetime.date(2022, 6, 30),
    )
    client.force_login(directorate_user)
    html = client.get(reverse("dashboard:map"), {"periode": "spring-2021", "status": kind}).content.decode()
    svg = _map(html)
    assert _fill(svg, "0301") == MAP_FILLS[kind]["none"]
    assert _fill(svg, "3401") == MAP_FILLS[kind]["unrecorded"] != MAP_FILLS[kind]["none"]
    assert f"<title>Oslo (0301): {label_no}</title>" in svg
    assert f"{label_no}: 1 kommune" in html
    assert "Ikke registrert: 354 kommuner" in html
    table = client.get(
        reverse("dashboard:map"), {"periode": "spring-2021", "status": kind, "visning": "tabell"}
    ).content.decode()
    rows = dict(re.findall(r'<tr data-number="(\d{4})">.*?data-category="([^"]+)">', table, re.S))
    assert (rows["0301"], rows["3401"]) == ("none", "unrecorded")


def test_the_map_shapes_stay_small(client, directorate_user, db):
    client.force_login(directorate_user)
    svg = _map(client.get(reverse("dashboard:map")).content.decode())
    assert len(svg.encode()) < 1_000_000


def test_table_view_lists_the_same_statuses(client, directorate_user, phases):
    client.force_login(directorate_user)
    html = client.get(
        reverse("dashboard:map"), {"periode": "spring-2021", "status": "fase", "visning": "tabell"}
    ).content.decode()
    assert 'class="dashboard-map"' not in html
    rows = re.findall(r'<tr data-number="(\d{4})">.*?data-category="([^"]+)">([^<]+)</td>', html, re.S)
    assert len(rows) == 356
    by_number = {number: (code, label) for number, code, label in rows}
    assert by_number["0301"] == ("3", "Fase 3 – gjennomføring")
    assert by_number["3001"] == ("2", "Fase 2 – planlegging")
    assert by_number["3401"] == ("unrecorded", "Ikke vurdert")


def test_grant_priority_confirmed_is_solid_and_proposed_hatched(client, directorate_user, staff_a, db):
    for fact, value in [("decision", "process_described"), ("samfunnsdel", "planned")]:
        record("0301", fact, value, "2021-01-10", user=staff_a, detail="21/1" if fact == "decision" else "")
        record("3001", fact, value, "2021-01-10", user=staff_a, detail="21/1" if fact == "decision" else "")
    from networks.models import Network

    network = Network.objects.create(office=staff_a.office, slug="n", name="Nettverk", created_by=staff_a)
    record("0301", "network", "planned", "2021-01-10", user=staff_a, detail=network.qualified_slug, network=network)
    record("3001", "network", "planned", "2021-01-10", user=staff_a, detail=network.qualified_slug, network=network)
    grant_confirmation_record(
        municipality=municipality("3001"),
        year=2021,
        confirmed=True,
        reason="OK",
        as_of=__import__("datetime").date(2021, 4, 30),
        user=staff_a,
    )
    client.force_login(directorate_user)
    html = client.get(reverse("dashboard:map"), {"periode": "spring-2021", "status": "tilskudd"}).content.decode()
    svg = _map(html)
    assert _fill(svg, "0301") == "url(#lhl-hatch-yes)"  # proposed, not confirmed
    assert _fill(svg, "3001") == MAP_FILLS["tilskudd"]["confirmed_yes"]
    assert _fill(svg, "4201") == "url(#lhl-hatch-no)"
    assert '<pattern id="lhl-hatch-yes"' in html
    assert "Prioriteres (bekreftet): 1 kommune" in html
    assert "Prioriteres (foreslått, ikke bekreftet): 1 kommune" in html
    assert "Prioritering i tilskuddsordninger 2021" in html


def test_zoom_to_an_office(client, staff_b, db):
    client.force_login(staff_b)
    html = client.get(reverse("dashboard:map")).content.decode()
    assert "Zoom til ditt embete" in html
    html = client.get(reverse("dashboard:map"), {"embete": "innlandet"}).content.decode()
    svg = _map(html)
    assert f'viewBox="{country_map().view_box("innlandet")}"' in svg
    assert svg.count("<a href=") == 46
    assert "/kommuner/3401/" in svg
    assert "/kommuner/0301/" not in svg
    assert reverse("municipalities:office-detail", args=["innlandet"]) in html


def test_unknown_map_choices_fall_back(client, directorate_user, db):
    client.force_login(directorate_user)
    response = client.get(reverse("dashboard:map"), {"status": "nonsense", "embete": "nowhere"})
    assert response.status_code == 200
    assert _map(response.content.decode()).count("<a href=") == 356


@pytest.mark.parametrize(
    ("query", "number"),
    [("0301", "0301"), ("oslo", "0301"), ("Guovdageaidnu", "5430"), ("Kaivuono", "5426"), ("Aarborte", "1826")],
)
def test_search_finds_by_number_and_every_name_form(client, directorate_user, query, number):
    client.force_login(directorate_user)
    html = client.get(reverse("dashboard:search"), {"q": query}).content.decode()
    assert f'href="/kommuner/{number}/"' in html


def test_search_without_match_says_so(client, directorate_user, db):
    client.force_login(directorate_user)
    html = client.get(reverse("dashboard:search"), {"q": "Atlantis"}).content.decode()
    assert "0 treff" in html
    assert "Ingen kommuner passer" in html
