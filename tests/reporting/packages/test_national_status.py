"""The national package tells each office's report state as it is: accepted, returned, submitted late or on
time (the first submission's date in Europe/Oslo against the deadline), and untouched."""

import datetime

import pytest
from django.utils import timezone

from reporting.packages.services import package_build_now
from reporting.reports.models import Report
from reporting.reports.selectors import days_late, lateness_text, report_get
from reporting.reports.services import report_accept, report_return, report_submit
from tests.factories import UserFactory
from tests.workbook_checks import assert_finished, no_codes

from .conftest import table, workbook

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _no_report_mail(monkeypatch):
    from reporting.reports import services as reports

    monkeypatch.setattr(reports, "transition_mail_send", lambda **kwargs: None)


def at(monkeypatch, moment: datetime.datetime) -> None:
    """From now on the services' clock says `moment`."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


def staff(slug: str):
    from municipalities.models import Office

    return UserFactory(username=f"staff-{slug}", office=Office.objects.get(slug=slug))


def test_the_lateness_rule_is_the_first_submissions_date_in_oslo():
    deadline = datetime.date(2021, 5, 1)
    # 23:30 on the deadline day in Oslo is 21:30 UTC: on time; half past midnight is a day late
    assert days_late(deadline=deadline, first_submitted_at=datetime.datetime(2021, 5, 1, 21, 30, tzinfo=UTC)) == 0
    assert days_late(deadline=deadline, first_submitted_at=datetime.datetime(2021, 5, 1, 22, 30, tzinfo=UTC)) == 1
    assert days_late(deadline=deadline, first_submitted_at=None) == 0
    assert lateness_text(0) == ""
    assert lateness_text(1) == "levert 1 dag etter fristen"
    assert lateness_text(3) == "levert 3 dager etter fristen"


def test_each_office_says_accepted_returned_late_on_time_or_untouched(spring, directorate_user, monkeypatch):
    oslo, innlandet, agder, vestland, rogaland = (
        staff(s) for s in ("oslo-og-viken", "innlandet", "agder", "vestland", "rogaland")
    )
    deadline = spring.deadline  # 1 May 2021
    assert deadline == datetime.date(2021, 5, 1)
    at(monkeypatch, datetime.datetime(2021, 4, 28, 10, 0, tzinfo=UTC))
    report_submit(office=oslo.office, period=spring, user=oslo)
    report_submit(office=innlandet.office, period=spring, user=innlandet)
    at(monkeypatch, datetime.datetime(2021, 5, 1, 21, 30, tzinfo=UTC))  # 23:30 in Oslo on the deadline day
    report_submit(office=vestland.office, period=spring, user=vestland)
    at(monkeypatch, datetime.datetime(2021, 5, 2, 9, 0, tzinfo=UTC))
    report_accept(report=report_get(office=oslo.office, period=spring), user=directorate_user)
    at(monkeypatch, datetime.datetime(2021, 5, 3, 9, 0, tzinfo=UTC))
    report_return(report=report_get(office=innlandet.office, period=spring), user=directorate_user, comment="Rett")
    at(monkeypatch, datetime.datetime(2021, 5, 4, 9, 0, tzinfo=UTC))
    report_submit(office=agder.office, period=spring, user=agder)
    # Rogaland has begun a draft; the others have not started
    from reporting.reports.services import report_texts_save

    report_texts_save(office=rogaland.office, period=spring, texts={"assessment": "Utkast"}, user=rogaland, round=None)

    moment = datetime.datetime(2021, 5, 5, 12, 0, tzinfo=UTC)
    _name, content = package_build_now(
        period=spring, office=None, submitted=True, generated_at=moment, generated_by="Test"
    )
    wb = assert_finished(content, footer=("Hele landet",))
    for ws in wb:
        assert no_codes(ws) == [], ws.title
    offices = {r["Embete"]: r for r in table(wb["Embeter"])}
    assert offices["Oslo og Viken"]["Status"] == "Godkjent (versjon 1), sendt inn 28.04.2021, godkjent 02.05.2021"
    assert offices["Oslo og Viken"]["Grunnlag i pakken"] == "Innsendt (versjon 1)"
    assert offices["Oslo og Viken"]["Først sendt inn"] == datetime.datetime(2021, 4, 28, 12, 0)  # Oslo time
    assert offices["Oslo og Viken"]["Godkjent eller sendt tilbake"] == datetime.datetime(2021, 5, 2, 11, 0)
    assert offices["Innlandet"]["Status"] == "Sendt tilbake (versjon 1), sendt inn 28.04.2021, sendt tilbake 03.05.2021"
    assert offices["Innlandet"]["Grunnlag i pakken"] == "Levende tall"  # a returned report counts as live
    assert offices["Agder"]["Status"] == "Sendt inn (versjon 1), sendt inn 04.05.2021, levert 3 dager etter fristen"
    assert offices["Agder"]["Dager etter fristen"] == 3
    assert offices["Vestland"]["Status"] == "Sendt inn (versjon 1), sendt inn 01.05.2021"
    assert offices["Vestland"]["Dager etter fristen"] is None
    assert offices["Rogaland"]["Status"] == "Utkast"
    assert offices["Nordland"]["Status"] == "Ikke påbegynt"
    assert offices["Nordland"]["Versjon"] is None
    assert all(r["Frist"] == datetime.datetime(2021, 5, 1) for r in offices.values())
    # the Sammendrag says where each office's figures come from
    sources = {r["Embete"]: r["Grunnlag"] for r in table(wb["Sammendrag"]) if r["Kode"] == "municipalities"}
    assert sources["Oslo og Viken"] == "Innsendt (versjon 1)"
    assert sources["Agder"] == "Innsendt (versjon 1)"
    assert sources["Innlandet"] == "Levende tall"
    assert Report.objects.get(office=oslo.office, period=spring).status == Report.Status.ACCEPTED
    # the texts say which version they are, in the Embeter sheet's words
    texts = table(wb["Tekster"])
    assert {r["Grunnlag"] for r in texts if r["Embete"] == "Oslo og Viken"} == {"Godkjent (versjon 1)"}
    assert {r["Grunnlag"] for r in texts if r["Embete"] == "Agder"} == {"Sendt inn (versjon 1)"}
    assert [r["Tekst"] for r in texts if r["Embete"] == "Rogaland"] == [
        "Ingen tekster i pakken: embetet har ikke sendt inn rapporten (status: Utkast)."
    ]
    # the accepted office's own live package: its texts are the accepted version, not a draft
    _name, own = package_build_now(
        period=spring, office=oslo.office, submitted=False, generated_at=moment, generated_by="Test"
    )
    assert {r["Grunnlag"] for r in table(workbook(own)["Tekster"])} == {"Godkjent (versjon 1)"}
    # a returned report's texts are open for changes again: a draft
    _name, returned = package_build_now(
        period=spring, office=innlandet.office, submitted=False, generated_at=moment, generated_by="Test"
    )
    assert {r["Grunnlag"] for r in table(workbook(returned)["Tekster"])} == {"Utkast"}


def test_a_second_submission_keeps_the_first_ones_date_for_lateness(spring, directorate_user, monkeypatch):
    agder = staff("agder")
    at(monkeypatch, datetime.datetime(2021, 4, 29, 9, 0, tzinfo=UTC))
    report_submit(office=agder.office, period=spring, user=agder)
    at(monkeypatch, datetime.datetime(2021, 5, 2, 9, 0, tzinfo=UTC))
    report_return(report=report_get(office=agder.office, period=spring), user=directorate_user, comment="Rett")
    at(monkeypatch, datetime.datetime(2021, 5, 6, 9, 0, tzinfo=UTC))
    report_submit(office=agder.office, period=spring, user=agder)
    moment = datetime.datetime(2021, 5, 7, 12, 0, tzinfo=UTC)
    _name, content = package_build_now(
        period=spring, office=None, submitted=True, generated_at=moment, generated_by="Test"
    )
    agder_row = next(r for r in table(workbook(content)["Embeter"]) if r["Embete"] == "Agder")
    assert agder_row["Status"] == "Sendt inn (versjon 2), først sendt inn 29.04.2021, sendt inn 06.05.2021"
    assert agder_row["Dager etter fristen"] is None
    # the office's own submitted package says the same
    _name, own = package_build_now(
        period=spring, office=agder.office, submitted=True, generated_at=moment, generated_by="Test"
    )
    summary = {r[0]: r[1] for r in workbook(own)["Sammendrag"].iter_rows(min_row=2, max_row=11, values_only=True)}
    assert summary["Status"] == "Sendt inn (versjon 2), først sendt inn 29.04.2021, sendt inn 06.05.2021"
    assert _name == "rapportpakke-varen-2021-statsforvalteren-i-agder-versjon-2.xlsx"
