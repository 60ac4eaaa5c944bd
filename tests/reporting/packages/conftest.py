"""Fixtures for the report package tests: a private media folder, some facts for office A, and helpers."""

import contextlib
import io
import json

import openpyxl
import pytest
from django.core.management import call_command

from reporting.models import ReportingPeriod
from tests.factories import record
from tests.workbook_checks import table  # noqa: F401  (the packages' tests read tables the same way)


@pytest.fixture
def media(settings, tmp_path):
    """Package files go to a folder of this test only."""
    folder = tmp_path / "media"
    folder.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(folder)}},
    }
    settings.MEDIA_ROOT = str(folder)
    return folder


@pytest.fixture
def spring(db) -> ReportingPeriod:
    return ReportingPeriod.objects.get(slug="spring-2021")


def facts_for_office_a(user, numbers=("0301", "3001", "3002", "3003")):
    """A mix of facts as of spring 2021 in office A (Oslo og Viken): every spring figure gets a count."""
    for i, number in enumerate(numbers):
        record(
            number,
            "decision",
            "plan_adopted" if i % 2 == 0 else "process_described",
            "2021-02-01",
            user=user,
            detail=f"21/{100 + i}",
        )
        record(number, "areas_considered", "yes", "2021-02-01", user=user)
        record(number, "samfunnsdel", "anchored", "2021-02-01", user=user)
        record(number, "phase", "3" if i % 2 == 0 else "2", "2021-03-01", user=user)
        record(number, "priority", "yes", "2021-03-01", user=user, detail="aldersvennlig")
        record(number, "dialogue_meeting", "held", "2021-01-15", user=user, detail="2021-01-15")
    # one day after the reference date: never in the package
    record("3004", "decision", "plan_adopted", "2021-05-01", user=user, detail="21/999")


def workbook(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def rows(ws) -> list[tuple]:
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def report_figures(*args) -> dict:
    """What `report_figures` prints (PortalCommand writes to the stdout it found when created)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        call_command("report_figures", *args)
    return json.loads(out.getvalue())


def summary_figures(ws) -> dict:
    """The office workbook's Sammendrag table: key (column «Kode») → (the office's count, its share), the count
    being the first number to the right of the key."""
    figures = {}
    found = False
    for row in rows(ws):
        if row and row[0] == "Kode":
            found = True
            continue
        if found and row[0]:
            numbers = [i for i, v in enumerate(row[1:], start=1) if isinstance(v, int | float)]
            first = numbers[0] if numbers else None
            figures[row[0]] = (row[first], row[first + 1]) if first is not None else (None, None)
    return figures


def summary_country(ws) -> dict:
    """The office workbook's Sammendrag: key → (the country's count, its share), beside the office's."""
    header = next(r for r in rows(ws) if r and r[0] == "Kode")
    count_at, share_at = header.index("Antall i hele landet"), header.index("Andel i hele landet")
    return {r[0]: (r[count_at], r[share_at]) for r in rows(ws)[rows(ws).index(header) + 1 :] if r[0]}


def summary_about(ws) -> dict:
    """The lines above the Sammendrag table: label → value."""
    about = {}
    for row in rows(ws)[1:]:
        if not row or row[0] is None:
            break
        about[row[0]] = row[1]
    return about


def national_rows(ws) -> list[dict]:
    """The national Sammendrag table as dicts by header."""
    all_rows = rows(ws)
    header = next(r for r in all_rows if r and r[0] == "Kode")
    return [dict(zip(header, r, strict=False)) for r in all_rows[all_rows.index(header) + 1 :] if r[0]]
