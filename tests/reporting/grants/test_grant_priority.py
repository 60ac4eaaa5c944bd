import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import SecurityEvent
from reporting.grants.selectors import default_as_of, grant_rows
from reporting.grants.services import StaleProposalError, grant_confirmation_record
from reporting.models import GrantConfirmation
from tests.factories import municipality, record
from tests.workbook_checks import assert_finished, no_codes

HEADER = (
    "kommunenummer,navn,office,criterion_1,criterion_2,criterion_3,criterion_4,proposed,confirmed,reason,"
    "confirmation_stale"
)
SPRING = datetime.date(2021, 4, 30)


def grant_csv(capsys, *args) -> tuple[list[str], dict[str, dict]]:
    call_command("grant_priority", *args)
    out = capsys.readouterr().out
    lines = out.splitlines()
    return lines, {r["kommunenummer"]: r for r in csv.DictReader(io.StringIO(out))}


def criteria(row) -> list[str]:
    return [row[f"criterion_{i}"] for i in range(1, 5)]


def test_criteria_and_proposals_for_the_scenario(scenario, capsys):
    lines, rows = grant_csv(capsys, "--year", "2021", "--as-of", "2021-04-30", "--office", "agder")
    assert lines[0] == HEADER
    assert len(rows) == 25
    assert list(rows) == sorted(rows)
    assert criteria(rows["4201"]) == ["yes", "yes", "yes", "yes"]
    assert rows["4201"]["proposed"] == "yes"
    assert rows["4201"]["office"] == "agder"
    assert rows["4201"]["navn"] == "Risør"
    # A plan adopted without areas considered fails criterion 2 only.
    assert criteria(rows["4202"]) == ["yes", "no", "yes", "yes"]
    assert rows["4202"]["proposed"] == "no"
    # A left network fails criterion 4; samfunnsdel "none" fails 3.
    assert criteria(rows["4206"]) == ["yes", "yes", "no", "no"]
    assert criteria(rows["4203"]) == ["no", "no", "no", "no"]  # the plan was retracted
    assert (rows["4201"]["confirmed"], rows["4201"]["reason"], rows["4201"]["confirmation_stale"]) == ("", "", "")


def test_the_whole_country_without_office(db, capsys):
    _lines, rows = grant_csv(capsys, "--year", "2023")
    assert len(rows) == 356
    assert {r["proposed"] for r in rows.values()} == {"no"}


def test_a_confirmation_goes_stale_when_a_criterion_changes_after_it(scenario, capsys):
    m = municipality("4201")
    grant_confirmation_record(
        municipality=m, year=2021, confirmed=True, reason="Stemmer med vedtaket", as_of=SPRING, user=scenario
    )
    _lines, rows = grant_csv(capsys, "--year", "2021", "--as-of", "2021-04-30", "--office", "agder")
    assert (rows["4201"]["confirmed"], rows["4201"]["reason"], rows["4201"]["confirmation_stale"]) == (
        "yes",
        "Stemmer med vedtaket",
        "no",
    )
    # The municipality leaves its network on 1 June: as of later dates the confirmation is stale.
    record("4201", "network", "none", "2021-06-01", user=scenario, network=_network())
    _lines, rows = grant_csv(capsys, "--year", "2021", "--as-of", "2021-10-31", "--office", "agder")
    assert rows["4201"]["criterion_4"] == "no"
    assert rows["4201"]["proposed"] == "no"
    assert rows["4201"]["confirmed"] == "yes"  # the latest confirmation applies whatever the date
    assert rows["4201"]["confirmation_stale"] == "yes"
    _lines, rows = grant_csv(capsys, "--year", "2021", "--as-of", "2021-04-30", "--office", "agder")
    assert rows["4201"]["confirmation_stale"] == "no"


def _network():
    from networks.models import Network

    return Network.objects.get(slug="lhl-agder")


def test_the_latest_confirmation_applies_whatever_the_as_of_date(scenario):
    m = municipality("4202")
    grant_confirmation_record(municipality=m, year=2021, confirmed=False, reason="Første", as_of=SPRING, user=scenario)
    grant_confirmation_record(
        municipality=m, year=2021, confirmed=True, reason="Overstyrt", as_of=datetime.date(2021, 12, 31), user=scenario
    )
    grant_confirmation_record(
        municipality=m, year=2022, confirmed=False, reason="Annet år", as_of=SPRING, user=scenario
    )
    for as_of in (datetime.date(2021, 1, 1), SPRING, datetime.date(2021, 12, 31)):
        row = next(r for r in grant_rows(year=2021, as_of=as_of) if r.municipality.number == "4202")
        assert row.confirmation.reason == "Overstyrt"
        assert row.prioritised is True
    # The override stored what it saw: criterion 2 failed, so it is an override.
    assert row.overridden
    assert GrantConfirmation.objects.filter(municipality=m).count() == 3


