"""The directorate's annual summary in a real browser: the directorate writes (autosave), picks an example,
builds a draft Word document, marks the summary final with the keyboard; an office reads the final version and
downloads it. axe-core on every page, and Tab reaches every control of the summary page in order."""

import io

from docx import Document
from playwright.sync_api import expect

from summary.models import AnnualSummary, SummaryText
from tests.factories import DirectorateFactory
from tests.summary.scenario import make_year

from .conftest import assert_accessible, login
from .keyboard import assert_tab_order

SUMMARY = "/arsrapport/2021/"


def _visit(page) -> None:
    page.wait_for_load_state()
    assert_accessible(page)


def _latest(section: str) -> SummaryText | None:
    return SummaryText.objects.filter(section=section).order_by("-saved_at", "-id").first()


def test_directorate_writes_picks_and_finalises_and_an_office_reads_it(page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    hdir = DirectorateFactory(username="hilde", first_name="Hilde", last_name="Hdir")
    scenario = make_year(hdir)

    login(page, "hilde")
    page.get_by_role("link", name="Årsrapport", exact=True).click()
    _visit(page)
    page.get_by_role("link", name="Årsrapport 2021").click()
    _visit(page)
    assert_tab_order(page)
    status = page.locator("[data-autosave-status]")

    page.get_by_label("Sammendrag").fill("Reformen er godt i gang.")
    page.get_by_label("Helsedirektoratets vurdering").focus()
    expect(status).to_contain_text("Utkastet er lagret")
    assert _latest("summary").text == "Reformen er godt i gang."
    page.get_by_label("Måltidsvert på sykehjemmet – Oslo (Statsforvalteren i Oslo og Viken, Våren 2021)").check()
    page.get_by_label("Videre arbeid").focus()
    expect(status).to_contain_text("Utkastet er lagret")
    assert _latest("examples").example_ids == [scenario["example"].pk]

    page.get_by_role("button", name="Lag utkast som Word-dokument").click()
    _visit(page)
    link = page.get_by_role("link", name="Last ned arsrapport-leve-hele-livet-2021-utkast.docx")
    with page.expect_download() as download:
        link.click()
    draft = Document(io.BytesIO(download.value.path().read_bytes()))
    paragraphs = [(p.style.name, p.text) for p in draft.paragraphs]
    heading = paragraphs.index(("Heading 1", "Sammendrag"))
    assert paragraphs[heading + 1][1] == "Reformen er godt i gang."

    page.get_by_label("Videre arbeid").fill("Nettverkene videreføres.")
    page.get_by_role("link", name="Ferdigstill årsrapporten").click()  # saves what was typed first
    page.wait_for_url("**/arsrapport/2021/ferdigstill/")
    _visit(page)
    assert _latest("next_steps").text == "Nettverkene videreføres."
    button = page.get_by_role("button", name="Ferdigstill årsrapporten")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _visit(page)
    expect(page.get_by_role("status").first).to_contain_text("ferdigstilt som versjon 1")
    assert AnnualSummary.objects.get(year=2021).status == "final"
    expect(page.locator("[data-summary-status]")).to_contain_text("Ferdigstilt, versjon 1")

    # An office reads the final version and downloads its document.
    page.context.clear_cookies()
    login(page, "ola-agder")
    page.goto("/arsrapport/")
    _visit(page)
    page.get_by_role("link", name="Årsrapport 2021").click()
    _visit(page)
    assert_tab_order(page)
    expect(page.get_by_text("Nettverkene videreføres.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned arsrapport-leve-hele-livet-2021-versjon-1.docx").click()
    final = Document(io.BytesIO(download.value.path().read_bytes()))
    assert final.core_properties.comments == "Ferdigstilt, versjon 1"
