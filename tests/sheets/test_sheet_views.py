"""Bulk entry in the browser, through the views: upload, preview, confirm; hostile files; one change for many."""

import datetime
import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import SecurityEvent
from municipalities.facts import StatusFact
from municipalities.models import Municipality
from municipalities.sheet_previews import SheetPreview
from networks.models import Network
from tests.factories import municipality, record

from .helpers import edit, edit_raw, export, row_of


def upload_url(office):
    return reverse("sheets:sheet-upload", kwargs={"slug": office.slug})


def post_sheet(client, office, data: bytes, *, name="ark.xlsx", date=None, note=""):
    return client.post(
        upload_url(office),
        {
            "file": SimpleUploadedFile(name, data, content_type="application/octet-stream"),
            "effective_date": (date or timezone.localdate()).isoformat(),
            "note": note,
        },
    )


def with_part(base: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr(name, content)
    return out.getvalue()


def test_upload_page_offers_the_working_sheet(client_a, office_a):
    response = client_a.get(upload_url(office_a))
    assert response.status_code == 200
    assert "Arbeidsark for statusoppdatering" in response.content.decode()
    download = client_a.get(reverse("sheets:sheet-download", kwargs={"slug": office_a.slug}))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="lhl-arbeidsark-oslo-og-viken-')
    assert download.content[:2] == b"PK"


def test_preview_then_confirm_records_exactly_the_previewed_changes(client_a, office_a, staff_a):
    record("0301", "decision", "process_described", "2020-06-01", user=staff_a)
    sheet = export(office_a)
    edited = edit(sheet, {("0301", "decision"): "plan_adopted", ("3001", "phase"): "3", ("3002", "involvement"): "yes"})
    before = StatusFact.objects.count()
    response = post_sheet(client_a, office_a, edited, note="Etter nettverkssamling")
    assert response.status_code == 302
    preview = client_a.get(response["Location"])
    page = preview.content.decode()
    assert "Ingenting er lagret ennå" in page
    assert "Prosess beskrevet" in page
    assert "Plan vedtatt" in page
    assert "Fase 3" in page
    assert StatusFact.objects.count() == before  # nothing written by the upload or the preview
    confirm = client_a.post(response["Location"])
    assert confirm.status_code == 302
    assert confirm["Location"] == reverse("municipalities:office-detail", kwargs={"slug": office_a.slug})
    new = StatusFact.objects.filter(source="sheet").order_by("municipality__number")
    assert [(f.municipality.number, f.fact, f.value) for f in new] == [
        ("0301", "decision", "plan_adopted"),
        ("3001", "phase", "3"),
        ("3002", "involvement", "yes"),
    ]
    assert {(f.recorded_by_id, f.note, f.effective_date) for f in new} == {
        (staff_a.pk, "Etter nettverkssamling", timezone.localdate())
    }
    # A second confirmation (double click, back button) records nothing more.
    again = client_a.post(response["Location"])
    assert again.status_code == 302
    assert StatusFact.objects.filter(source="sheet").count() == 3


def test_bad_cell_writes_nothing_and_names_row_and_column(client_a, office_a):
    sheet = export(office_a)
    edited = edit(sheet, {("0301", "decision"): "plan_adopted", ("3001", "samfunnsdel"): "kanskje"})
    response = post_sheet(client_a, office_a, edited)
    assert response.status_code == 200
    page = response.content.decode()
    line = row_of(sheet, "3001")
    # The column moved one right (decision_target_date); the message is the registry's, as on every path.
    assert f"Rad {line}, kolonne G: ukjent verdi: «kanskje» er ikke en gyldig verdi for Forankret i" in page
    assert "Ingenting er lagret" in page
    assert not StatusFact.objects.filter(source="sheet").exists()
    assert not SheetPreview.objects.exists()  # nothing kept for a refused sheet


def test_other_offices_row_refused(client_a, office_a):
    edited = edit_raw(export(office_a), "A5", "3401")
    response = post_sheet(client_a, office_a, edited)
    assert "Rad 5, kolonne A: 3401 Kongsvinger hører til et annet embete (innlandet)" in response.content.decode()
    assert not StatusFact.objects.filter(source="sheet").exists()


def test_stale_rows_are_shown_and_applied_only_after_a_fresh_look(client_a, office_a, staff_a2):
    sheet = export(office_a)
    record("3001", "phase", "2", "2021-01-01", user=staff_a2)  # someone else, after the download
    edited = edit(sheet, {("3001", "decision"): "plan_adopted", ("0301", "phase"): "3"})
    location = post_sheet(client_a, office_a, edited)["Location"]
    page = client_a.get(location).content.decode()
    assert "endret i portalen etter at arket ble lastet ned" in page
    assert 'name="include_stale" value="3001"' in page
    client_a.post(location)  # confirmed without looking at 3001 again
    assert [(f.municipality.number, f.fact) for f in StatusFact.objects.filter(source="sheet")] == [("0301", "phase")]


def test_stale_row_applied_when_ticked(client_a, office_a, staff_a2):
    sheet = export(office_a)
    record("3001", "phase", "2", "2021-01-01", user=staff_a2)
    location = post_sheet(client_a, office_a, edit(sheet, {("3001", "decision"): "plan_adopted"}))["Location"]
    client_a.post(location, {"include_stale": ["3001"]})
    assert StatusFact.objects.filter(source="sheet", municipality__number="3001", fact="decision").count() == 1


def test_change_between_preview_and_confirm_is_refused_and_previewed_again(client_a, office_a, staff_a2):
    location = post_sheet(client_a, office_a, edit(export(office_a), {("3001", "decision"): "plan_adopted"}))[
        "Location"
    ]
    client_a.get(location)
    record("3001", "decision", "process_described", "2021-02-01", user=staff_a2)  # meanwhile
    response = client_a.post(location)
    assert response.status_code == 200
    page = response.content.decode()
    assert "endret i portalen siden forhåndsvisningen" in page
    assert "Prosess beskrevet" in page  # the new current value is shown as "before"
    assert not StatusFact.objects.filter(source="sheet").exists()


def test_uploaded_file_is_not_kept(client_a, office_a, tmp_path):
    settings_root = settings.MEDIA_ROOT
    before = sorted(p for p in _walk(settings_root))
    location = post_sheet(client_a, office_a, edit(export(office_a), {("3001", "phase"): "3"}))["Location"]
    kept = str(list(SheetPreview.objects.values_list("entry", flat=True))) + str(dict(client_a.session))
    client_a.post(location)
    assert sorted(_walk(settings_root)) == before
    assert "3001" in kept  # the parsed cells are kept for the preview …
    assert "PK" not in kept  # … never the file
    assert "xl/worksheets" not in kept
    assert not SheetPreview.objects.exists()  # and the preview is used up by the confirmation


def _walk(root):
    import os

    if not os.path.isdir(root):
        return []
    return [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files]


HOSTILE = {
    "renamed CSV": (lambda base: b"kommunenummer,navn\n0301,Oslo\n", "ikke en Excel-arbeidsbok"),
    "renamed PDF": (lambda base: b"%PDF-1.4\n1 0 obj\n", "ikke en Excel-arbeidsbok"),
    "renamed HTML": (lambda base: b"<!doctype html><html><body>x</body></html>", "ikke en Excel-arbeidsbok"),
    "macro": (lambda base: with_part(base, "xl/vbaProject.bin", b"\0" * 64), "makroer"),
    "external link": (
        lambda base: with_part(base, "xl/externalLinks/externalLink1.xml", b"<externalLink/>"),
        "koblinger til andre filer",
    ),
    "bomb": (
        lambda base: with_part(base, "xl/worksheets/sheet9.xml", b"<a>" + b" " * (60 * 1024 * 1024) + b"</a>"),
        "pakker seg ut",
    ),
    "doctype": (
        lambda base: with_part(
            base, "xl/sharedStrings2.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><sst>&a;</sst>'
        ),
        "DOCTYPE",
    ),
    "formula": (lambda base: edit_raw(base, "I3", '=HYPERLINK("http://evil.example/","x")'), "formel"),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_files_are_refused_with_a_clear_message(client_a, office_a, kind):
    make, message = HOSTILE[kind]
    response = post_sheet(client_a, office_a, make(export(office_a)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Arket er ikke lastet inn. Ingenting er lagret." in page
    assert message in page
    assert not SheetPreview.objects.exists()  # nothing kept for a refused sheet
    assert not StatusFact.objects.filter(source="sheet").exists()


def test_future_effective_date_is_a_form_error(client_a, office_a):
    response = post_sheet(client_a, office_a, export(office_a), date=timezone.localdate() + datetime.timedelta(1))
    assert "Datoen kan ikke være senere enn i dag." in response.content.decode()


def test_staff_of_another_office_gets_403_and_is_logged(client, staff_b, office_a):
    client.force_login(staff_b)
    response = post_sheet(client, office_a, edit(export(office_a), {("0301", "phase"): "3"}))
    assert response.status_code == 403
    event = SecurityEvent.objects.get(username="staff-b")
    assert event.target == "office:oslo-og-viken:bulk"
    assert event.outcome == "denied"
    assert not StatusFact.objects.filter(source="sheet").exists()


# --- One change for many ---------------------------------------------------------------------------------


def group_url(office):
    return reverse("sheets:group-change", kwargs={"slug": office.slug})


def test_group_change_records_one_fact_per_selected_municipality(client_a, office_a, staff_a):
    numbers = ["0301", "3001", "3002"]
    data = {
        "municipalities": numbers,
        "fact": "dialogue_meeting",
        "value": "dialogue_meeting:held",
        "effective_date": "2021-03-10",
        "meeting_date": "2021-03-10",
        "meeting_format": "group",
        "participants": "Ordførere og kommunalsjefer",
        "note": "Gruppemøte i Halden",
    }
    page = client_a.get(group_url(office_a)).content.decode()
    assert "Velg alle" in page
    preview = client_a.post(group_url(office_a), {**data, "action": "preview"})
    text = preview.content.decode()
    assert preview.status_code == 200
    assert "Bekreft og registrer" in text
    assert "Gjennomført" in text
    assert not StatusFact.objects.filter(source="group").exists()
    versions = preview.context["versions"]
    done = client_a.post(group_url(office_a), {**data, "action": "confirm", "versions": versions})
    assert done.status_code == 302
    facts = StatusFact.objects.filter(source="group").order_by("municipality__number")
    assert [f.municipality.number for f in facts] == numbers
    assert {(f.fact, f.value, f.detail, f.meeting_format, f.recorded_by_id) for f in facts} == {
        ("dialogue_meeting", "held", "2021-03-10", "group", staff_a.pk)
    }


def test_group_change_for_a_network(client_a, office_a, staff_a):
    network = Network.objects.create(office=office_a, slug="vest", name="Nettverk vest", created_by=staff_a)
    data = {
        "municipalities": ["3001", "3002"],
        "fact": "network",
        "value": "network:participating",
        "effective_date": "2021-03-10",
        "network": "vest",
    }
    versions = client_a.post(group_url(office_a), {**data, "action": "preview"}).context["versions"]
    client_a.post(group_url(office_a), {**data, "action": "confirm", "versions": versions})
    facts = StatusFact.objects.filter(source="group")
    assert {(f.municipality.number, f.network_id, f.detail) for f in facts} == {
        ("3001", network.pk, "oslo-og-viken/vest"),
        ("3002", network.pk, "oslo-og-viken/vest"),
    }


def test_group_change_refuses_a_stale_confirmation(client_a, office_a, staff_a2):
    data = {"municipalities": ["3001"], "fact": "phase", "value": "phase:3", "effective_date": "2021-03-10"}
    versions = client_a.post(group_url(office_a), {**data, "action": "preview"}).context["versions"]
    record("3001", "phase", "2", "2021-03-01", user=staff_a2)
    response = client_a.post(group_url(office_a), {**data, "action": "confirm", "versions": versions})
    assert response.status_code == 200
    assert "endret i portalen siden forhåndsvisningen" in response.content.decode()
    assert not StatusFact.objects.filter(source="group").exists()
    assert response.context["rows"][0].old == "2"


def test_group_change_refuses_a_tampered_version(client_a, office_a):
    data = {"municipalities": ["3001"], "fact": "phase", "value": "phase:3", "effective_date": "2021-03-10"}
    response = client_a.post(group_url(office_a), {**data, "action": "confirm", "versions": "abc"})
    assert response.status_code == 200
    assert not StatusFact.objects.filter(source="group").exists()


def test_group_change_form_errors(client_a, office_a):
    response = client_a.post(
        group_url(office_a),
        {"fact": "phase", "value": "decision:none", "effective_date": "2999-01-01", "action": "preview"},
    )
    errors = response.context["form"].errors
    assert errors["municipalities"] == ["Velg minst én kommune."]
    assert "Datoen kan ikke være senere enn i dag." in errors["effective_date"]
    assert "Velg en verdi som hører til" in errors["value"][0]


def test_group_change_ignores_another_offices_municipality(client_a, office_a):
    data = {
        "municipalities": ["3401"],
        "fact": "phase",
        "value": "phase:3",
        "effective_date": "2021-03-10",
        "action": "preview",
    }
    response = client_a.post(group_url(office_a), data)
    assert "municipalities" in response.context["form"].errors
    assert municipality("3401").status_version == Municipality.objects.get(number="3401").status_version
