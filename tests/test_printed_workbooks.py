"""Every workbook the portal hands to people, printed as LibreOffice prints it: no cell shows `###`, and each
sheet's first printed page shows its last column's header (the sheet fits one page wide).

The national package is printed too (over a hundred pages, in the same `soffice` call).

The page header of every printed page names its sheet (`&A`), which is how the pages are told apart.
"""

import datetime

import pytest
from django.utils import timezone

from .rendering import DOCUMENTS

pytestmark = pytest.mark.django_db  # the session fixture needs the test database set up

MOMENT = datetime.datetime(2021, 4, 30, 12, 0, tzinfo=datetime.UTC)
LONG_TEXT = "\n\n".join(
    f"Avsnitt {i}: Embetet har fulgt opp kommunene med dialogmøter, nettverkssamlinger og veiledning om "
    "planarbeidet. " * 4
    for i in range(1, 9)
)

DOCUMENTS.update(
    {
        "office_package": "tests.test_printed_workbooks:office_package",
        "status_export": "tests.test_printed_workbooks:status_export",
        "grant_list": "tests.test_printed_workbooks:grant_list",
        "events": "tests.test_printed_workbooks:events",
        "drilldown": "tests.test_printed_workbooks:drilldown",
        "national_package": "tests.test_printed_workbooks:national_package",
    }
)


def _staff(slug: str):
    from municipalities.models import Office
    from tests.factories import UserFactory

    return UserFactory(username=f"print-{slug}", office=Office.objects.get(slug=slug))


def _history(user) -> None:
    from tests.factories import record
    from tests.reporting.packages.conftest import facts_for_office_a

    facts_for_office_a(user)
    record(
        "3001",
        "decision",
        "process_described",
        "2021-02-01",
        user=user,
        detail="21/42",
        target_date=datetime.date(2021, 11, 30),
    )
    for code in ("mat-og-maltider", "aktivitet", "helsehjelp", "sammenheng"):
        record("0301", "priority", "yes", "2021-03-01", user=user, detail=code)


def _spring():
    from reporting.periods.models import ReportingPeriod

    return ReportingPeriod.objects.get(slug="spring-2021")


def office_package() -> tuple[str, bytes]:
    from reporting.packages.workbook import package_filename, package_workbook_bytes
    from reporting.reports.services import report_texts_save
    from reporting.reports.snapshot import package_data_live

    user = _staff("oslo-og-viken")
    _history(user)
    texts = {"assessment": LONG_TEXT, "organisation": "Kort tekst.", "priorities": "=1+1 er ikke en formel"}
    report_texts_save(office=user.office, period=_spring(), texts=texts, user=user, round=None)
    data = package_data_live(period=_spring(), office=user.office, generated_at=MOMENT, generated_by="Test")
    return package_filename(data), package_workbook_bytes(data)


def national_package() -> tuple[str, bytes]:
    from reporting.packages.services import package_build_now
    from reporting.reports import services as reports

    user = _staff("oslo-og-viken")
    _history(user)
    reports.report_texts_save(
        office=user.office, period=_spring(), texts={"assessment": LONG_TEXT}, user=user, round=None
    )
    # the transition's e-mail waits for a commit that never comes (the builder's data is rolled back)
    reports.report_submit(office=user.office, period=_spring(), user=user)
    return package_build_now(period=_spring(), office=None, submitted=True, generated_at=MOMENT, generated_by="Test")


def status_export() -> tuple[str, bytes]:
    from municipalities.exporting import status_workbook_bytes
    from municipalities.models import Municipality

    _history(_staff("oslo-og-viken"))
    municipalities = Municipality.objects.filter(office__slug="oslo-og-viken")
    content = status_workbook_bytes(municipalities, datetime.date(2021, 4, 30), created=MOMENT)
    return "lhl-status-oslo-og-viken-2021-04-30.xlsx", content


