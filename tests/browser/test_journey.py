"""The office staff's whole journey in a real browser, checked for accessibility and keyboard use.

Staff of Oslo og Viken log in with the keyboard, filter the overview, record a phase change and a political
decision, see them in the timeline, meet a conflict on a stale form (their typing kept), update three
municipalities through the Excel working sheet, write the report texts (autosaved), read the completeness
list, build the report package (the downloaded file's figures are those of `report_figures`) and submit.
The directorate returns the report with a comment (submitted with the keyboard alone); the office sees it
returned, fixes it and submits again; the directorate accepts.

axe-core (WCAG 2.1 A/AA) runs on every page visited; on each kind of page, Tab must reach every visible
control in DOM order (tests/browser/keyboard.py).
"""

import io

import openpyxl
from playwright.sync_api import expect

from municipalities.facts import StatusFact
from reporting.models import Report, ReportText
from tests.factories import DirectorateFactory, UserFactory, municipality, record
from tests.reporting.packages.conftest import report_figures, summary_figures
from tests.sheets.helpers import edit

from .conftest import assert_accessible, login
from .keyboard import assert_tab_order, tab_to

OFFICE = "/embeter/oslo-og-viken/"
REPORT = "/embeter/oslo-og-viken/rapporter/spring-2021/"
PACKAGE = "/rapportering/spring-2021/embeter/oslo-og-viken/pakke/"
ASSESSMENT = "Kort vurdering av status opp mot målene"
ORGANISATION = "Hvordan embetet har organisert arbeidet"


def _visit(page, *, tab_order: bool = False) -> None:
    """Every page visited: no axe-core violation; on the first page of each kind, the tab order too."""
    page.wait_for_load_state()
    assert_accessible(page)
    if tab_order:
        assert_tab_order(page)


def _switch(page, username: str) -> None:
    """Sign in as someone else; the login page and the landing page are checked too."""
    page.context.clear_cookies()
    page.goto("/konto/logg-inn/")
    _visit(page)
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill("pw")
    page.get_by_role("button", name="Logg inn").click()
    _visit(page)


def _saved_text(section: str) -> str | None:
    latest = ReportText.objects.filter(section=section).order_by("-saved_at", "-id").first()
    return latest.text if latest else None