def test_confirmations_are_append_only(scenario):
    c = grant_confirmation_record(
        municipality=municipality("4201"), year=2021, confirmed=True, reason="Ok", as_of=SPRING, user=scenario
    )
    with pytest.raises(TypeError):
        c.save()
    with pytest.raises(TypeError):
        GrantConfirmation.objects.filter(pk=c.pk).update(reason="changed")
    with pytest.raises(TypeError):
        GrantConfirmation.objects.filter(pk=c.pk).delete()


def test_a_confirmation_of_criteria_that_moved_on_is_refused(scenario):
    with pytest.raises(StaleProposalError):
        grant_confirmation_record(
            municipality=municipality("4201"),
            year=2021,
            confirmed=True,
            reason="Ok",
            as_of=SPRING,
            user=scenario,
            seen=(True, True, True, False),
        )
    assert not GrantConfirmation.objects.exists()


def test_default_as_of_is_the_years_last_day_or_today():
    assert default_as_of(2021, datetime.date(2026, 1, 1)) == datetime.date(2021, 12, 31)
    assert default_as_of(2023, datetime.date(2023, 5, 2)) == datetime.date(2023, 5, 2)


def test_the_command_defaults_to_the_years_last_day(scenario, capsys):
    record("4202", "areas_considered", "yes", "2021-12-31", user=scenario)
    _lines, rows = grant_csv(capsys, "--year", "2021", "--office", "agder")
    assert rows["4202"]["criterion_2"] == "yes"
    _lines, rows = grant_csv(capsys, "--year", "2021", "--office", "agder", "--as-of", "2021-12-30")
    assert rows["4202"]["criterion_2"] == "no"


@pytest.mark.parametrize(
    "args",
    [
        ["--year", "2020"],
        ["--year", "2024"],
        ["--year", "2021", "--as-of", "2021-13-01"],
        ["--year", "2021", "--office", "nowhere"],
    ],
)
def test_bad_arguments_exit_2(db, capsys, args):
    with pytest.raises(SystemExit) as exc:
        call_command("grant_priority", *args)
    assert exc.value.code == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("error: ")
    assert captured.out == ""


def test_the_national_list_names_the_years_schemes(db, client, staff_b):
    client.force_login(staff_b)
    response = client.get(reverse("reporting:grant-national"), {"aar": 2021, "dato": "2021-10-31"})
    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "761.68",
        "Kommunalt kompetanse- og innovasjonstilskudd",
        "unntatt tilskudd til spredning av velferdsteknologi",
        "Helhetlig støtte til pårørende med krevende omsorgsoppgaver",
        "762.63",
        "Ordninger der plankrav er varslet",
        "Investeringstilskudd til heldøgns omsorgsplasser, netto tilvekst",
    ]:
        assert text in page, text
    assert len(response.context["prioritised_schemes"]) == 8
    assert len(response.context["announced_schemes"]) == 2
    assert len(response.context["rows"]) == 356


def test_a_year_without_schemes_says_so(db, client, staff_b):
    client.force_login(staff_b)
    response = client.get(reverse("reporting:grant-national"), {"aar": 2022})
    assert "Ingen ordninger er registrert for året." in response.content.decode()


