"""The annual summary printed as a person would (LibreOffice to PDF, then read back with pdftotext): the table
of contents lists every heading of levels 1–2, every heading is printed in order, and every page carries its
page number. `make test` renders it with the other documents in one soffice call (tests/rendering.py)."""

import datetime
import re

import pytest
from django.utils import timezone

from summary.data import summary_data_build
from summary.document import summary_document_bytes, summary_filename
from summary.selectors import summary_get, year_periods
from summary.services import directorate_part, summary_texts_save
from tests.factories import DirectorateFactory
from tests.rendering import DOCUMENTS

from .conftest import YEAR, document, headings, make_year

pytestmark = pytest.mark.django_db  # the session fixture needs the test database set up

DOCUMENTS["annual_summary"] = "tests.summary.test_rendering:annual_summary_document"


def annual_summary_document() -> tuple[str, bytes]:
    """A year with deliveries, a returned report, a chosen example and the directorate's sections."""
    hdir = DirectorateFactory(username="hdir-rendering", first_name="Hilde", last_name="Hdir")
    scenario = make_year(hdir)
    summary_texts_save(
        year=YEAR,
        texts={
            "summary": "Reformen er godt i gang i hele landet.\n\nFlere kommuner er i gjennomføringsfasen.",
            "assessment": "Framdriften er god, men forankringen i samfunnsdelen varierer.",
            "next_steps": "Nettverkene videreføres, og eksempelsamlingen utvides i 2022.",
        },
        example_ids=[scenario["example"].pk],
        user=hdir,
        round=None,
    )
    moment = timezone.make_aware(datetime.datetime(2022, 1, 20, 10, 0))
    data = summary_data_build(
        year=YEAR,
        periods=year_periods(YEAR),
        directorate=directorate_part(summary_get(YEAR)),
        generated_at=moment,
        generated_by="Hilde Hdir",
    )
    return summary_filename(data), summary_document_bytes(data)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_printed_summary_has_the_table_of_contents_and_every_heading(rendered_documents):
    rendered = rendered_documents["annual_summary"]
    expected = headings(document(rendered.source.read_bytes()))
    pages = rendered.pages()
    contents = next(i for i, page in enumerate(pages) if "Innhold" in [line.strip() for line in page.splitlines()])
    toc = _squash(pages[contents])
    position = 0
    for level, text in expected:
        if level <= 2:
            found = toc.find(_squash(text), position)
            assert found >= 0, f"the table of contents lacks {text!r}"
            position = found
    body = _squash(" ".join(pages[contents + 1 :]))
    position = 0
    for _level, text in expected:
        found = body.find(_squash(text), position)
        assert found >= 0, f"the heading {text!r} is not printed (in order)"
        position = found + len(text)
    for number, page in enumerate(pages, start=1):
        assert f"årsrapport 2021 · side {number} av {len(pages)}" in page
    assert "Oslo og Viken: godt i gang." in body
    assert "Ikke levert" in body
