#!/usr/bin/env python
"""Benchmark: the report packages (the speed targets). Not part of the test suite.

    .venv/bin/python bench/reports.py [--keep]

Builds all ten office packages plus the national one for spring-2021 from the full reference data with two
years of synthetic history (2020-2021), in a throwaway SQLite database in a temp folder (never the portal's
database), and compares:

- R: the time to build the eleven packages (data + workbook) ÷ the floor, the time openpyxl alone takes to
  write the same finished sheets (write-only workbooks, the same cells with the same named styles, widths, row
  heights, wrapping, frozen headers, filters, print set-up, charts and page breaks, from plans made before the
  clock starts), both measured in the same process, taking turns after a warm-up round (best of 5); the ratio
  to bare values is printed too;
- M: the peak resident memory (ru_maxrss) of a fresh process that builds the eleven packages;
- S: the build time at 100× the municipalities (synthetic clones of every municipality, each with its own
  history) ÷ the build time at 1× (linear growth gives about 100; the target is S <= 120).

It ends with the line  `reports: ratio_to_floor=R peak_mb=M scale100_ratio=S`.
Each measurement runs in its own process (setup, build at 1× with the floor, build at 100×).
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERIOD = "spring-2021"
REPEATS = 5


def django_setup(db: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "lhl_portal.settings.base"
    os.environ["DEBUG"] = "0"  # no query log kept in memory
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["CELERY_BROKER_URL"] = ""
    os.environ["LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- setup: the country and its history -------------------------------------------------------------------


def _clone_municipalities(factor: int) -> None:
    """factor-1 synthetic copies of every municipality (same county and office), numbered from 10000."""
    from django.db import connection

    from municipalities.models import Municipality

    # The bench database only: the real rule (four-digit numbers) leaves room for 10,000 municipalities.
    # SQLite rebuilds the table from the model's options, so the constraint leaves them first.
    meta = Municipality._meta
    constraint = next(c for c in meta.constraints if c.name == "municipality_number_four_digits")
    meta.constraints = [c for c in meta.constraints if c is not constraint]
    with connection.schema_editor() as editor:
        editor.remove_constraint(Municipality, constraint)
    originals = list(Municipality.objects.order_by("number"))
    clones = []
    serial = 10000
    for copy in range(1, factor):
        for m in originals:
            clones.append(
                Municipality(
                    number=str(serial),
                    name=f"{m.name} {copy}",
                    sort_key=f"{m.sort_key} {copy:03d}",
                    county_id=m.county_id,
                    office_id=m.office_id,
                    population=m.population,
                    search_names=f"{m.name} {copy}".casefold(),
                )
            )
            serial += 1
    Municipality.objects.bulk_create(clones, batch_size=2000)


def _history(rng: random.Random, municipality, networks: list, codes: list[str], user, tz) -> list:
    """Two years of facts for one municipality: the status moves on, meetings, networks, priorities."""
    from municipalities.facts import StatusFact

    facts = []

    def add(fact, value, date, detail="", **extra):
        moment = datetime.datetime.combine(date, datetime.time(9 + rng.randrange(8), rng.randrange(60)), tz)
        facts.append(
            StatusFact(
                municipality_id=municipality.pk,
                fact=fact,
                value=value,
                detail=detail,
                effective_date=date,
                recorded_at=moment,
                recorded_by_id=user.pk,
                source="bench",
                **extra,
            )
        )

    def day(year: int) -> datetime.date:
        return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(360))

    add("decision", "none", day(2020))
    if rng.random() < 0.8:
        add("decision", "process_described", datetime.date(2020, 9, 1), detail=f"20/{rng.randrange(9999)}")
    if rng.random() < 0.6:
        add("decision", "plan_adopted", day(2021), detail=f"21/{rng.randrange(9999)}")
    for fact in ("areas_considered", "involvement"):
        add(fact, rng.choice(["yes", "no"]), day(2020))
        add(fact, rng.choice(["yes", "no"]), day(2021))
    for fact in ("samfunnsdel", "action_plan", "other_plans"):
        add(fact, "none", day(2020))
        add(fact, rng.choice(["planned", "anchored"]), day(2021))
    add("phase", "2", day(2020))
    if rng.random() < 0.5:
        add("phase", "3", day(2021))
    for year in (2020, 2021):
        for _ in range(2):
            date = day(year)
            add("dialogue_meeting", rng.choice(["offered", "planned", "held"]), date, detail=date.isoformat())
    for network in rng.sample(networks, k=min(2, len(networks))):
        add("network", "planned", day(2020), detail=network.qualified_slug, network_id=network.pk)
        add(
            "network",
            rng.choice(["participating", "none"]),
            day(2021),
            detail=network.qualified_slug,
            network_id=network.pk,
        )
    for code in rng.sample(codes, k=4):
        add("priority", "yes", day(2021), detail=code)
    return facts


def setup(db: Path, factor: int) -> dict:
    django_setup(db)
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.services import system_actor
    from municipalities.facts import StatusFact
    from municipalities.models import Municipality, Office, Solution
    from municipalities.reference_data import load_reference_data
    from networks.models import Network

    call_command("migrate", verbosity=0)
    load_reference_data()
    from reporting.reference_data import reporting_reference_load

    reporting_reference_load()
    if factor > 1:
        _clone_municipalities(factor)
    user = system_actor()
    networks_by_office = {}
    for office in Office.objects.all():
        networks_by_office[office.pk] = [
            Network.objects.create(office=office, slug=f"nettverk-{i}", name=f"Nettverk {i}", created_by=user)
            for i in range(3)
        ]
    codes = list(Solution.objects.values_list("code", flat=True))
    rng = random.Random(7)
    tz = timezone.get_default_timezone()
    batch: list = []
    total = 0
    for m in Municipality.objects.order_by("pk").iterator(chunk_size=2000):
        batch += _history(rng, m, networks_by_office[m.office_id], codes, user, tz)
        if len(batch) >= 20000:
            StatusFact.objects.bulk_create(batch)
            total += len(batch)
            batch = []
    StatusFact.objects.bulk_create(batch)
    total += len(batch)
    return {"municipalities": Municipality.objects.count(), "facts": total}


# --- building -------------------------------------------------------------------------------------------------


def _build_all(period, offices, moment):
    """The eleven packages: ten offices (live) and the national one the portal builds. The cache starts empty,
    so each round computes the country's figures (beside every office's) once, as a batch of jobs would."""
    from django.core.cache import cache

    from reporting.packages.services import package_data_for

    cache.clear()
    from reporting.packages.workbook import package_workbook_bytes

    datas, sizes = [], []
    for office in [*offices, None]:
        data = package_data_for(
            period=period, office=office, submitted=office is None, generated_at=moment, generated_by="Bench"
        )
        sizes.append(len(package_workbook_bytes(data)))
        datas.append(data)
    return datas, sizes


def _floor(all_plans, *, styled: bool = True) -> None:
    """The same sheets written by openpyxl alone from their finished plans (common.xlsx_tables.plan_sheet, made
    before the clock starts): the same cells with the same named styles, widths, row heights, wrapping, frozen
    header, autofilter, print set-up, footer, charts and page breaks (styled); or the bare values
    (styled=False, reported for comparison)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    from common.xlsx_tables import PageFooter, _chart, named_styles, print_setup

    footer = PageFooter(office="Statsforvalteren", period="Våren 2021")
    for plans in all_plans:
        wb = Workbook(write_only=True)
        if styled:
            for style in named_styles().values():
                wb.add_named_style(style)
        for plan in plans:
            ws = wb.create_sheet(plan.title)
            if not styled:
                for row in plan.rows:
                    ws.append([None if c is None else c[0] for c in row])
                continue
            for index, width in enumerate(plan.widths, start=1):
                ws.column_dimensions[get_column_letter(index)].width = width
            ws.freeze_panes = plan.freeze
            ws.auto_filter.ref = plan.filter_ref
            print_setup(ws, header_row=plan.header_row, footer=footer)
            for number, row in enumerate(plan.rows, start=1):
                if number in plan.heights:
                    ws.row_dimensions[number].height = plan.heights[number]
                cells = []
                for found in row:
                    if found is None:
                        cells.append(None)
                        continue
                    c = WriteOnlyCell(ws, value=found[0])
                    c.style = found[1]
                    if found[2]:
                        c.data_type = "s"
                        c.quotePrefix = True
                    cells.append(c)
                ws.append(cells)
            for placed in plan.charts:
                ws.add_chart(_chart(ws, placed))
            for row in plan.breaks:
                ws.row_breaks.append(Break(id=row))
        wb.save(io.BytesIO())


