"""Fixtures for the report package tests: a private media folder, some facts for office A, and helpers."""

import contextlib
import io
import json

import openpyxl
import pytest
from django.core.management import call_command

from reporting.models import ReportingPeriod
from tests.factories import record


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
    """The office workbook's Sammendrag table: key → (count, share)."""
    table = {}
    found = False
    for row in rows(ws):
        if row and row[0] == "Nøkkel":
            found = True
            continue
        if found and row[0]:
            table[row[0]] = (row[2], row[3])
    return table
