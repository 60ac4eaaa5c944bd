"""The office report in a real browser: texts autosave (and survive an expired session), the completeness
list, submission, return with a comment, resubmission, acceptance; axe-core on every report page."""

import datetime

from playwright.sync_api import expect

from municipalities.models import GoodExample
from reporting.models import Report, ReportText
from tests.factories import DirectorateFactory, UserFactory, municipality, record

from .conftest import assert_accessible, login

REPORT = "/embeter/oslo-og-viken/rapporter/spring-2021/"


def _switch(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def _saved_text(section: str) -> str | None:
    latest = ReportText.objects.filter(section=section).order_by("-saved_at", "-id").first()
    return latest.text if latest else None


def test_staff_writes_submits_directorate_returns_and_accepts(page, office_a):
    staff = UserFactory(username="kari", first_name="Kari", last_name="Nordmann", office=office_a)
    DirectorateFactory(username="hilde", first_name="Hilde", last_name="Hdir")
    record("3001", "decision", "process_described", "2021-01-01", user=staff)
    GoodExample.objects.create(
        municipality=municipality("0301"),
        title="Måltidsvert",
        text="Fast vert ved middagen.",
        date=datetime.date(2021, 3, 1),
        recorded_by=staff,
    )

    login(page, "kari")
    page.get_by_role("link", name="Rapporter").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.goto(REPORT)
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Rapport for Våren 2021: Statsforvalteren i Oslo og Viken"
    )
    status = page.locator("[data-autosave-status]")

    # Texts save by themselves when a field is left.
    page.get_by_label("Kort vurdering av status opp mot målene").fill("Kommunene er godt i gang.")
    page.get_by_label("Hvordan embetet har organisert arbeidet").focus()
    expect(status).to_contain_text("Utkastet er lagret")
    assert _saved_text("assessment") == "Kommunene er godt i gang."
    page.get_by_label("Måltidsvert (Oslo, 1.3.2021)").check()
    page.get_by_label("Hvordan embetet har organisert arbeidet").fill("Tverrfaglig gruppe i embetet.")
    expect(status).to_contain_text("Utkastet er lagret", timeout=10_000)  # the timer saves too

    # The session expires while typing: the text is kept in the browser and comes back after login.
    page.context.clear_cookies()
    page.get_by_label("Kort vurdering av status opp mot målene").fill("Skrevet etter at økten gikk ut.")
    page.get_by_label("Hvordan embetet har organisert arbeidet").focus()
    expect(status).to_contain_text("ikke lenger innlogget")
    assert _saved_text("assessment") == "Kommunene er godt i gang."
    login(page, "kari")
    page.goto(REPORT)
    expect(page.locator("[data-autosave-restored]")).to_contain_text("hentet fram tekst")
    expect(page.get_by_label("Kort vurdering av status opp mot målene")).to_have_value(
        "Skrevet etter at økten gikk ut."
    )
    expect(status).to_contain_text("Utkastet er lagret", timeout=10_000)
    assert _saved_text("assessment") == "Skrevet etter at økten gikk ut."

    # The completeness list links to the municipality.
    page.get_by_text("Beskrevet prosess uten dato for vedtak").click()
    expect(page.get_by_role("link", name="Halden")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Send inn rapporten").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Send inn rapporten").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status").first).to_contain_text("Rapporten er sendt inn (versjon 1)")
    assert Report.objects.get(office=office_a).status == "submitted"
    assert_accessible(page)

    # The directorate returns it with a comment.
    _switch(page, "hilde")
    page.goto(REPORT)
    assert "Skrevet etter at økten gikk ut." in page.content()
    page.get_by_role("link", name="Send tilbake").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Hva må embetet rette?").fill("Omtal nettverkene i vurderingen.")
    page.get_by_role("button", name="Send tilbake").click()
    page.wait_for_load_state()

    # The office sees it returned, fixes it and submits again.
    _switch(page, "kari")
    page.goto(REPORT)
    expect(page.locator("[data-report-status]")).to_have_text("Sendt tilbake")
    expect(page.locator("[data-return-comment]")).to_have_text("Omtal nettverkene i vurderingen.")
    page.get_by_label("Kort vurdering av status opp mot målene").fill("Nettverkene dekker hele regionen.")
    page.get_by_role("button", name="Lagre utkast").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Send inn rapporten").click()
    page.get_by_role("button", name="Send inn rapporten").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status").first).to_contain_text("versjon 2")

    # The directorate accepts.
    _switch(page, "hilde")
    page.goto(REPORT)
    page.get_by_role("link", name="Godkjenn").click()
    page.get_by_role("button", name="Godkjenn").click()
    page.wait_for_load_state()
    expect(page.locator("[data-report-status]")).to_have_text("Godkjent")
    assert_accessible(page)
    page.get_by_role("link", name="Versjoner og historikk").click()
    page.wait_for_load_state()
    assert "Omtal nettverkene i vurderingen." in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Versjon 1", exact=True).click()
    page.wait_for_load_state()
    assert "Skrevet etter at økten gikk ut." in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Utskriftsvennlig versjon").click()
    page.wait_for_load_state()
    assert "Nettverkene dekker hele regionen." not in page.content()  # version 1's texts only
    assert_accessible(page)
    report = Report.objects.get(office=office_a)
    assert (report.status, report.version) == ("accepted", 2)
