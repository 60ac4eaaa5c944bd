"""The rendering fixture itself: a workbook written by the portal's writer prints with its text."""

import io

import pytest
from openpyxl import Workbook

from .rendering import DOCUMENTS

pytestmark = pytest.mark.django_db  # the session fixture needs the test database set up

DOCUMENTS["rendering_self_test"] = "tests.test_rendering:self_test_workbook"


def self_test_workbook() -> tuple[str, bytes]:
    wb = Workbook()
    ws = wb.active
    ws.title = "Prøve"
    ws.append(["Kommune", "Status"])
    ws.append(["Bø", "Ikke registrert"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return "rendering-selvtest.xlsx", buffer.getvalue()


def test_every_listed_document_prints_with_its_text(rendered_documents):
    pages = rendered_documents["rendering_self_test"].pages()
    assert len(pages) == 1
    assert "Ikke registrert" in pages[0]
    assert "Bø" in pages[0]
