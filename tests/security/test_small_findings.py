"""The smaller findings of the outside test.

- X-9: macros and external links are refused by what the package declares them to be (content types,
  relationship types), whatever their parts are called.
- B-8: a period name with a line break is refused; a name stored with one before still gets its e-mails.
- B-9: right-to-left overrides and zero-width characters are refused in short single-line fields (names, titles,
  places), by one shared rule every form of the portal applies.
"""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
import zipfile

import pytest
from django import forms
from django.core import mail
from django.urls import reverse
from openpyxl import Workbook

from common.uploads import UploadRejected, check_xlsx
from regional.models import Event
from reporting.periods.models import ReportingPeriod

# --- X-9 -------------------------------------------------------------------------------------------------------


def _workbook_with(extra: dict[str, bytes], replace: dict[str, bytes] | None = None) -> bytes:
    wb = Workbook()
    wb.active.append(["kommunenummer"])
    raw = io.BytesIO()
    wb.save(raw)
    source = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, (replace or {}).get(info.filename, source.read(info.filename)))
        for name, content in extra.items():
            target.writestr(name, content)
    return out.getvalue()


def _content_types_with(override: str) -> bytes:
    wb = Workbook()
    raw = io.BytesIO()
    wb.save(raw)
    types = zipfile.ZipFile(io.BytesIO(raw.getvalue())).read("[Content_Types].xml").decode()
    return types.replace("</Types>", override + "</Types>").encode()


def test_x9_a_macro_part_with_an_innocent_name_is_refused_by_its_content_type():
    override = '<Override PartName="/xl/media/image1.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    data = _workbook_with({"xl/media/image1.bin": b"\0" * 64}, {"[Content_Types].xml": _content_types_with(override)})
    with pytest.raises(UploadRejected, match="makroer"):
        check_xlsx(data)


def test_x9_a_macro_enabled_workbook_is_refused_by_its_content_type():
    types = _content_types_with("").replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    with pytest.raises(UploadRejected, match="makroer"):
        check_xlsx(_workbook_with({}, {"[Content_Types].xml": types}))


def test_x9_an_external_link_under_another_name_is_refused_by_its_relationship_type():
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        b'2006/relationships"><Relationship Id="rId9" Target="data/other.xml" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/externalLink"/></Relationships>'
    )
    data = _workbook_with({"xl/data/other.xml": b"<externalLink/>", "xl/data/_rels/x.xml.rels": rels})
    with pytest.raises(UploadRejected, match="koblinger"):
        check_xlsx(data)


def test_x9_the_portals_own_working_sheet_still_passes(office_a):
    from django.utils import timezone

    from municipalities.sheet import office_sheet_bytes

    assert check_xlsx(office_sheet_bytes(office=office_a, as_of=timezone.localdate())).data


# --- B-8 -------------------------------------------------------------------------------------------------------


def test_b8_a_period_name_with_a_line_break_is_refused(client, directorate_user):
    client.force_login(directorate_user)
    response = client.post(
        reverse("reporting:period-create"),
        {
            "slug": "spring-2031",
            "name": "Vår 2031\r\nBcc: x@example.invalid",
            "reference_date": "2031-04-30",
            "deadline": "2031-05-01",
        },
    )
    assert response.status_code == 200
    assert "Teksten kan ikke inneholde linjeskift." in response.content.decode()
    assert not ReportingPeriod.objects.filter(slug="spring-2031").exists()


def test_b8_a_period_name_stored_with_a_line_break_still_gets_its_reminders(office_a, staff_a):
    from reporting.reports.mail import reminder_mail_send

    period = ReportingPeriod.objects.order_by("reference_date").first()
    period.name = "Høst\n2020"
    assert reminder_mail_send(office=office_a, period=period, days=3, recipients=[staff_a.email]) == 1
    assert mail.outbox[0].subject.startswith("Påminnelse: rapporten for Høst 2020 ")


# --- B-9 -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("hidden", ["\u202e", "\u200b", "\u2066", "\ufeff"])
def test_b9_invisible_characters_are_refused_in_titles(client_a, office_a, hidden):
    response = client_a.post(
        reverse("regional:event-create", args=[office_a.slug]),
        {
            "title": f"Fagdag{hidden}gpj.exe",
            "start": "2031-05-04T09:00",
            "end": "2031-05-04T15:00",
            "target_group": "Ledere",
            "theme": "Mat",
            "place": "Oslo",
        },
    )
    assert response.status_code == 200
    assert "Teksten inneholder et usynlig tegn" in response.content.decode()
    assert not Event.objects.exists()


def test_b9_invisible_characters_are_refused_in_network_names(client_a, office_a):
    response = client_a.post(
        reverse("networks:create", args=[office_a.slug]),
        {"name": "Mat\u200bnettverket", "slug": "mat", "status": "new"},
    )
    assert response.status_code == 200
    assert "Teksten inneholder et usynlig tegn (U+200B)" in response.content.decode()


def test_b9_long_texts_keep_their_line_breaks(client_a):
    url = reverse("municipalities:example-create", args=["0301"])
    data = {"title": "Seniorkafé", "text": "Første linje\nAndre linje", "date": "2021-04-01"}
    assert client_a.post(url, data).status_code == 302


def _project_forms() -> list[type]:
    found = []
    for package in _project_apps():
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            if info.name.rsplit(".", 1)[-1] in ("forms", "fact_forms"):
                forms_module = importlib.import_module(info.name)
                found += [
                    cls
                    for _name, cls in inspect.getmembers(forms_module, inspect.isclass)
                    if issubclass(cls, forms.BaseForm) and cls.__module__ == forms_module.__name__
                ]
    return found


def _project_apps() -> list[str]:
    """Every app of the project (not Django's or a library's): the ones whose code lives in the repository."""
    from django.apps import apps
    from django.conf import settings

    base = str(settings.BASE_DIR)
    return [a.name for a in apps.get_app_configs() if a.path.startswith(base) and ".venv" not in a.path]


# The sign-in form and the admin's account form are Django's own: the username is checked against the accounts,
# and names there are the administrator's to keep.
DJANGO_OWN = {"LoginForm", "AccountCreationForm"}


def test_b9_every_form_of_the_portal_applies_the_shared_input_rules():
    from common.forms import PortalFormMixin

    project_forms = _project_forms()
    assert len(project_forms) >= 20
    missing = [cls.__qualname__ for cls in project_forms if not issubclass(cls, PortalFormMixin)]
    assert [name for name in missing if name not in DJANGO_OWN] == []
