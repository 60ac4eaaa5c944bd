"""The example library: good examples of every office, searchable and filterable, always escaped."""

import datetime
import re

from django.urls import reverse

from municipalities.models import GoodExample
from tests.factories import municipality


def _example(number, title, code="", text="Beskrivelse", user=None):
    return GoodExample.objects.create(
        municipality=municipality(number),
        title=title,
        text=text,
        code=code,
        date=datetime.date(2021, 4, 1),
        recorded_by=user,
    )


def _titles(client, params=""):
    response = client.get(reverse("regional:library") + params)
    assert response.status_code == 200
    return sorted(e.title for e in response.context["page"])


def test_search_by_solution_and_by_focus_area(client, staff_a, staff_b):
    _example("0301", "Måltidsvert", code="det-gode-maltidet", user=staff_a)
    _example("3401", "Matomsorg", code="mat", user=staff_b)
    _example("3001", "Seniorkafé", code="generasjonsmoter", user=staff_a)
    client.force_login(staff_b)
    assert _titles(client, "?losning=det-gode-maltidet") == ["Måltidsvert"]
    # A focus-area filter also finds the examples of its solutions.
    assert _titles(client, "?omrade=mat") == ["Matomsorg", "Måltidsvert"]
    assert _titles(client) == ["Matomsorg", "Måltidsvert", "Seniorkafé"]


def test_search_by_text_is_case_insensitive_in_title_and_text(client, staff_a):
    _example("0301", "Pårørendeskole", text="Kveldskurs for pårørende.", user=staff_a)
    _example("3001", "Seniorkafé", text="Møteplass i BIBLIOTEKET hver tirsdag.", user=staff_a)
    client.force_login(staff_a)
    assert _titles(client, "?q=biblioteket") == ["Seniorkafé"]
    assert _titles(client, "?q=PÅRØRENDESKOLE") == ["Pårørendeskole"]
    assert _titles(client, "?q=kveldskurs+pårørende") == ["Pårørendeskole"]
    assert _titles(client, "?q=ingenting") == []


def test_filter_by_county_and_municipality_size(client, staff_a):
    oslo = municipality("0301")
    _example("0301", "I Oslo", user=staff_a)
    _example("3401", "I Innlandet", user=staff_a)
    client.force_login(staff_a)
    assert _titles(client, "?fylke=34") == ["I Innlandet"]
    assert oslo.population >= 50000
    assert _titles(client, "?storrelse=50000-og-over") == ["I Oslo"]


def test_each_example_shows_and_links_its_municipality_and_office(client, staff_b, staff_a):
    example = _example("0301", "Seniorkafé", code="generasjonsmoter", user=staff_a)
    client.force_login(staff_b)
    listing = client.get(reverse("regional:library")).content.decode()
    assert reverse("municipalities:municipality-detail", args=["0301"]) in listing
    assert "Oslo og Viken" in listing
    assert "Generasjonsmøter" in listing
    detail = client.get(reverse("regional:example-detail", args=[example.pk])).content.decode()
    assert reverse("municipalities:municipality-detail", args=["0301"]) in detail
    assert "Statsforvalteren i Oslo og Viken" in detail


def test_text_is_always_escaped(client, staff_a):
    example = _example("0301", "<script>alert(1)</script>", text='"><img src=x onerror=alert(2)>', user=staff_a)
    client.force_login(staff_a)
    for url in (reverse("regional:library"), reverse("regional:example-detail", args=[example.pk])):
        body = client.get(url).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert "<script>alert(1)" not in body
        assert "<img src=x" not in body


def test_pages_of_twenty_keep_the_filter(client, staff_a):
    for i in range(25):
        _example("0301", f"Eksempel {i:02d}", code="mat", user=staff_a)
    client.force_login(staff_a)
    first = client.get(reverse("regional:library") + "?omrade=mat")
    assert len(first.context["page"]) == 20
    assert "omrade=mat&amp;side=2" in first.content.decode()
    second = client.get(reverse("regional:library") + "?omrade=mat&side=2")
    assert len(second.context["page"]) == 5


def test_library_query_count_is_constant(client, staff_a, django_assert_max_num_queries):
    client.force_login(staff_a)
    for count in (1, 6):
        GoodExample.objects.all().delete()
        for i in range(count):
            _example(["0301", "3401", "3001"][i % 3], f"Eksempel {i}", code="mat", user=staff_a)
        # session, user, filter choices (3), solution codes, count, names (2), examples, user office, session save
        with django_assert_max_num_queries(14):
            response = client.get(reverse("regional:library") + "?omrade=mat&q=eksempel")
        assert len(response.context["page"]) == count


def _place_line(client, title):
    html = client.get(reverse("regional:library")).content.decode()
    item = html[html.index(f">{title}</a>") :]
    line = item[item.index('<p class="small mb-1">') : item.index("</p>")]
    return " ".join(re.sub(r"<[^>]+>", " ", line).split())


def test_the_place_names_the_county_once_when_it_is_the_office_region(client, staff_a, staff_b):
    _example("3433", "Turgruppe", user=staff_b)  # Skjåk, Innlandet county, office Innlandet
    _example("3001", "Seniorkafé", user=staff_a)  # Halden, Viken county, office Oslo og Viken
    client.force_login(staff_a)
    assert _place_line(client, "Turgruppe") == "Skjåk · Innlandet · 1. april 2021"
    assert _place_line(client, "Seniorkafé") == "Halden · Viken · Oslo og Viken · 1. april 2021"
