import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import SecurityEvent
from reporting.models import ReportingPeriod
from reporting.reference_data import reporting_reference_load


def test_the_three_periods_are_shipped(db):
    periods = {p.slug: p for p in ReportingPeriod.objects.all()}
    assert list(periods) == ["autumn-2020", "spring-2021", "autumn-2021"]
    a20, s21, a21 = periods["autumn-2020"], periods["spring-2021"], periods["autumn-2021"]
    assert (a20.reference_date, a20.deadline) == (datetime.date(2020, 10, 31), datetime.date(2020, 11, 1))
    assert (s21.reference_date, s21.deadline) == (datetime.date(2021, 4, 30), datetime.date(2021, 5, 1))
    assert (a21.reference_date, a21.deadline) == (datetime.date(2021, 10, 31), datetime.date(2021, 11, 1))
    assert a20.figures == ["dialogue_offered", "dialogue_meetings", "plan_or_process"]
    assert s21.figures == [
        "decided_or_in_process",
        "in_networks_or_planned",
        "phase_2",
        "phase_3",
        "phase_not_assessed",
        "phase3_priorities",
    ]
    assert a21.figures == [
        "plan_adopted",
        "samfunnsdel_anchored_or_planned",
        "other_plans_anchored_or_planned",
        "in_networks",
        "phase_2",
        "phase_3",
        "phase_not_assessed",
        "phase3_priorities",
    ]
    assert a20.sections == []
    assert s21.sections == ["priorities", "examples", "organisation", "assessment", "plan"]
    assert a21.sections == ["priorities", "examples", "assessment"]
    for p in periods.values():
        p.full_clean()


def test_loading_again_changes_nothing_and_keeps_edits(db):
    ReportingPeriod.objects.filter(slug="autumn-2020").update(name="Høst 2020 (rettet)")
    assert reporting_reference_load() == 0
    assert ReportingPeriod.objects.get(slug="autumn-2020").name == "Høst 2020 (rettet)"
    assert ReportingPeriod.objects.count() == 3


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"deadline": datetime.date(2020, 10, 31)}, "deadline"),
        ({"figures": ["dialogue_offered", "made_up"]}, "figures"),
        ({"sections": ["poetry"]}, "sections"),
    ],
)
def test_the_model_refuses_bad_periods(db, changes, field):
    period = ReportingPeriod(
        slug="spring-2022",
        name="Våren 2022",
        reference_date=datetime.date(2022, 4, 30),
        deadline=datetime.date(2022, 5, 1),
    )
    for key, value in changes.items():
        setattr(period, key, value)
    with pytest.raises(ValidationError) as exc:
        period.full_clean()
    assert field in exc.value.message_dict


def test_anyone_signed_in_reads_the_period_list(db, client, staff_b):
    client.force_login(staff_b)
    page = client.get(reverse("reporting:period-list")).content.decode()
    assert "Våren 2021" in page
    assert "Revidert regional gjennomføringsplan" in page
    assert "Har fått tilbud om dialogmøte i året" in page
    assert reverse("reporting:period-create") not in page


def _form(**changes):
    data = {
        "slug": "spring-2022",
        "name": "Våren 2022",
        "reference_date": "2022-04-30",
        "deadline": "2022-05-01",
        "figures": ["plan_adopted", "phase_3", "phase3_priorities"],
        "sections": ["examples", "priorities"],
    }
    data.update(changes)
    return data


def test_the_directorate_creates_a_period(db, client, directorate_user):
    client.force_login(directorate_user)
    assert reverse("reporting:period-create") in client.get(reverse("reporting:period-list")).content.decode()
    response = client.post(reverse("reporting:period-create"), _form())
    assert response.status_code == 302
    period = ReportingPeriod.objects.get(slug="spring-2022")
    assert period.figures == ["plan_adopted", "phase_3", "phase3_priorities"]
    assert period.sections == ["priorities", "examples"]
    assert period.changed_by == directorate_user


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"deadline": "2022-04-29"}, "Fristen må være etter referansedatoen."),
        ({"slug": "Spring 2022"}, "Kortnavnet må være små bokstaver"),
        ({"slug": "autumn-2021"}, "finnes allerede"),
        ({"figures": ["made_up"]}, "Velg et gyldig valg"),
        ({"reference_date": "2022-02-30"}, "Oppgi en gyldig dato"),
    ],
)
def test_a_bad_period_is_shown_with_its_error_and_nothing_saved(db, client, directorate_user, changes, message):
    client.force_login(directorate_user)
    response = client.post(reverse("reporting:period-create"), _form(**changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="Våren 2022"' in page  # what the user typed is kept
    assert ReportingPeriod.objects.count() == 3


def test_editing_a_period_keeps_its_slug(db, client, directorate_user):
    client.force_login(directorate_user)
    url = reverse("reporting:period-edit", args=["autumn-2021"])
    response = client.post(
        url,
        _form(slug="hacked-2099", name="Høsten 2021 (ny frist)", reference_date="2021-10-31", deadline="2021-11-02"),
    )
    assert response.status_code == 302
    period = ReportingPeriod.objects.get(slug="autumn-2021")
    assert period.name == "Høsten 2021 (ny frist)"
    assert period.deadline == datetime.date(2021, 11, 2)
    assert not ReportingPeriod.objects.filter(slug="hacked-2099").exists()


def test_staff_and_administrators_cannot_change_periods(db, client, staff_a, admin_user):
    for user in (staff_a, admin_user):
        client.force_login(user)
        assert client.get(reverse("reporting:period-create")).status_code == 403
        response = client.post(reverse("reporting:period-edit", args=["autumn-2020"]), _form(name="Endret"))
        assert response.status_code == 403
    assert ReportingPeriod.objects.get(slug="autumn-2020").name == "Høsten 2020"
    assert SecurityEvent.objects.filter(target="period:autumn-2020").count() == 2
