from django.urls import reverse

from accounts.models import SecurityEvent
from demo.reports import demo_content_create
from reporting.grants.models import GrantConfirmation, GrantScheme


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


def test_a_confirmation_shows_when_it_was_made_in_oslo_time(db, client, staff_a, directorate_user):
    """Recorded 22.30 UTC on 1 June is 00.30 on 2 June in Oslo: the national table says so (it once wrote UTC)."""
    import datetime

    municipality = staff_a.office.municipalities.order_by("number").first()
    GrantConfirmation.objects.create(
        municipality=municipality,
        year=2021,
        confirmed=True,
        reason="Kommunen har vedtatt planen.",
        as_of=datetime.date(2021, 6, 1),
        criterion_1=True,
        criterion_2=True,
        criterion_3=True,
        criterion_4=True,
        recorded_by=staff_a,
        recorded_at=datetime.datetime(2021, 6, 1, 22, 30, tzinfo=datetime.UTC),
    )
    client.force_login(directorate_user)
    html = client.get(reverse("reporting:grant-national"), {"aar": 2021, "dato": "2021-12-31"}).content.decode()
    assert "2.6.2021 00:30" in html
    assert "1.6.2021 22:30" not in html
