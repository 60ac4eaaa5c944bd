"""Prize nominations: one municipality per county and year, from that county."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from municipalities.models import County
from regional.models import Nomination
from tests.factories import municipality


def _nominate(office, user, county="03", number="0301", year=2021):
    return Nomination.objects.create(
        office=office,
        year=year,
        county=County.objects.get(number=county),
        municipality=municipality(number),
        justification="Godt arbeid",
        created_by=user,
    )


def _data(county="30", number="3001", year="2021"):
    return {
        "year": year,
        "county": County.objects.get(number=county).pk,
        "municipality": municipality(number).pk,
        "justification": "Kommunen har gått fra plan til handling.",
    }


def test_the_database_refuses_a_second_nomination_for_a_county_and_year(office_a, staff_a):
    _nominate(office_a, staff_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        _nominate(office_a, staff_a, number="0301")
    _nominate(office_a, staff_a, year=2022)  # another year is fine
    assert Nomination.objects.count() == 2


def test_oslo_og_viken_nominates_one_for_oslo_and_one_for_viken(client_a, office_a):
    url = reverse("regional:nomination-create", args=[office_a.slug])
    assert client_a.post(url, _data(county="03", number="0301")).status_code == 302
    assert client_a.post(url, _data(county="30", number="3001")).status_code == 302
    assert sorted(Nomination.objects.values_list("county__number", flat=True)) == ["03", "30"]


def test_the_form_refuses_a_second_nomination_in_norwegian(client_a, office_a, staff_a):
    _nominate(office_a, staff_a, county="30", number="3001")
    response = client_a.post(reverse("regional:nomination-create", args=[office_a.slug]), _data(number="3003"))
    assert response.status_code == 200
    assert "Fylket har allerede en nominert kommune dette året." in response.content.decode()
    assert Nomination.objects.count() == 1


def test_the_municipality_must_lie_in_the_county(client_a, office_a):
    response = client_a.post(reverse("regional:nomination-create", args=[office_a.slug]), _data(number="0301"))
    assert response.status_code == 200
    assert "Kommunen ligger ikke i Viken." in response.content.decode()
    assert not Nomination.objects.exists()


def test_an_office_cannot_nominate_for_another_offices_county(client_a, office_a):
    response = client_a.post(
        reverse("regional:nomination-create", args=[office_a.slug]), _data(county="34", number="3401")
    )
    assert response.status_code == 200
    assert not Nomination.objects.exists()


def test_other_office_and_directorate_cannot_nominate(client, office_a, staff_b, directorate_user):
    for user in (staff_b, directorate_user):
        client.force_login(user)
        response = client.post(reverse("regional:nomination-create", args=[office_a.slug]), _data())
        assert response.status_code == 403
    assert not Nomination.objects.exists()


def test_directorate_sees_the_years_nominations_and_the_counties_without_one(
    client, office_a, office_b, staff_a, directorate_user
):
    _nominate(office_a, staff_a)
    _nominate(office_a, staff_a, county="30", number="3001", year=2020)
    client.force_login(directorate_user)
    response = client.get(reverse("regional:nomination-overview") + "?ar=2021")
    assert [n.municipality.number for n in response.context["nominations"]] == ["0301"]
    missing = [c.number for c in response.context["missing"]]
    assert "03" not in missing
    assert "30" in missing
    assert "34" in missing
    assert len(missing) == 10


def _municipality_options(html):
    select = html[html.index('name="municipality"') :]
    select = select[: select.index("</select>")]
    return re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", select)


def test_the_municipality_list_holds_only_the_chosen_countys_municipalities(client_a, office_a):
    url = reverse("regional:nomination-create", args=[office_a.slug])
    oslo = County.objects.get(number="03")
    assert _municipality_options(client_a.get(url, {"county": oslo.pk}).content.decode()) == ["Oslo (0301)"]
    viken = _municipality_options(client_a.get(url, {"county": County.objects.get(number="30").pk}).content.decode())
    assert len(viken) == 51
    assert "Oslo (0301)" not in viken
    # Before a county is chosen: the office's 52, and a word on how to narrow them.
    first = client_a.get(url).content.decode()
    assert len(_municipality_options(first)) == 52
    assert "Velg fylket først" in first
    # The county list asks for the municipality field again when it changes (htmx, same address).
    assert 'hx-get="' + url + '"' in first
    assert 'hx-select="#div_id_municipality"' in first


def test_a_county_not_of_the_office_narrows_nothing(client_a, office_a):
    url = reverse("regional:nomination-create", args=[office_a.slug])
    innlandet = County.objects.get(number="34").pk
    for hint in (innlandet, "abc", "-1", "9" * 30):
        assert len(_municipality_options(client_a.get(url, {"county": hint}).content.decode())) == 52


def test_a_re_rendered_form_keeps_the_countys_list(client_a, office_a):
    response = client_a.post(reverse("regional:nomination-create", args=[office_a.slug]), _data(number="0301"))
    html = response.content.decode()
    assert "Kommunen ligger ikke i Viken." in html
    assert "Oslo (0301)" not in _municipality_options(html)
