"""Fixtures for the annual summary tests (the year of office reports is tests/summary/scenario.py) and helpers
that read the Word document back with python-docx."""

from __future__ import annotations

import contextlib
import io
import json
import re

import pytest
from django.core.management import call_command
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from tests.factories import DirectorateFactory

from .scenario import YEAR, make_year, period  # noqa: F401 (re-exported for the test modules)


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
