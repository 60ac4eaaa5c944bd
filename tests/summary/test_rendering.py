"""The annual summary printed as a person would (LibreOffice to PDF, then read back with pdftotext): the table
of contents lists every heading of levels 1–2 with the page it is printed on, every heading is printed in order,
every page carries its page number, and no page in the body is left mostly blank by a chart or table pushed to
the next one. `make test` renders it with the other documents in one soffice call (tests/rendering.py)."""

import datetime
import re
import subprocess

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


def test_the_contents_give_the_page_each_heading_is_printed_on(rendered_documents):
    rendered = rendered_documents["annual_summary"]
    expected = [text for level, text in headings(document(rendered.source.read_bytes())) if level <= 2]
    pages = rendered.pages()
    contents = next(i for i, page in enumerate(pages) if "Innhold" in [line.strip() for line in page.splitlines()])
    entries = [
        (match.group(1), int(match.group(2)))
        for line in pages[contents].splitlines()
        if (match := re.fullmatch(r"\s*(.+?)\s*\.{3,}\s*(\d+)\s*", line))
    ]
    assert [text for text, _page in entries] == expected
    numbers = [number for _text, number in entries]
    assert numbers == sorted(numbers)
    assert numbers[0] == contents + 2  # the first heading follows the contents page
    # each heading is on the page its entry names (searched in order: an office's name appears twice)
    lowest = 0
    for text, number in entries:
        printed = [
            index + 1
            for index, page in enumerate(pages)
            if index >= lowest and text in [line.strip() for line in page.splitlines()]
        ]
        assert printed[:1] == [number], f"{text!r} is listed on page {number}, printed on {printed[:1]}"
        lowest = number - 1


def _text_bottoms(pdf) -> list[float]:
    """Per page: how far down the page body's text reaches (0 top, 1 bottom), leaving out header and footer."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    bottoms = []
    for page in html.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        lows = [float(y) / height for y in re.findall(r'yMax="([\d.]+)"', page)]
        bottoms.append(max((y for y in lows if 0.06 < y < 0.9), default=0.0))
    return bottoms


def test_no_page_of_the_body_is_left_mostly_blank(rendered_documents):
    """A chart kept with a table too long for the page's rest was pushed over whole, and a table's note could
    be left alone on a page: both left most of a page blank. The title page, the contents and the last page
    may end early."""
    bottoms = _text_bottoms(rendered_documents["annual_summary"].pdf)
    assert len(bottoms) > 5
    for number, bottom in enumerate(bottoms[2:-1], start=3):
        assert bottom > 0.6, f"page {number} ends {bottom:.0%} down the page"
