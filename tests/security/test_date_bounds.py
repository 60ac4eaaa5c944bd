"""B-10: every date and time the portal accepts lies between 1.1.2018 and 31.12.2100 (target dates 2018–2035),
on every form and command; and a page never fails because of a value stored out of range before.

The outside test saved an event starting 0001-01-01T00:30 (a moment in 1 BC in UTC): afterwards the office's
event list, the event's edit and delete pages, the admin list and `export_office` all failed with 500.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from municipalities.facts import GoodExample, StatusFact
from regional.models import Event, StatusMeeting
from tests.factories import municipality

EVENT = {"title": "Fagdag", "target_group": "Ledere", "theme": "Mat", "place": "Oslo"}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("0001-01-01T00:30", "0001-01-01T02:30"),
        ("2017-12-31T23:59", "2018-01-01T10:00"),
        ("2101-01-01T00:00", "2101-01-01T02:00"),
        ("9999-12-31T23:59", "9999-12-31T23:59"),
    ],
)
def test_b10_the_event_form_refuses_times_outside_the_bounds(client_a, office_a, start, end):
    response = client_a.post(
        reverse("regional:event-create", args=[office_a.slug]), {**EVENT, "start": start, "end": end}
    )
    assert response.status_code == 200
    assert "Datoen må ligge mellom 1.1.2018 og 31.12.2100." in response.content.decode()
    assert not Event.objects.exists()


def test_b10_the_event_form_accepts_the_bounds_themselves_as_yyyy_mm_ddthh_mm(client_a, office_a):
    url = reverse("regional:event-create", args=[office_a.slug])
    page = client_a.get(url).content.decode()
    assert 'name="start"' in page
    assert 'type="datetime-local"' in page
    assert 'min="2018-01-01T00:00"' in page
    response = client_a.post(url, {**EVENT, "start": "2018-01-01T00:00", "end": "2100-12-31T23:59"})
    assert response.status_code == 302
    event = Event.objects.get()
    assert timezone.localtime(event.start) == timezone.make_aware(datetime.datetime(2018, 1, 1, 0, 0))
    assert timezone.localtime(event.end) == timezone.make_aware(datetime.datetime(2100, 12, 31, 23, 59))


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("regional:meeting-create", {"date": "0001-01-01", "participants": "Hdir", "minutes": "x"}),
        (
            "reporting:period-create",
            {"slug": "spring-2031", "name": "Vår", "reference_date": "9999-12-31", "deadline": "2031-05-01"},
        ),
    ],
)
def test_b10_directorate_forms_refuse_dates_outside_the_bounds(client, directorate_user, office_a, url_name, data):
    client.force_login(directorate_user)
    kwargs = {"slug": office_a.slug} if url_name.startswith("regional") else {}
    response = client.post(
        reverse(url_name, kwargs=kwargs), {**data, "oppf-TOTAL_FORMS": "0", "oppf-INITIAL_FORMS": "0"}
    )
    assert response.status_code == 200
    assert "Datoen må ligge mellom 1.1.2018 og 31.12.2100." in response.content.decode()


@pytest.mark.parametrize("value", ["0001-01-01", "2017-12-31", "2101-01-01", "9999-12-31", "2021-1-1", "2021-0²-01"])
def test_b10_commands_refuse_dates_outside_the_bounds(run, value):
    code, out, err = run("export_status", "--as-of", value)
    assert code == 2
    assert out == ""
    assert err.startswith("error: --as-of must ")


def test_b10_query_dates_outside_the_bounds_are_a_message_not_a_500(client_a, office_a):
    for url in (
        reverse("municipalities:office-detail", args=[office_a.slug]) + "?as_of=0001-01-01",
        reverse("reporting:office-figures", args=[office_a.slug]) + "?dato=9999-12-31",
        reverse("dashboard:overview") + "?dato=0001-01-01",
        reverse("regional:event-list") + "?maned=2101-01",
    ):
        response = client_a.get(url)
        assert response.status_code == 200, url
    assert (
        client_a.get(
            reverse("municipalities:office-status-xlsx", args=[office_a.slug]) + "?as_of=0001-01-01"
        ).status_code
        == 400
    )


# --- values stored out of range before the bounds existed ------------------------------------------------------


@pytest.fixture
def stored_out_of_range(staff_a, directorate_user, office_a):
    """An event in year 1 (1 BC in UTC), a meeting and an example dated year 1 and 9999, a target date in 9999:
    written past every form, as the outside test's rows were."""
    start = timezone.now() + datetime.timedelta(days=3)
    event = Event.objects.create(office=office_a, start=start, end=start, created_by=staff_a, **EVENT)
    with connection.cursor() as cursor:
        cursor.execute(
            'UPDATE regional_event SET start = %s::timestamptz, "end" = %s::timestamptz WHERE id = %s',
            ["0001-12-31 23:47:00+00 BC", "0001-01-01 01:47:00+00", event.pk],
        )
    StatusMeeting.objects.create(
        office=office_a, date=datetime.date(1, 1, 1), created_by=directorate_user, updated_by=directorate_user
    )
    GoodExample.objects.create(
        municipality=municipality("0301"),
        title="Eldgammelt",
        text="x",
        date=datetime.date(1, 1, 1),
        recorded_by=staff_a,
    )
    GoodExample.objects.create(
        municipality=municipality("0301"),
        title="Langt fram",
        text="x",
        date=datetime.date(9999, 12, 31),
        recorded_by=staff_a,
    )
    StatusFact(
        municipality=municipality("0301"),
        fact="decision",
        value="process_described",
        effective_date=datetime.date(2021, 1, 1),
        target_date=datetime.date(9999, 12, 31),
        recorded_by=staff_a,
        source="test",
    ).save()
    return event


def test_b10_pages_downloads_and_commands_show_values_stored_out_of_range(
    stored_out_of_range, staff_a, admin_user, office_a, run
):
    event = stored_out_of_range
    staff = Client(raise_request_exception=False)
    staff.force_login(staff_a)
    pages = [
        reverse("regional:office-events", args=[office_a.slug]),
        reverse("regional:event-edit", args=[office_a.slug, event.pk]),
        reverse("regional:event-delete", args=[office_a.slug, event.pk]),
        reverse("regional:event-list"),
        reverse("regional:event-xlsx"),
        reverse("regional:office-meetings", args=[office_a.slug]),
        reverse("regional:library"),
        reverse("municipalities:municipality-detail", args=["0301"]),
        reverse("municipalities:office-detail", args=[office_a.slug]),
        reverse("municipalities:office-status-xlsx", args=[office_a.slug]),
        reverse("sheets:sheet-download", args=[office_a.slug]),
    ]
    for url in pages:
        assert staff.get(url).status_code == 200, url
    admin = Client(raise_request_exception=False)
    admin.force_login(admin_user)
    for url in (reverse("admin:regional_event_changelist"), reverse("admin:regional_event_change", args=[event.pk])):
        assert admin.get(url).status_code == 200, url
    code, out, err = run("export_office", "--office", office_a.slug)
    assert code == 0, err
    assert "Fagdag" in json.dumps(json.loads(out), ensure_ascii=False)
    code, out, err = run("export_status", "--as-of", timezone.localdate().isoformat(), "--office", office_a.slug)
    assert code == 0, err
    # The event can be deleted from the portal: no database fix is needed.
    assert staff.post(reverse("regional:event-delete", args=[office_a.slug, event.pk])).status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()
