"""Monthly status meetings: the directorate writes the minutes; the office reads them."""

import datetime

from django.urls import reverse

from regional.models import FollowUp, PlanVersion, StatusMeeting


def _data(**changes):
    data = {
        "date": "2021-04-14",
        "participants": "Hdir: Hilde. Embetet: Kari.",
        "minutes": "Gjennomgang av planarbeidet.",
        "oppf-TOTAL_FORMS": "2",
        "oppf-INITIAL_FORMS": "0",
        "oppf-MIN_NUM_FORMS": "0",
        "oppf-MAX_NUM_FORMS": "50",
        "oppf-0-text": "Sende revidert plan",
        "oppf-1-text": "",
    }
    data.update(changes)
    return data


def test_directorate_writes_minutes_with_follow_ups_and_office_reads_them(client, office_a, directorate_user, staff_a):
    client.force_login(directorate_user)
    response = client.post(reverse("regional:meeting-create", args=[office_a.slug]), _data())
    assert response.status_code == 302
    meeting = StatusMeeting.objects.get()
    assert meeting.office == office_a
    assert meeting.created_by == directorate_user
    assert meeting.date == datetime.date(2021, 4, 14)
    follow_up = FollowUp.objects.get()
    assert follow_up.text == "Sende revidert plan"
    assert not follow_up.done

    edit = _data(
        **{
            "oppf-TOTAL_FORMS": "1",
            "oppf-INITIAL_FORMS": "1",
            "oppf-0-id": str(follow_up.pk),
            "oppf-0-done": "on",
            "minutes": "Oppdatert referat.",
        }
    )
    assert client.post(reverse("regional:meeting-edit", args=[office_a.slug, meeting.pk]), edit).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done

    client.force_login(staff_a)
    page = client.get(reverse("regional:meeting-detail", args=[office_a.slug, meeting.pk])).content.decode()
    assert "Oppdatert referat." in page
    assert "Sende revidert plan" in page
    assert "Utført" in page
    assert "Endre referat" not in page


def test_staff_cannot_write_minutes(client, office_a, staff_a, directorate_user):
    meeting = StatusMeeting.objects.create(
        office=office_a,
        date=datetime.date(2021, 3, 1),
        minutes="Opprinnelig",
        created_by=directorate_user,
        updated_by=directorate_user,
    )
    client.force_login(staff_a)
    assert client.post(reverse("regional:meeting-create", args=[office_a.slug]), _data()).status_code == 403
    response = client.post(reverse("regional:meeting-edit", args=[office_a.slug, meeting.pk]), _data())
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.minutes == "Opprinnelig"


def test_directorate_cannot_write_plans(client, office_a, directorate_user):
    client.force_login(directorate_user)
    response = client.post(reverse("regional:plan-edit", args=[office_a.slug]), {"roles": "Fra Hdir"})
    assert response.status_code == 403
    assert not PlanVersion.objects.exists()


def test_a_bad_date_is_refused_and_nothing_is_saved(client, office_a, directorate_user):
    client.force_login(directorate_user)
    response = client.post(reverse("regional:meeting-create", args=[office_a.slug]), _data(date="14.14.2021"))
    assert response.status_code == 200
    assert "Oppgi en gyldig dato" in response.content.decode() or "gyldig dato" in response.content.decode()
    assert not StatusMeeting.objects.exists()
    assert not FollowUp.objects.exists()
