"""Bulk entry in a real browser: upload an edited working sheet, read the preview, confirm, see the change."""

from municipalities.facts import StatusFact
from tests.factories import UserFactory
from tests.sheets.helpers import edit

from .conftest import assert_accessible, login


def test_staff_uploads_an_edited_sheet_previews_and_confirms(page, office_a, tmp_path):
    UserFactory(username="kari", office=office_a)
    login(page, "kari")
    page.goto(f"/embeter/{office_a.slug}/arbeidsark/")
    assert page.get_by_role("heading", level=1).inner_text() == "Arbeidsark for statusoppdatering"
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned arbeidsark (Excel)").click()
    downloaded = tmp_path / "lastet-ned.xlsx"
    download_info.value.save_as(downloaded)
    edited = tmp_path / "utfylt.xlsx"
    edited.write_bytes(edit(downloaded.read_bytes(), {("3001", "phase"): "3", ("3002", "decision"): "plan_adopted"}))

    page.get_by_label("Utfylt arbeidsark (.xlsx)").set_input_files(str(edited))
    page.get_by_label("Merknad (valgfri)").fill("Etter regional samling")
    page.get_by_role("button", name="Vis endringene").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Se over endringene fra arbeidsarket"
    halden = page.get_by_role("table", name="Endringer for Halden")
    assert "Fase 3 – gjennomføring" in halden.inner_text()
    assert "Plan vedtatt" in page.get_by_role("table", name="Endringer for Moss").inner_text()
    assert StatusFact.objects.filter(source="sheet").count() == 0
    assert_accessible(page)

    page.get_by_role("button", name="Bekreft og registrer endringene").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Statsforvalteren i Oslo og Viken"
    assert "2 endringer er registrert for 2 kommuner." in page.get_by_role("status").first.inner_text()
    halden_row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Halden", exact=True))
    assert "Fase 3" in halden_row.inner_text()
    moss_row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Moss", exact=True))
    assert "Plan vedtatt" in moss_row.inner_text()
    assert StatusFact.objects.filter(source="sheet").count() == 2


def test_group_change_page_selects_all_by_keyboard(page, office_a):
    UserFactory(username="kari", office=office_a)
    login(page, "kari")
    page.goto(f"/embeter/{office_a.slug}/endre-flere/")
    page.get_by_label("Velg alle").focus()
    page.keyboard.press("Space")
    assert page.locator("#municipality-boxes input:checked").count() == 52
    assert_accessible(page)
