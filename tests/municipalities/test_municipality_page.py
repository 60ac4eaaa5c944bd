"""The municipality page: current status, the record form (and its server-side checks), retraction, the
timeline and good examples."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import SecurityEvent
from municipalities.facts import FactRetraction, GoodExample, StatusFact
from municipalities.selectors import status_as_of
from networks.models import Network
from tests.factories import municipality, record

PAGE = reverse("municipalities:municipality-detail", args=["0301"])
CREATE = reverse("municipalities:fact-create", args=["0301"])


def _post(client, number="0301", **fields):
    data = {
        "fact": "phase",
        "value": "3",
        "effective_date": "2021-04-01",
        "status_version": str(municipality(number).status_version),
        "loaded_at": timezone.now().isoformat(),
    }
    data.update(fields)
    return client.post(reverse("municipalities:fact-create", args=[number]), data)


def test_page_shows_current_status_with_norwegian_labels(client_a, staff_a):
    year = timezone.localdate().year
    record("0301", "decision", "process_described", "2021-02-01", user=staff_a, target_date=datetime.date(2021, 9, 1))
    record("0301", "priority", "yes", "2021-02-01", user=staff_a, detail="mat")
    record("0301", "dialogue_meeting", "planned", f"{year}-01-02", user=staff_a, detail=f"{year}-12-01")
    html = client_a.get(PAGE).content.decode()
    for label in (
        "Politisk vedtak",
        "Tatt stilling til innsatsområder og løsninger",
        "Medvirkning fra innbyggere",
        "Forankret i kommuneplanens samfunnsdel",
        "Forankret i handlingsplan/økonomiplan",
        "Forankret i andre planer",
        "Fase",
    ):
        assert label in html
    assert "Prosess beskrevet" in html
    assert "1.9.2021" in html  # the target date
    assert "Ikke vurdert" in html  # no phase recorded
    assert "Mat og måltider" in html  # the priority by its catalogue name
    assert f"{year}-12-01: Planlagt" in html  # this year's meeting


def test_form_only_for_own_office_staff(client, staff_a, staff_b, directorate_user):
    client.force_login(staff_a)
    response = client.get(PAGE)
    assert response.context["form"] is not None
    assert response.context["form"]["effective_date"].value() == timezone.localdate()
    assert 'name="status_version"' in response.content.decode()
    for user in (staff_b, directorate_user):
        client.force_login(user)
        response = client.get(PAGE)
        assert response.status_code == 200
        assert response.context["form"] is None
        assert "Registrer en endring" not in response.content.decode()
        assert "Trekk tilbake" not in response.content.decode()


def test_help_texts_quote_the_criteria(client_a):
    html = client_a.get(PAGE).content.decode()
    assert "Kommunen viser hvordan reformen er integrert i kommuneplanens samfunnsdel" in html
    assert "Kommunen deltar i, eller planlegger å delta i, regionalt nettverk for Leve hele livet." in html


def test_recording_a_phase_change_shows_in_timeline(client_a, staff_a):
    response = _post(client_a, value="3", effective_date="2021-04-01", note="Vedtatt i kommunestyret")
    assert response.status_code == 302
    assert response["Location"].endswith("#meldinger")
    fact = StatusFact.objects.get(municipality__number="0301")
    assert (fact.fact, fact.value, fact.recorded_by, fact.source) == ("phase", "3", staff_a, "form")
    assert municipality("0301").status_version == 1
    page = client_a.get(PAGE)
    html = page.content.decode()
    assert "Registrert: Fase – Fase 3 – gjennomføring." in html
    assert f"Registrert av {staff_a.get_full_name()}" in html
    assert "Merknad: Vedtatt i kommunestyret" in html


def test_extra_post_fields_are_ignored(client_a, staff_a, staff_b, office_b):
    response = _post(
        client_a, office=str(office_b.pk), municipality=str(municipality("3401").pk), recorded_by=str(staff_b.pk)
    )
    assert response.status_code == 302
    fact = StatusFact.objects.get()
    assert fact.municipality.number == "0301"
    assert fact.recorded_by == staff_a


def test_decision_meeting_network_and_priority(client_a, staff_a, staff_b, office_a, office_b):
    own = Network.objects.create(office=office_a, slug="sor", name="Nettverk Sør", created_by=staff_a)
    other = Network.objects.create(office=office_b, slug="mjosa", name="Mjøsnettverket", created_by=staff_b)
    page = client_a.get(PAGE).content.decode()
    assert ">Nettverk Sør<" in page
    assert ">Innlandet – Mjøsnettverket<" in page
    assert (
        _post(
            client_a,
            fact="decision",
            value="plan_adopted",
            case_number="21/77",
            link="https://example.invalid/vedtak",
        ).status_code
        == 302
    )
    assert (
        _post(
            client_a,
            fact="dialogue_meeting",
            value="held",
            meeting_date="2021-03-03",
            meeting_format="group",
            participants="Ordfører, kommunalsjef",
        ).status_code
        == 302
    )
    assert _post(client_a, fact="network", value="participating", network="sor").status_code == 302
    assert _post(client_a, fact="network", value="planned", network="innlandet/mjosa").status_code == 302
    assert _post(client_a, fact="priority", value="yes", code="maltidstider").status_code == 302
    status = status_as_of([municipality("0301")], as_of=timezone.localdate())[municipality("0301").pk]
    assert status.facts["decision"].detail == "21/77"
    assert status.facts["decision"].link == "https://example.invalid/vedtak"
    meeting = status.meetings["2021-03-03"]
    assert (meeting.value, meeting.meeting_format, meeting.participants) == ("held", "group", "Ordfører, kommunalsjef")
    assert {k: f.network for k, f in status.networks.items()} == {"oslo-og-viken/sor": own, "innlandet/mjosa": other}
    assert status.priority_codes() == ["maltidstider"]


BAD = [
    ({"fact": "weather"}, "Ukjent opplysning"),
    ({"value": "4"}, "Ukjent verdi"),
    ({"value": "anchored"}, "er ikke en gyldig verdi for Fase"),
    ({"effective_date": "2099-01-01"}, "Datoen kan ikke være senere enn i dag."),
    ({"effective_date": "2017-12-31"}, "Datoen kan ikke være før 1. januar 2018."),
    ({"effective_date": "2021-02-30"}, "gyldig dato"),
    ({"note": "x" * 2001}, "2000 eller færre tegn"),
    ({"fact": "priority", "value": "yes", "code": "no-such-code"}, "Ukjent innsatsområde eller løsning"),
    ({"fact": "network", "value": "planned", "network": "mjosa"}, "er et nettverk i et annet embete"),
    ({"fact": "network", "value": "planned", "network": "nowhere"}, "Ukjent nettverk"),
    ({"fact": "decision", "value": "process_described"}, "Oppgi når planen skal vedtas (måldato)"),
    ({"fact": "dialogue_meeting", "value": "held"}, "Oppgi møtedatoen."),
    ({"fact": "samfunnsdel", "value": "planned", "target_date": "2099-01-01"}, "mellom 2018 og 2035"),
    ({"fact": "decision", "value": "plan_adopted", "link": "javascript:alert(1)"}, "gyldig"),
]


@pytest.mark.parametrize(("fields", "message"), BAD)
def test_bad_input_is_rejected_with_input_kept(client_a, staff_b, office_b, fields, message):
    Network.objects.create(office=office_b, slug="mjosa", name="Mjøsnettverket", created_by=staff_b)
    response = _post(client_a, participants="Kari Nordmann", **fields)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Endringen er ikke lagret" in html
    assert 'value="Kari Nordmann"' in html  # what the user typed is kept
    assert not StatusFact.objects.exists()
    assert municipality("0301").status_version == 0


def test_post_for_another_offices_municipality_is_403_and_logged(client, staff_b):
    client.force_login(staff_b)
    response = _post(client)
    assert response.status_code == 403
    assert not StatusFact.objects.exists()
    event = SecurityEvent.objects.get()
    assert (event.username, event.method, event.target) == ("staff-b", "POST", "municipality:0301:fact-create")


def test_directorate_cannot_record(client, directorate_user):
    client.force_login(directorate_user)
    assert _post(client).status_code == 403
    assert not StatusFact.objects.exists()


def test_retract_with_confirmation_and_reason(client_a, staff_a):
    fact = record("0301", "phase", "3", "2021-01-01", user=staff_a)
    url = reverse("municipalities:fact-retract", args=["0301", fact.pk])
    confirm = client_a.get(url)
    assert confirm.status_code == 200
    assert "Du er i ferd med å trekke tilbake" in confirm.content.decode()
    assert not FactRetraction.objects.exists()  # GET only asks
    version = str(municipality("0301").status_version)
    empty = client_a.post(url, {"reason": "  ", "status_version": version})
    assert empty.status_code == 200
    assert "Feltet må fylles ut." in empty.content.decode()
    assert not FactRetraction.objects.exists()
    done = client_a.post(url, {"reason": "Gjaldt Oslo bydel", "status_version": version})
    assert done.status_code == 302
    retraction = FactRetraction.objects.get()
    assert (retraction.fact, retraction.recorded_by) == (fact, staff_a)
    html = client_a.get(PAGE).content.decode()
    assert "trukket tilbake" in html
    assert "Begrunnelse: Gjaldt Oslo bydel" in html
    assert "Ikke vurdert" in html  # the retracted phase no longer counts
    again = client_a.post(url, {"reason": "igjen", "status_version": str(municipality("0301").status_version)})
    assert again.status_code == 302
    assert FactRetraction.objects.count() == 1


def test_retract_by_other_office_is_403(client, staff_a, staff_b):
    fact = record("0301", "phase", "3", "2021-01-01", user=staff_a)
    client.force_login(staff_b)
    url = reverse("municipalities:fact-retract", args=["0301", fact.pk])
    assert client.post(url, {"reason": "x", "status_version": "1"}).status_code == 403
    assert not FactRetraction.objects.exists()


def test_retract_fact_of_another_municipality_is_404(client_a, staff_a):
    fact = record("3001", "phase", "3", "2021-01-01", user=staff_a)
    assert client_a.get(reverse("municipalities:fact-retract", args=["0301", fact.pk])).status_code == 404


def test_timeline_newest_first_with_recorder(client_a, staff_a, staff_a2):
    record("0301", "phase", "2", "2021-01-01", user=staff_a)
    record("0301", "phase", "3", "2021-06-01", user=staff_a2)
    timeline = client_a.get(PAGE).context["timeline"]
    assert [(f.value, f.recorded_by) for f in timeline] == [("3", staff_a2), ("2", staff_a)]


def test_good_example_create_and_list(client_a, staff_a, client, staff_b):
    url = reverse("municipalities:example-create", args=["0301"])
    bad = client_a.post(url, {"title": "", "text": "x", "date": "2099-01-01", "code": "nope"})
    assert bad.status_code == 200
    assert "Ukjent innsatsområde eller løsning" in bad.content.decode()
    assert not GoodExample.objects.exists()
    ok = client_a.post(
        url, {"title": "Måltidsvenner", "text": "Frivillige spiser med eldre.", "date": "2021-05-01", "code": "mat"}
    )
    assert ok.status_code == 302
    example = GoodExample.objects.get()
    assert (example.recorded_by, example.municipality.number) == (staff_a, "0301")
    html = client_a.get(PAGE).content.decode()
    assert "Måltidsvenner" in html
    assert "Mat og måltider" in html


def test_municipality_page_query_count_is_constant(client_a, staff_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        client_a.get(PAGE)
    for day in range(1, 20):
        record("0301", "phase", "2" if day % 2 else "3", f"2021-01-{day:02d}", user=staff_a)
    with django_assert_max_num_queries(14):
        client_a.get(PAGE)


def test_the_target_date_is_explained_in_plain_words(client_a):
    html = client_a.get(PAGE).content.decode()
    assert "Politisk vedtak: når kommunen skal vedta planen (påkrevd ved «Prosess beskrevet»)." in html
    assert "Velger du «Prosess beskrevet», oppgi som måldato når kommunen skal vedta planen." in html
    assert "planen etter planen" not in html
    assert "Ved beskrevet prosess: oppgi når planen skal vedtas" not in html
