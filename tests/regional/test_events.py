"""Events: the office's list, the national list with filters, the workbook and the iCalendar feed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from regional.models import Event, FeedToken
from regional.services import feed_token_create
from tests.workbook_checks import assert_finished, no_codes

OSLO = timezone.get_default_timezone()


def _event(office, user, title="Konferanse", *, days=10, hdir=False, ministry=False, when=None):
    start = when or (timezone.now() + datetime.timedelta(days=days))
    return Event.objects.create(
        office=office,
        start=start,
        end=start + datetime.timedelta(hours=6),
        title=title,
        target_group="Ledere",
        theme="Mat og måltider",
        hdir_wanted=hdir,
        ministry_wanted=ministry,
        place="Kulturhuset",
        created_by=user,
    )


def _form(**changes):
    data = {
        "title": "Seminar om måltider",
        "start": "2031-05-04T09:00",
        "end": "2031-05-04T15:00",
        "target_group": "Kommunenes ledere",
        "theme": "Mat og måltider",
        "hdir_wanted": "on",
        "place": "https://example.invalid/seminar",
    }
    data.update(changes)
    return data


def test_staff_add_an_event_to_their_own_list(client_a, office_a, staff_a):
    response = client_a.post(reverse("regional:event-create", args=[office_a.slug]), _form())
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.office == office_a
    assert event.created_by == staff_a
    assert event.hdir_wanted
    assert timezone.localtime(event.start).hour == 9


def test_an_event_that_ends_before_it_starts_is_refused(client_a, office_a):
    response = client_a.post(reverse("regional:event-create", args=[office_a.slug]), _form(end="2031-05-03T15:00"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Arrangementet kan ikke slutte før det starter." in body
    assert "Seminar om måltider" in body  # what the user typed is kept
    assert not Event.objects.exists()


def test_staff_cannot_write_another_offices_events(client, office_a, staff_a, staff_b):
    event = _event(office_a, staff_a)
    client.force_login(staff_b)
    edit = reverse("regional:event-edit", args=[office_a.slug, event.pk])
    assert client.post(edit, _form(title="Kapret")).status_code == 403
    assert client.post(reverse("regional:event-delete", args=[office_a.slug, event.pk])).status_code == 403
    assert client.post(reverse("regional:event-create", args=[office_a.slug]), _form()).status_code == 403
    event.refresh_from_db()
    assert event.title == "Konferanse"
    # ... and an office's event is not reachable under another office's address.
    client.force_login(staff_b)
    assert client.get(reverse("regional:event-edit", args=["innlandet", event.pk])).status_code == 404


def test_the_directorate_cannot_write_events(client, office_a, directorate_user):
    client.force_login(directorate_user)
    assert client.post(reverse("regional:event-create", args=[office_a.slug]), _form()).status_code == 403
    assert not Event.objects.exists()


def test_delete_asks_first_then_deletes(client_a, office_a, staff_a):
    event = _event(office_a, staff_a)
    url = reverse("regional:event-delete", args=[office_a.slug, event.pk])
    assert "Slette arrangementet?" in client_a.get(url).content.decode()
    assert Event.objects.exists()
    assert client_a.post(url).status_code == 302
    assert not Event.objects.exists()


def test_national_list_shows_coming_events_of_all_offices_with_filters(
    client, office_a, office_b, staff_a, staff_b, directorate_user
):
    _event(office_a, staff_a, "Gammel konferanse", days=-30)
    _event(office_a, staff_a, "Maikonferanse", when=datetime.datetime(2031, 5, 10, 9, tzinfo=OSLO), hdir=True)
    _event(office_b, staff_b, "Junisamling", when=datetime.datetime(2031, 6, 10, 9, tzinfo=OSLO), ministry=True)
    _event(office_b, staff_b, "Maiwebinar", when=datetime.datetime(2031, 5, 20, 9, tzinfo=OSLO))
    client.force_login(directorate_user)
    url = reverse("regional:event-list")

    def titles(params=""):
        return [e.title for e in client.get(url + params).context["events"]]

    assert titles() == ["Maikonferanse", "Maiwebinar", "Junisamling"]
    assert titles("?maned=2031-05") == ["Maikonferanse", "Maiwebinar"]
    assert titles("?deltakelse=hdir") == ["Maikonferanse"]
    assert titles("?deltakelse=hod") == ["Junisamling"]
    assert titles("?deltakelse=enten") == ["Maikonferanse", "Junisamling"]
    assert titles("?maned=2031-05&deltakelse=enten") == ["Maikonferanse"]
    bad = client.get(url + "?maned=mai")
    assert "Skriv måneden som ÅÅÅÅ-MM" in bad.content.decode()


def test_event_list_query_count_is_constant(client, office_a, staff_a, django_assert_max_num_queries):
    client.force_login(staff_a)
    for count in (1, 5):
        Event.objects.all().delete()
        for i in range(count):
            _event(office_a, staff_a, f"Arrangement {i}", days=i + 1)
        # session, user, office of the user (context), events with offices, and the messages/filter overhead
        with django_assert_max_num_queries(7):
            response = client.get(reverse("regional:event-list"))
        assert len(response.context["events"]) == count


def test_workbook_holds_the_filtered_events_with_safe_cells(client, office_a, staff_a):
    _event(office_a, staff_a, '=HYPERLINK("http://x")', when=datetime.datetime(2031, 5, 10, 9, tzinfo=OSLO))
    _event(office_a, staff_a, "Junisamling", when=datetime.datetime(2031, 6, 10, 9, tzinfo=OSLO))
    client.force_login(staff_a)
    response = client.get(reverse("regional:event-xlsx") + "?maned=2031-05")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = assert_finished(response.content, footer=("Alle embeter",))
    ws = wb["Arrangementer"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("Embete", "Starter", "Slutter", "Tittel")
    assert len(rows) == 2
    assert rows[1][0] == "Oslo og Viken"
    assert rows[1][1] == datetime.datetime(2031, 5, 10, 9, 0)
    assert rows[1][3] == '=HYPERLINK("http://x")'
    assert ws.cell(row=2, column=4).data_type == "s"  # text, never a formula
    assert rows[1][6:8] == ("Nei", "Nei")
    assert ws.cell(row=2, column=2).number_format == "dd.mm.yyyy hh:mm"
    assert [no_codes(sheet) for sheet in wb] == [[], []]
    assert [r[0] for r in wb["Forklaring"].iter_rows(min_row=5, values_only=True)][:2] == ["Embete", "Starter"]


def test_feed_is_parsed_back_with_an_icalendar_library(client, office_a, office_b, staff_a, staff_b):
    _event(office_a, staff_a, "Maikonferanse", when=datetime.datetime(2031, 5, 10, 9, tzinfo=OSLO), hdir=True)
    _event(office_b, staff_b, "Junisamling", when=datetime.datetime(2031, 6, 10, 9, tzinfo=OSLO))
    _event(office_a, staff_a, "Lenge siden", days=-400)
    token = feed_token_create(user=staff_b)
    client.logout()  # a calendar client has no session
    response = client.get(reverse("regional:event-feed", args=[token.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Maikonferanse", "Junisamling"}
    may = events["Maikonferanse"]
    assert may.decoded("dtstart") == datetime.datetime(2031, 5, 10, 9, tzinfo=OSLO)
    assert may.decoded("dtend") == datetime.datetime(2031, 5, 10, 15, tzinfo=OSLO)
    assert str(may["location"]) == "Kulturhuset"
    assert "Deltakelse ønskes fra: Helsedirektoratet" in str(may["description"])
    assert len({str(e["uid"]) for e in events.values()}) == 2


@pytest.mark.parametrize("kind", ["revoked", "unknown", "inactive"])
def test_revoked_or_unknown_feed_token_is_not_found(client, staff_a, kind):
    token = feed_token_create(user=staff_a)
    if kind == "revoked":
        token.revoked_at = timezone.now()
        token.save()
        value = token.token
    elif kind == "inactive":
        staff_a.is_active = False
        staff_a.save()
        value = token.token
    else:
        value = "ukjent-" + token.token[:10]
    response = client.get(reverse("regional:event-feed", args=[value]))
    assert response.status_code == 404
    assert "Kalenderlenken er ukjent eller trukket tilbake" in response.content.decode()


def test_user_creates_and_revokes_a_feed_link_after_confirming(client, staff_a, staff_b):
    client.force_login(staff_a)
    url = reverse("regional:feed-tokens")
    client.post(url, {"action": "create"})
    token = FeedToken.objects.get(user=staff_a)
    assert len(token.token) >= 40
    page = client.get(url).content.decode()
    assert token.token in page
    confirm = client.post(url, {"action": "revoke", "token": token.pk})
    assert "Trekke tilbake kalenderlenken?" in confirm.content.decode()
    token.refresh_from_db()
    assert token.is_active
    client.post(url, {"action": "revoke", "token": token.pk, "confirm": "1"})
    token.refresh_from_db()
    assert not token.is_active
    assert client.get(reverse("regional:event-feed", args=[token.token])).status_code == 404
    # Another user's link can be neither seen nor revoked.
    other = feed_token_create(user=staff_b)
    assert other.token not in client.get(url).content.decode()
    response = client.post(url, {"action": "revoke", "token": other.pk, "confirm": "1"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.is_active