def grant_list() -> tuple[str, bytes]:
    from reporting.grants.selectors import grant_rows, grant_schemes
    from reporting.grants.services import grant_confirmation_record
    from reporting.grants.workbook import grant_workbook_bytes
    from tests.factories import municipality

    user = _staff("oslo-og-viken")
    _history(user)
    grant_confirmation_record(
        municipality=municipality("0301"),
        year=2021,
        confirmed=True,
        as_of=MOMENT.date(),
        reason="Vedtak er på vei; kommunen deltar i nettverket fra høsten.",
        user=user,
    )
    office = user.office
    rows = grant_rows(year=2021, as_of=MOMENT.date(), office=office, order="name")
    content = grant_workbook_bytes(
        rows=rows,
        schemes=grant_schemes(year=2021),
        year=2021,
        as_of=MOMENT.date(),
        generated_at=MOMENT,
        office_name=office.title_on(MOMENT.date()),
    )
    return "tilskuddsprioritering-oslo-og-viken-2021.xlsx", content


def events() -> tuple[str, bytes]:
    from regional.exporting import events_xlsx
    from regional.models import Event

    user = _staff("oslo-og-viken")
    start = timezone.now() + datetime.timedelta(days=30)
    created = [
        Event.objects.create(
            office=user.office,
            start=start,
            end=start + datetime.timedelta(hours=6),
            title="Leve hele livet-konferansen for Oslo og Viken",
            target_group="Ledere og politikere",
            theme="Fra plan til handling",
            hdir_wanted=True,
            place="Oslo kongressenter",
            created_by=user,
        ),
    ]
    return "lhl-arrangementer.xlsx", events_xlsx(created, created=MOMENT)


def drilldown() -> tuple[str, bytes]:
    from municipalities.models import Municipality
    from reporting.figures.members_workbook import members_workbook_bytes

    municipalities = list(Municipality.objects.filter(office__slug="oslo-og-viken").select_related("county", "office"))
    content = members_workbook_bytes(
        label="Har tatt stilling til løsningene og vedtatt politisk, eller er i prosess fram mot vedtak",
        who="Statsforvalteren i Oslo og Viken",
        lines=[["Periode", "Våren 2021"], ["Per dato", datetime.date(2021, 4, 30)]],
        municipalities=municipalities,
        sources={m.office_id: "Innsendt tall per 3.12.2026 kl. 14.32" for m in municipalities},
        period="Våren 2021",
        created=MOMENT,
    )
    return "lhl-kommuner-oslo-og-viken-2021-04-30.xlsx", content


def _sheets_by_page(document) -> dict[str, list[str]]:
    """Printed pages by the sheet their page header names, in order."""
    import openpyxl

    names = openpyxl.load_workbook(document.source, read_only=True).sheetnames
    pages: dict[str, list[str]] = {}
    for text in document.pages():
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        sheet = lines[0] if lines else ""
        assert sheet in names, (document.name, lines[:2])
        pages.setdefault(sheet, []).append(text)
    return pages


def _last_headers(document) -> dict[str, str]:
    import openpyxl

    from tests.workbook_checks import headers

    wb = openpyxl.load_workbook(document.source)
    return {ws.title: headers(ws)[-1] for ws in wb}


@pytest.mark.parametrize(
    "name", ["office_package", "national_package", "status_export", "grant_list", "events", "drilldown"]
)
def test_no_cell_prints_hashes_and_every_sheet_fits_one_page_wide(rendered_documents, name):
    document = rendered_documents[name]
    pages = document.pages()
    assert pages
    for number, text in enumerate(pages, start=1):
        assert "###" not in text, (name, number)
    by_sheet = _sheets_by_page(document)
    last = _last_headers(document)
    assert set(by_sheet) == set(last), name  # every sheet printed
    for sheet, header in last.items():
        first_page = " ".join(by_sheet[sheet][0].split())
        for word in header.split():
            assert word in first_page, (name, sheet, header)


def test_the_office_package_prints_its_title_footer_and_page_numbers(rendered_documents):
    pages = rendered_documents["office_package"].pages()
    first = " ".join(pages[0].split())
    assert "Rapportpakke for Leve hele livet – Statsforvalteren i Oslo og Viken – Våren 2021" in first
    assert "Statsforvalteren i Oslo og Viken" in pages[0].splitlines()[-1] or "Side 1 av" in first
    assert f"Side 1 av {len(pages)}" in first
    assert "Våren 2021, per 30.04.2021" in first