def test_the_national_workbook_lists_rows_and_schemes(scenario, client, staff_b):
    grant_confirmation_record(
        municipality=municipality("4201"), year=2021, confirmed=True, reason="=SUM(A1)", as_of=SPRING, user=scenario
    )
    client.force_login(staff_b)
    response = client.get(reverse("reporting:grant-national-xlsx"), {"aar": 2021, "dato": "2021-04-30"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tilskuddsprioritering-2021-2021-04-30.xlsx"'
    wb = assert_finished(response.content, footer=("Hele landet", "Tilskuddsåret 2021, per 30.04.2021"))
    rows = list(wb["Tilskudd"].iter_rows(values_only=True))
    assert rows[0][0] == "Prioritering i tilskuddsordninger 2021, per 30.04.2021"
    assert "kap. 761 post 63, 67, 68, 69 og 79" in rows[1][1]
    table = rows[3:]
    assert table[0][:3] == ("Kommunenummer", "Kommune", "Embete")
    assert table[0][5] == "3. Forankret eller planlagt forankret i samfunnsdelen"
    assert len(table) == 357
    risor = next(r for r in table if r[0] == "4201")
    assert risor[1:9] == ("Risør", "Agder", "Ja", "Ja", "Ja", "Ja", "Ja", "Ja")
    assert risor[9] == "=SUM(A1)"  # written as text
    assert wb["Tilskudd"]["J" + str(rows.index(risor) + 1)].data_type == "s"
    assert isinstance(risor[12], datetime.datetime)  # the confirmation's time is a time cell
    assert [no_codes(sheet) for sheet in wb] == [[], [], []]
    schemes = list(wb["Tilskuddsordninger"].iter_rows(values_only=True))
    assert len(schemes) == 11
    assert (2021, 761, 68, "Kommunalt kompetanse- og innovasjonstilskudd") in [s[:4] for s in schemes]


def test_the_office_workbook_holds_the_office_only(scenario, client, staff_b, office_a):
    client.force_login(staff_b)
    response = client.get(reverse("reporting:office-grants-xlsx", args=["agder"]), {"aar": 2021})
    wb = assert_finished(response.content, footer=("Statsforvalteren i Agder",))
    assert wb["Tilskudd"].max_row == 3 + 26
    header = [c.value for c in wb["Tilskudd"][4]]
    assert header[:3] == ["Kommunenummer", "Kommune", "1. Vedtatt plan eller beskrevet prosess fram mot vedtak"]
    assert "Embete" not in header  # one office's list: its name is in the title and the footer


def test_staff_confirm_and_override_with_a_reason(scenario, client, staff_a, office_a):
    client.force_login(staff_a)
    url = reverse("reporting:grant-confirm", args=[office_a.slug, "0301"]) + "?aar=2021&dato=2021-04-30"
    page = client.get(url)
    assert page.status_code == 200
    assert "Kommunen har verken vedtatt en plan" in page.content.decode()
    response = client.post(url, {"prioritised": "yes", "reason": "Oslo har vedtak på vei", "seen": "0000"})
    assert response.status_code == 302
    listing_url = reverse("reporting:office-grants", args=[office_a.slug])
    assert response["Location"] == listing_url + "?aar=2021&dato=2021-04-30"
    c = GrantConfirmation.objects.get()
    assert (c.year, c.confirmed, c.reason, c.recorded_by, c.criteria) == (
        2021,
        True,
        "Oslo har vedtak på vei",
        staff_a,
        (False, False, False, False),
    )
    listing = client.get(reverse("reporting:office-grants", args=[office_a.slug]), {"aar": 2021, "dato": "2021-04-30"})
    assert "overstyrt" in listing.content.decode()


def test_a_confirmation_without_reason_is_refused_and_keeps_the_choice(db, client, staff_a, office_a):
    client.force_login(staff_a)
    url = reverse("reporting:grant-confirm", args=[office_a.slug, "0301"]) + "?aar=2021"
    response = client.post(url, {"prioritised": "no", "reason": "   ", "seen": "0000"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Skriv en begrunnelse." in page
    assert response.context["form"]["prioritised"].value() == "no"  # the choice is kept
    assert not GrantConfirmation.objects.exists()


def test_a_stale_form_records_nothing_and_keeps_the_reason(db, client, staff_a, office_a):
    client.force_login(staff_a)
    url = reverse("reporting:grant-confirm", args=[office_a.slug, "0301"]) + "?aar=2021"
    response = client.post(url, {"prioritised": "yes", "reason": "Min begrunnelse", "seen": "1111"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "er endret siden siden ble lastet" in page
    assert "Min begrunnelse" in page
    assert not GrantConfirmation.objects.exists()


def test_other_offices_and_the_directorate_cannot_confirm(db, client, staff_b, directorate_user, office_a):
    url = reverse("reporting:grant-confirm", args=[office_a.slug, "0301"]) + "?aar=2021"
    for user in (staff_b, directorate_user):
        client.force_login(user)
        response = client.post(url, {"prioritised": "yes", "reason": "Nei", "seen": "0000"})
        assert response.status_code == 403
    assert not GrantConfirmation.objects.exists()
    assert SecurityEvent.objects.filter(target="grant:0301", outcome="denied").count() == 2


def test_a_municipality_of_another_office_is_not_found(db, client, staff_a, office_a):
    client.force_login(staff_a)
    response = client.get(reverse("reporting:grant-confirm", args=[office_a.slug, "3401"]))
    assert response.status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_grant_lists_take_a_constant_number_of_queries(count, staff_a, client, office_a, django_assert_max_num_queries):
    from municipalities.models import Municipality

    for m in Municipality.objects.filter(office=office_a).order_by("number")[:count]:
        record(m.number, "decision", "process_described", "2021-01-01", user=staff_a)
        grant_confirmation_record(municipality=m, year=2021, confirmed=True, reason="Ok", as_of=SPRING, user=staff_a)
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        office = client.get(reverse("reporting:office-grants", args=[office_a.slug]), {"aar": 2021})
    assert office.context["confirmed_count"] == count
    with django_assert_max_num_queries(12):
        national = client.get(reverse("reporting:grant-national"), {"aar": 2021})
    assert sum(o["confirmed"] for o in national.context["offices"]) == count


def test_the_confirmation_time_column_is_where_the_rows_put_it():
    from common.xlsx_tables import DATETIME
    from reporting.grants.workbook import TIME_AT, grant_columns

    assert grant_columns()[TIME_AT].kind == DATETIME
    assert [c.kind for c in grant_columns()].count(DATETIME) == 1