def build(db: Path, *, floor: bool, repeats: int) -> dict:
    django_setup(db)
    from django.utils import timezone

    from common.xlsx_tables import plan_sheet
    from municipalities.models import Office
    from reporting.models import ReportingPeriod
    from reporting.packages.workbook import package_sheets

    period = ReportingPeriod.objects.get(slug=PERIOD)
    offices = list(Office.objects.order_by("position"))
    moment = timezone.now()
    plans = []
    if repeats > 1:  # a warm-up round: imports, translations, the query compiler
        datas, _sizes = _build_all(period, offices, moment)
        plans = [[plan_sheet(sheet) for sheet in package_sheets(d)] for d in datas] if floor else []
    times, floors, bare = [], [], []
    # Build and floor take turns, so that a busy moment on a shared machine weighs on both alike.
    for _ in range(repeats):
        start = time.perf_counter()
        _build_all(period, offices, moment)
        times.append(time.perf_counter() - start)
        if floor:
            start = time.perf_counter()
            _floor(plans)
            floors.append(time.perf_counter() - start)
            start = time.perf_counter()
            _floor(plans, styled=False)
            bare.append(time.perf_counter() - start)
    result = {"build": min(times), "builds": times}
    if floor:
        result.update(floor=min(floors), floors=floors, floor_bare=min(bare))
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    return result


