"""A year of office reports for the annual summary tests: facts in three offices, reports submitted, accepted,
returned and never started, chosen examples, a fact recorded after a submission; and helpers that read the
Word document back with python-docx."""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from municipalities.models import GoodExample, Office
from reporting.models import ReportingPeriod
from reporting.reports.services import report_accept, report_return, report_submit, report_texts_save
from tests.factories import DirectorateFactory, UserFactory, municipality, record

YEAR = 2021


@pytest.fixture(autouse=True)
def _no_report_mail(monkeypatch):
    """The reports' e-mails are tested with the reports; these tests look at the summary only."""
    from reporting.reports import services as reports

    monkeypatch.setattr(reports, "transition_mail_send", lambda **kwargs: None)


@pytest.fixture
def media(settings, tmp_path):
    """Document files go to a folder of this test only."""
    folder = tmp_path / "media"
    folder.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(folder)}},
    }
    settings.MEDIA_ROOT = str(folder)
    return folder


@pytest.fixture
def hdir(db):
    return DirectorateFactory(username="hdir-summary", first_name="Hilde", last_name="Hdir")


def period(slug: str) -> ReportingPeriod:
    return ReportingPeriod.objects.get(slug=slug)


def _write_and_submit(office, slug: str, user, *, assessment: str, example_ids=None):
    p = period(slug)
    texts = {"assessment": assessment, "priorities": "Mat og måltider prioriteres."}
    report_texts_save(office=office, period=p, texts=texts, user=user, round=None, example_ids=example_ids)
    return report_submit(office=office, period=p, user=user)


def make_year(hdir) -> dict:
    """The scenario: Oslo og Viken delivers both periods (spring accepted, with an example), Agder delivers
    spring only (a fact recorded after its submission makes its live figures differ), Innlandet's spring
    report is returned (so: not delivered), the others never start."""
    oslo = Office.objects.get(slug="oslo-og-viken")
    agder = Office.objects.get(slug="agder")
    innlandet = Office.objects.get(slug="innlandet")
    staff = {
        "oslo": UserFactory(username="kari-oslo", office=oslo),
        "agder": UserFactory(username="ola-agder", office=agder),
        "innlandet": UserFactory(username="per-innlandet", office=innlandet),
    }
    for i, number in enumerate(("0301", "3001", "3002", "3003")):
        user = staff["oslo"]
        record(number, "decision", "plan_adopted" if i % 2 == 0 else "process_described", "2021-02-01", user=user)
        record(number, "areas_considered", "yes", "2021-02-01", user=user)
        record(number, "samfunnsdel", "anchored", "2021-02-01", user=user)
        record(number, "phase", "3" if i % 2 == 0 else "2", "2021-03-01", user=user)
        record(number, "priority", "yes", "2021-03-01", user=user, detail="maltidstider")
        record(number, "phase", "3", "2021-09-01", user=user)
    record("4201", "phase", "3", "2021-04-01", user=staff["agder"])
    record("4201", "priority", "yes", "2021-04-01", user=staff["agder"], detail="aktivitet")
    record("3401", "phase", "2", "2021-04-01", user=staff["innlandet"])

    example = GoodExample.objects.create(
        municipality=municipality("0301"),
        title="Måltidsvert på sykehjemmet",
        text="Fast vert ved middagen.\n\nGir bedre matlyst.",
        code="maltidstider",
        link="https://example.invalid/maltidsvert",
        date=datetime.date(2021, 3, 1),
        recorded_by=staff["oslo"],
    )
    not_chosen = GoodExample.objects.create(
        municipality=municipality("3001"),
        title="Seniortrim i parken",
        text="Ukentlig trim.",
        date=datetime.date(2021, 3, 2),
        recorded_by=staff["oslo"],
    )
    spring_oslo = _write_and_submit(
        oslo, "spring-2021", staff["oslo"], assessment="Oslo og Viken: godt i gang.", example_ids=[example.pk]
    )
    report_accept(report=spring_oslo.report, user=hdir)
    _write_and_submit(oslo, "autumn-2021", staff["oslo"], assessment="Oslo og Viken: flere i fase 3 nå.")
    _write_and_submit(agder, "spring-2021", staff["agder"], assessment="Agder: nettverkene er etablert.")
    record("4202", "phase", "3", "2021-04-01", user=staff["agder"])  # after the submission: live differs
    returned = _write_and_submit(innlandet, "spring-2021", staff["innlandet"], assessment="Innlandet: utkast.")
    report_return(report=returned.report, user=hdir, comment="Mangler tall.")
    return {"staff": staff, "example": example, "not_chosen": not_chosen, "offices": (oslo, agder, innlandet)}


@pytest.fixture
def year_data(db, hdir) -> dict:
    return make_year(hdir)


# --- reading the document back -------------------------------------------------------------------------------


def document(content: bytes):
    return Document(io.BytesIO(content))


def blocks(doc) -> list[Paragraph | Table]:
    """The body's paragraphs and tables in document order."""
    result = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            result.append(Paragraph(child, doc))
        elif tag == "tbl":
            result.append(Table(child, doc))
    return result


def headings(doc) -> list[tuple[int, str]]:
    """(level, text) of every paragraph in Word's built-in Heading 1–3 styles."""
    found = []
    for paragraph in doc.paragraphs:
        match = re.fullmatch(r"Heading ([1-3])", paragraph.style.name)
        if match:
            found.append((int(match.group(1)), paragraph.text))
    return found


def table_after(doc, heading: str, *, nth: int = 0) -> list[list[str]]:
    """The cell texts of the `nth` table after the heading with this text (before the next heading)."""
    seen = False
    count = 0
    for block in blocks(doc):
        if isinstance(block, Paragraph) and block.style.name.startswith("Heading"):
            if seen:
                break
            seen = block.text == heading
            continue
        if seen and isinstance(block, Table):
            if count == nth:
                return [[cell.text for cell in row.cells] for row in block.rows]
            count += 1
    raise AssertionError(f"no table {nth} after the heading {heading!r}")


def text_after(doc, heading: str, *, level: int | None = None) -> str:
    """The paragraphs' text after the heading, up to the next heading."""
    seen = False
    lines = []
    for paragraph in doc.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            if seen:
                break
            seen = paragraph.text == heading and (level is None or paragraph.style.name == f"Heading {level}")
            continue
        if seen:
            lines.append(paragraph.text)
    return "\n".join(lines).strip()


def leading_count(cell: str) -> int:
    match = re.match(r"(\d+) \(", cell)
    assert match, f"the cell {cell!r} does not start with the count"
    return int(match.group(1))


def report_figures(*args) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        call_command("report_figures", *args)
    return json.loads(out.getvalue())


def build(tmp_path, name: str, *args: str) -> bytes:
    path = tmp_path / name
    call_command("build_annual_summary", "--year", str(YEAR), *args, "--output", str(path))
    return path.read_bytes()
