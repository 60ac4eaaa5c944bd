"""python manage.py export_office --office SLUG: the office's records as JSON in the documented shape."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from municipalities.models import County, GoodExample
from networks.models import Network
from regional.models import Event, FollowUp, Nomination, StatusMeeting
from regional.sections import SECTION_KEYS
from regional.services import plan_version_create, plan_version_publish
from tests.factories import municipality


def _export(capsys, slug):
    call_command("export_office", "--office", slug)
    return json.loads(capsys.readouterr().out)


def test_export_without_records_has_null_plan_and_empty_lists(db, capsys):
    assert _export(capsys, "agder") == {
        "plan": None,
        "networks": [],
        "events": [],
        "nominations": [],
        "meetings": [],
        "examples": [],
    }


def test_export_shape(capsys, office_a, office_b, staff_a, staff_b, directorate_user):
    first = plan_version_create(office=office_a, sections={"roles": "Roller v1"}, user=staff_a)
    plan_version_publish(version=first, user=staff_a)
    plan_version_create(office=office_a, sections={"roles": "Utkast v2"}, user=staff_a)  # a draft: not exported
    Network.objects.create(
        office=office_a, slug="ernaering", name="Ernæring", operator="USHT", status="new", created_by=staff_a
    )
    oslo = timezone.get_default_timezone()
    for title, day in (("Senere", 20), ("Tidligere", 10)):
        Event.objects.create(
            office=office_a,
            start=datetime.datetime(2031, 5, day, 9, tzinfo=oslo),
            end=datetime.datetime(2031, 5, day, 15, tzinfo=oslo),
            title=title,
            target_group="Ledere",
            theme="Mat",
            hdir_wanted=True,
            place="Oslo",
            created_by=staff_a,
        )
    Event.objects.create(
        office=office_b,
        start=timezone.now(),
        end=timezone.now(),
        title="Innlandet",
        target_group="-",
        theme="-",
        place="-",
        created_by=staff_b,
    )
    Nomination.objects.create(
        office=office_a,
        year=2021,
        county=County.objects.get(number="30"),
        municipality=municipality("3001"),
        justification="Begrunnelse",
        created_by=staff_a,
    )
    meeting = StatusMeeting.objects.create(
        office=office_a,
        date=datetime.date(2021, 3, 10),
        participants="Hdir",
        minutes="Referat",
        created_by=directorate_user,
        updated_by=directorate_user,
    )
    FollowUp.objects.create(meeting=meeting, text="Sende plan", done=True)
    GoodExample.objects.create(
        municipality=municipality("0301"),
        title="Seniorkafé",
        text="Tekst",
        code="generasjonsmoter",
        link="https://example.invalid/kafe",
        date=datetime.date(2021, 4, 1),
        recorded_by=staff_a,
    )

    data = _export(capsys, "oslo-og-viken")
    assert set(data) == {"plan", "networks", "events", "nominations", "meetings", "examples"}
    assert data["plan"]["version"] == 1
    assert set(data["plan"]["sections"]) == set(SECTION_KEYS)
    assert data["plan"]["sections"]["roles"] == "Roller v1"
    assert data["networks"] == [
        {
            "slug": "ernaering",
            "name": "Ernæring",
            "operator": "USHT",
            "target_group": "",
            "practice": "",
            "support": "",
            "status": "new",
        }
    ]
    assert [e["title"] for e in data["events"]] == ["Tidligere", "Senere"]
    assert data["events"][0] == {
        "start": "2031-05-10T09:00:00+02:00",
        "end": "2031-05-10T15:00:00+02:00",
        "title": "Tidligere",
        "target_group": "Ledere",
        "theme": "Mat",
        "hdir_wanted": True,
        "ministry_wanted": False,
        "place": "Oslo",
    }
    assert data["nominations"] == [
        {"year": 2021, "county": "30", "kommunenummer": "3001", "justification": "Begrunnelse"}
    ]
    assert data["meetings"] == [
        {
            "date": "2021-03-10",
            "participants": "Hdir",
            "minutes": "Referat",
            "follow_ups": [{"text": "Sende plan", "done": True}],
        }
    ]
    assert data["examples"] == [
        {
            "kommunenummer": "0301",
            "title": "Seniorkafé",
            "text": "Tekst",
            "code": "generasjonsmoter",
            "link": "https://example.invalid/kafe",
            "date": "2021-04-01",
        }
    ]


def test_unknown_office_is_an_argument_error(db, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("export_office", "--office", "atlantis")
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == "error: unknown office 'atlantis'\n"
