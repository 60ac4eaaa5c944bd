import pytest
from django.urls import reverse

from accounts.models import SecurityEvent
from demo.reports import demo_content_create
from municipalities.models import Municipality
from reporting.models import GrantConfirmation, GrantScheme
from tests.factories import record

from .conftest import SPRING_2021


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


def test_the_office_grant_page_explains_failures_and_offers_confirmation_to_its_own_staff(
    scenario, client, staff_a, staff_b
):
    client.force_login(staff_b)  # not Agder's staff: reads, cannot confirm
    page = client.get(reverse("reporting:office-grants", args=["agder"]), {"aar": 2021, "dato": "2021-04-30"})
    html = page.content.decode()
    assert "Planen er vedtatt, men det er ikke registrert at kommunestyret har tatt stilling" in html
    assert "Kommunen deltar ikke lenger og planlegger ikke å delta i noe regionalt nettverk." in html
    assert "Bekreft eller overstyr" not in html
    assert "1 av 25 kommuner foreslås prioritert" in html
    client.force_login(staff_a)
    own = client.get(reverse("reporting:office-grants", args=["oslo-og-viken"]), {"aar": 2021})
    assert "Bekreft eller overstyr" in own.content.decode()


def test_the_directorate_edits_a_scheme(db, client, directorate_user):
    scheme = GrantScheme.objects.get(kap=761, post=79)
    client.force_login(directorate_user)
    url = reverse("reporting:scheme-edit", args=[scheme.pk])
    data = {"year": 2021, "kap": 761, "post": 79, "name": scheme.name + " (rettet)", "priority_rule": "leve-hele-livet"}
    response = client.post(url, data)
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.name.endswith("(rettet)")
    assert scheme.changed_by == directorate_user
    response = client.post(reverse("reporting:scheme-create"), {**data, "year": 2019})
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.content.decode()
    response = client.post(reverse("reporting:scheme-create"), {**data, "year": 2022})
    assert response.status_code == 302
    assert GrantScheme.objects.filter(year=2022).count() == 1
    response = client.post(reverse("reporting:scheme-create"), {**data, "year": 2022})
    assert "Ordningen finnes allerede for dette året." in response.content.decode()


def test_staff_cannot_edit_schemes(db, client, staff_a):
    scheme = GrantScheme.objects.first()
    client.force_login(staff_a)
    response = client.post(reverse("reporting:scheme-edit", args=[scheme.pk]), {"name": "x"})
    assert response.status_code == 403
    assert SecurityEvent.objects.filter(target=f"grant-scheme:{scheme.pk}").exists()


def test_demo_content_confirms_a_few_proposals_once(db, staff_a, staff_b):
    users = {"demo-staff-oslo-og-viken": staff_a, "demo-staff-innlandet": staff_b}
    demo_content_create(users=users)
    demo_content_create(users=users)
    assert GrantConfirmation.objects.filter(municipality__office__slug="oslo-og-viken").count() == 3
    assert GrantConfirmation.objects.filter(municipality__office__slug="innlandet").count() == 3
    assert all(c.reason.startswith("Demo (fiktiv)") for c in GrantConfirmation.objects.all())
