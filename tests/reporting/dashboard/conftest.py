"""Shared helpers for the dashboard tests: a small history, and readers of the rendered overview."""

import json
import re
from contextlib import redirect_stdout
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.factories import record

ROW_RE = re.compile(r'<tr[^>]*data-office="([^"]*)"[^>]*>(.*?)</tr>', re.S)
CELL_RE = re.compile(r'data-key="(\w+)" data-count="(\d+)" data-source="(\w+)"')


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def overview_cells(html: str) -> dict[str, dict[str, tuple[int, str]]]:
    """{office slug ("" for the country): {figure key: (count shown, source)}} as the page shows them."""
    return {
        slug: {key: (int(count), source) for key, count, source in CELL_RE.findall(body)}
        for slug, body in ROW_RE.findall(html)
    }


def report_figures(period: str, as_of: str | None = None) -> dict:
    """What `report_figures` prints (its stdout, captured around the command)."""
    args = ["--period", period] + (["--as-of", as_of] if as_of else [])
    out = StringIO()
    with redirect_stdout(out):
        call_command("report_figures", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def history(db, staff_a, staff_b):
    """A few facts in two offices, before and after the spring-2021 reference date."""
    record("0301", "decision", "process_described", "2020-10-01", user=staff_a, detail="20/1")
    record("0301", "phase", "3", "2021-03-01", user=staff_a)
    record("0301", "priority", "yes", "2021-03-01", user=staff_a, detail="mat")
    record("3001", "decision", "plan_adopted", "2021-02-01", user=staff_a, detail="21/1")
    record("3001", "areas_considered", "yes", "2021-02-01", user=staff_a)
    record("3001", "phase", "2", "2020-06-01", user=staff_a)
    record("3001", "samfunnsdel", "anchored", "2021-02-01", user=staff_a)
    record("3401", "decision", "process_described", "2021-05-01", user=staff_b, detail="21/2")  # after spring
    record("3401", "phase", "2", "2020-06-01", user=staff_b)
    record("3401", "dialogue_meeting", "held", "2020-10-10", user=staff_b, detail="2020-10-10")