# --- driver -----------------------------------------------------------------------------------------------------


def child(*args: str) -> dict:
    p = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT)
    if p.returncode:
        sys.stderr.write(p.stderr)
        sys.exit(f"bench step {args[0]} failed")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", action="store_true", help="keep the temp folder with the databases")
    ap.add_argument("--step", choices=["setup", "build", "memory"], help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--factor", type=int, default=1, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.step == "setup":
        print(json.dumps(setup(Path(a.db), a.factor)))
        return
    if a.step == "build":
        print(json.dumps(build(Path(a.db), floor=a.factor == 1, repeats=REPEATS if a.factor == 1 else 1)))
        return
    if a.step == "memory":
        print(json.dumps(build(Path(a.db), floor=False, repeats=1)))
        return

    folder = Path(tempfile.mkdtemp(prefix="lhl-bench-reports-"))
    try:
        started = time.perf_counter()
        db1, db100 = folder / "x1.sqlite3", folder / "x100.sqlite3"
        info1 = child("--step", "setup", "--db", str(db1), "--factor", "1")
        print(f"setup 1x: {info1['municipalities']} municipalities, {info1['facts']} facts", file=sys.stderr)
        memory = child("--step", "memory", "--db", str(db1))
        one = child("--step", "build", "--db", str(db1), "--factor", "1")
        print(
            f"1x: build {one['build']:.3f}s, floor {one['floor']:.3f}s (openpyxl alone, same cells and formats; "
            f"bare values {one['floor_bare']:.3f}s, ratio {one['build'] / one['floor_bare']:.2f})",
            file=sys.stderr,
        )
        info100 = child("--step", "setup", "--db", str(db100), "--factor", "100")
        print(f"setup 100x: {info100['municipalities']} municipalities, {info100['facts']} facts", file=sys.stderr)
        hundred = child("--step", "build", "--db", str(db100), "--factor", "100")
        print(
            f"100x: build {hundred['build']:.3f}s (peak {hundred['peak_mb']:.0f} MB); "
            f"total bench time {time.perf_counter() - started:.0f}s",
            file=sys.stderr,
        )
        ratio = one["build"] / one["floor"]
        scale = hundred["build"] / one["build"]
        print(f"reports: ratio_to_floor={ratio:.2f} peak_mb={memory['peak_mb']:.1f} scale100_ratio={scale:.1f}")
    finally:
        if a.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