def _login_by_keyboard(page, username: str) -> None:
    page.goto("/konto/logg-inn/")
    _visit(page, tab_order=True)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, page.get_by_label("Brukernavn"))
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type("pw")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_office_journey_from_status_to_accepted_report(page, office_a, tmp_path):
    kari = UserFactory(username="kari", first_name="Kari", last_name="Nordmann", office=office_a)
    ola = UserFactory(username="ola", first_name="Ola", last_name="Hansen", office=office_a)
    DirectorateFactory(username="hilde", first_name="Hilde", last_name="Hdir")
    record("3001", "decision", "process_described", "2021-01-01", user=ola)  # a gap the checklist lists

    # --- Log in with the keyboard alone; staff land on their office's overview --------------------------
    _login_by_keyboard(page, "kari")
    assert page.url.endswith(OFFICE)
    assert page.get_by_role("heading", level=1).inner_text() == "Statsforvalteren i Oslo og Viken"
    _visit(page, tab_order=True)

    # --- Filter the overview ---------------------------------------------------------------------------
    page.get_by_label("Fylke").select_option(label="Oslo")
    page.get_by_label("Fase", exact=True).select_option(label="Ikke vurdert")
    page.get_by_role("button", name="Vis").click()
    _visit(page)
    assert "county=03" in page.url
    assert page.locator("#overview tbody tr").count() == 1
    expect(page.get_by_role("status").first).to_contain_text("Viser 1 av 1 kommuner")

    # --- Record a phase change and a political decision on Oslo ---------------------------------------
    page.get_by_role("link", name="Oslo", exact=True).click()
    _visit(page, tab_order=True)
    page.get_by_label("Opplysning").select_option("phase")
    page.get_by_label("Verdi").select_option(label="Fase 3 – gjennomføring")
    page.get_by_label("Gjelder fra").fill("2021-04-01")
    page.get_by_label("Merknad").fill("Vedtatt i bystyret")
    page.get_by_role("button", name="Lagre endringen").click()
    _visit(page)
    expect(page.get_by_role("status").first).to_contain_text("Registrert: Fase – Fase 3 – gjennomføring.")

    page.get_by_label("Opplysning").select_option("decision")
    page.get_by_label("Verdi").select_option(label="Prosess beskrevet")
    page.get_by_label("Gjelder fra").fill("2021-03-15")
    page.get_by_label("Saksnummer").fill("21/4711")
    page.get_by_role("button", name="Lagre endringen").click()
    _visit(page, tab_order=True)  # the form again, with its error next to the field
    expect(page.get_by_role("alert").first).to_contain_text("Endringen er ikke lagret")
    assert page.get_by_label("Saksnummer").input_value() == "21/4711"
    assert not StatusFact.objects.filter(municipality__number="0301", fact="decision").exists()
    page.get_by_label("Måldato").fill("2021-09-30")
    page.get_by_role("button", name="Lagre endringen").click()
    _visit(page)
    expect(page.get_by_role("status").first).to_contain_text("Registrert: Politisk vedtak – Prosess beskrevet.")

    # --- Both changes are in the timeline ---------------------------------------------------------------
    timeline = page.locator("#tidslinje + ol").inner_text()
    assert "Fase: Fase 3 – gjennomføring" in timeline
    assert "Politisk vedtak: Prosess beskrevet – saksnr. 21/4711" in timeline
    assert "måldato 30.9.2021" in timeline
    assert "Registrert av Kari Nordmann" in timeline

    # --- A stale form: Ola records a change while the page is open; Kari's input is kept ------------------
    page.get_by_label("Opplysning").select_option("samfunnsdel")
    planned = page.locator("#id_value optgroup:not([disabled]) option[value=planned]").element_handle()
    page.get_by_label("Verdi").select_option(element=planned)  # "Planlagt" under the chosen fact
    page.get_by_label("Gjelder fra").fill("2021-04-10")
    page.get_by_label("Måldato").fill("2022-06-01")
    page.get_by_label("Merknad").fill("Skrevet i et gammelt skjema")
    record("0301", "areas_considered", "yes", "2021-04-05", user=ola)
    page.get_by_role("button", name="Lagre endringen").click()
    _visit(page, tab_order=True)
    conflict = page.locator("#konflikt")
    expect(conflict).to_contain_text("Statusen er endret mens du hadde siden åpen")
    expect(conflict).to_contain_text("Endret av Ola Hansen")
    expect(conflict).to_contain_text("Tatt stilling til innsatsområder og løsninger: Ja")
    assert page.get_by_label("Opplysning").input_value() == "samfunnsdel"
    assert page.get_by_label("Verdi").input_value() == "planned"
    assert page.get_by_label("Merknad").input_value() == "Skrevet i et gammelt skjema"
    assert page.get_by_label("Måldato").input_value() == "2022-06-01"
    assert not StatusFact.objects.filter(municipality__number="0301", fact="samfunnsdel").exists()
    page.get_by_role("button", name="Lagre endringen").click()  # having seen Ola's change, save on purpose
    _visit(page)
    expect(page.get_by_role("status").first).to_contain_text("Registrert: Forankret i kommuneplanens samfunnsdel")
    assert StatusFact.objects.filter(municipality__number="0301", fact="samfunnsdel").count() == 1

    # --- Three municipalities through the Excel working sheet -----------------------------------------
    page.goto(f"{OFFICE}arbeidsark/")
    _visit(page, tab_order=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned arbeidsark (Excel)").click()
    downloaded = tmp_path / "arbeidsark.xlsx"
    download_info.value.save_as(downloaded)
    filled = tmp_path / "utfylt.xlsx"
    filled.write_bytes(
        edit(
            downloaded.read_bytes(),
            {("3001", "phase"): "3", ("3002", "phase"): "2", ("3003", "decision"): "plan_adopted"},
        )
    )
    page.get_by_label("Utfylt arbeidsark (.xlsx)").set_input_files(str(filled))
    page.get_by_label("Endringene gjelder fra").fill("2021-04-20")
    page.get_by_role("button", name="Vis endringene").click()
    _visit(page, tab_order=True)
    assert page.get_by_role("heading", level=1).inner_text() == "Se over endringene fra arbeidsarket"
    assert "Fase 3 – gjennomføring" in page.get_by_role("table", name="Endringer for Halden").inner_text()
    assert "Fase 2 – planlegging" in page.get_by_role("table", name="Endringer for Moss").inner_text()
    assert "Plan vedtatt" in page.get_by_role("table", name="Endringer for Sarpsborg").inner_text()
    assert not StatusFact.objects.filter(source="sheet").exists()
    page.get_by_role("button", name="Bekreft og registrer endringene").click()
    _visit(page)
    expect(page.get_by_role("status").first).to_contain_text("3 endringer er registrert for 3 kommuner.")
    assert StatusFact.objects.filter(source="sheet", recorded_by=kari).count() == 3

    # --- The report: texts autosave, the checklist links to the municipality -------------------------------
    page.get_by_role("link", name="Rapporter").click()
    _visit(page, tab_order=True)
    page.get_by_label("Periode", exact=True).select_option("spring-2021")
    page.get_by_role("button", name="Vis").click()
    _visit(page)
    page.get_by_role("link", name="Statsforvalteren i Oslo og Viken").click()
    _visit(page, tab_order=True)
    assert page.url.endswith(REPORT)
    status = page.locator("[data-autosave-status]")
    page.get_by_label(ASSESSMENT).fill("Kommunene er godt i gang.")
    page.get_by_label(ORGANISATION).focus()
    expect(status).to_contain_text("Utkastet er lagret")
    assert _saved_text("assessment") == "Kommunene er godt i gang."
    page.get_by_label(ORGANISATION).fill("Tverrfaglig gruppe i embetet.")
    page.get_by_label(ASSESSMENT).focus()
    expect(status).to_contain_text("Utkastet er lagret")
    assert _saved_text("organisation") == "Tverrfaglig gruppe i embetet."

    page.get_by_text("Beskrevet prosess uten dato for vedtak").click()  # opens the checklist group
    expect(page.get_by_role("link", name="Halden")).to_be_visible()
    _visit(page)

    # --- The package: progress shown, the file's figures are report_figures' ------------------------------
    page.goto(PACKAGE)
    _visit(page, tab_order=True)
    page.get_by_role("button", name="Lag rapportpakke").click()
    _visit(page)
    progress = page.locator("[data-job-progress]")
    expect(progress.get_by_role("status")).to_contain_text("Ferdig")
    expect(progress.locator("progress")).to_have_attribute("value", "100")
    with page.expect_download() as download_info:
        progress.get_by_role("link", name="Last ned").click()
    package = tmp_path / "pakke.xlsx"
    download_info.value.save_as(package)
    figures = summary_figures(openpyxl.load_workbook(io.BytesIO(package.read_bytes()))["Sammendrag"])
    expected = report_figures("--period", "spring-2021", "--office", "oslo-og-viken")["offices"]["oslo-og-viken"]
    assert figures["phase_3"][0] == expected["phase_3"]["count"] >= 2  # Oslo by the form, Halden by the sheet
    assert figures["decided_or_in_process"][0] == expected["decided_or_in_process"]["count"]

    # --- Submit -----------------------------------------------------------------------------------------
    page.goto(REPORT)
    _visit(page)
    page.get_by_role("link", name="Send inn rapporten").click()
    _visit(page, tab_order=True)
    page.get_by_role("button", name="Send inn rapporten").click()
    _visit(page)
    expect(page.get_by_role("status").first).to_contain_text("Rapporten er sendt inn (versjon 1)")
    assert Report.objects.get(office=office_a).status == "submitted"

    # --- The directorate returns it with a comment, by keyboard alone -----------------------------------
    _switch(page, "hilde")
    page.goto(REPORT)
    _visit(page, tab_order=True)
    assert "Kommunene er godt i gang." in page.content()
    page.get_by_role("link", name="Send tilbake").click()
    _visit(page, tab_order=True)
    comment = page.get_by_label("Hva må embetet rette?")
    comment.focus()
    page.keyboard.type("Omtal nettverkene i vurderingen.")
    tab_to(page, page.get_by_role("button", name="Send tilbake"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _visit(page)
    assert Report.objects.get(office=office_a).status == "returned"

    # --- The office sees it returned, fixes the text and submits again ------------------------------------
    _switch(page, "kari")
    page.goto(REPORT)
    _visit(page)
    expect(page.locator("[data-report-status]")).to_have_text("Sendt tilbake")
    expect(page.locator("[data-return-comment]")).to_have_text("Omtal nettverkene i vurderingen.")
    page.get_by_label(ASSESSMENT).fill("Kommunene er godt i gang. Nettverkene dekker hele regionen.")
    page.get_by_label(ORGANISATION).focus()
    expect(status).to_contain_text("Utkastet er lagret")
    page.get_by_role("link", name="Send inn rapporten").click()
    _visit(page)
    page.get_by_role("button", name="Send inn rapporten").click()
    _visit(page)
    expect(page.get_by_role("status").first).to_contain_text("versjon 2")

    # --- The directorate accepts ---------------------------------------------------------------------
    _switch(page, "hilde")
    page.goto(REPORT)
    _visit(page)
    assert "Nettverkene dekker hele regionen." in page.content()
    page.get_by_role("link", name="Godkjenn").click()
    _visit(page)
    page.get_by_role("button", name="Godkjenn").click()
    _visit(page)
    expect(page.locator("[data-report-status]")).to_have_text("Godkjent")
    report = Report.objects.get(office=office_a)
    assert (report.status, report.version) == ("accepted", 2)
    assert municipality("0301").status_version == 4  # phase, decision, Ola's change, samfunnsdel


def test_the_tab_order_check_catches_skipped_reordered_and_hidden_stops(browser):
    """assert_tab_order is itself tested: each broken page below must fail it; the good one passes."""
    import pytest

    context = browser.new_context()
    page = context.new_page()
    good = (
        "<a href='#a'>A</a><button>B</button><details><summary>C</summary><a href='#x'>hidden while closed</a>"
        "</details><input type='radio' name='r' aria-label='r1'><input type='radio' name='r' aria-label='r2'>"
        "<input type='date' aria-label='d'><select aria-label='s'><option>1</option></select>"
        "<button hidden>not shown</button><div style='display:none'><a href='#y'>none</a></div>"
    )
    page.set_content(good)
    assert assert_tab_order(page) == 6
    broken = {
        "skipped": "<a href='#a'>A</a><div role='button' tabindex='0' onkeydown=''>B</div>"
        "<button onfocus=\"document.querySelector('a').focus()\">C</button>",
        "reordered": "<a href='#a'>A</a><button tabindex='2'>B</button><button tabindex='1'>C</button>",
        "taken out": "<a href='#a'>A</a><button tabindex='-1'>B</button><button>C</button>",
    }
    for html in broken.values():
        page.set_content(html)
        with pytest.raises(AssertionError, match=r"Tab order|tabindex > 0"):
            assert_tab_order(page)
    context.close()


def test_pages_work_under_the_content_security_policy(browser, live_server, transactional_country, office_a):
    """The other browser tests bypass the CSP to inject axe-core; here the policy is enforced: the pages'
    scripts still run (the record form narrows its fields, the report autosaves) and nothing is refused."""
    UserFactory(username="kari", office=office_a)
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: refused.append(str(e)))
    login(page, "kari")
    page.goto(OFFICE)
    page.goto("/kommuner/0301/")
    page.get_by_label("Opplysning").select_option("phase")
    expect(page.get_by_label("Møtedato")).to_be_hidden()  # fact_form.js ran
    expect(page.locator("#fact-help")).to_contain_text("Fase 2 er planfasen")
    page.goto(REPORT)
    page.get_by_label(ASSESSMENT).fill("Under CSP.")
    page.get_by_label(ORGANISATION).focus()
    expect(page.locator("[data-autosave-status]")).to_contain_text("Utkastet er lagret")
    assert _saved_text("assessment") == "Under CSP."
    page.goto("/dashboard/")
    assert refused == []
    context.close()
