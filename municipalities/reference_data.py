"""Loading the country's reference data: offices, counties, municipalities and the reform's catalogue.

Idempotent: a re-run changes nothing, and never overwrites a catalogue name the directorate corrected.
Every file is read and checked before anything is written.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from common.cli import InputRejected

from .collation import norwegian_sort_key
from .models import County, FocusArea, Municipality, Office, Solution

DEFAULT_DATA_DIR = Path(settings.BASE_DIR) / "data"

# The ten statsforvalter offices of 2021, in the order the directorate lists them (seed 001).
OFFICES: list[tuple[str, str]] = [
    ("oslo-og-viken", "Oslo og Viken"),
    ("innlandet", "Innlandet"),
    ("vestfold-og-telemark", "Vestfold og Telemark"),
    ("agder", "Agder"),
    ("rogaland", "Rogaland"),
    ("vestland", "Vestland"),
    ("more-og-romsdal", "Møre og Romsdal"),
    ("trondelag", "Trøndelag"),
    ("nordland", "Nordland"),
    ("troms-og-finnmark", "Troms og Finnmark"),
]
OFFICE_SLUG_BY_REGION = {region: slug for slug, region in OFFICES}

NAMES_FILE = "kommuner_2020_navn.csv"
NAME_COLUMNS = [
    "navn_norsk",
    "navn_offisielt_2023",
    "navn_offisielt_2022",
    "navn_prioritet1",
    "navn_nordsamisk",
    "navn_lulesamisk",
    "navn_sorsamisk",
    "navn_kvensk",
]
MUNICIPALITY_HEADER = ["kommunenummer", "navn", "fylkesnummer", "fylke", "embete", "folketall_2020"]
CATALOGUE_HEADER = ["kind", "code", "area_code", "name_nb", "source_status", "source"]


class ReferenceDataError(InputRejected):
    """Problems in one reference file: each message names the file and line."""


@dataclass
class LoadResult:
    recorded: int = 0
    unchanged: int = 0


def _read(path: Path, header: list[str], problems: list[tuple[int, str]]) -> list[tuple[int, dict[str, str]]]:
    name = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ReferenceDataError([(0, f"{name}: file not found in {path.parent}")]) from None
    except UnicodeDecodeError:
        raise ReferenceDataError([(1, f"{name}: not UTF-8")]) from None
    reader = csv.reader(io.StringIO(text))
    first = next(reader, None)
    if first != header:
        raise ReferenceDataError([(1, f"{name}: expected the header {','.join(header)}")])
    rows = []
    for row in reader:
        if not row:
            continue
        if len(row) != len(header):
            problems.append((reader.line_num, f"{name}: expected {len(header)} columns, got {len(row)}"))
            continue
        rows.append((reader.line_num, dict(zip(header, row, strict=True))))
    return rows


def _check_municipalities(rows: list[tuple[int, dict[str, str]]], name: str, problems: list[tuple[int, str]]) -> None:
    seen: set[str] = set()
    for line, row in rows:
        if not re.fullmatch(r"[0-9]{4}", row["kommunenummer"]):
            problems.append((line, f"{name}: kommunenummer {row['kommunenummer']!r} must be four digits"))
        elif row["kommunenummer"] in seen:
            problems.append((line, f"{name}: kommunenummer {row['kommunenummer']} appears twice"))
        seen.add(row["kommunenummer"])
        if not row["navn"].strip():
            problems.append((line, f"{name}: navn is empty"))
        if not re.fullmatch(r"[0-9]{2}", row["fylkesnummer"]) or not row["fylke"].strip():
            problems.append((line, f"{name}: fylkesnummer/fylke {row['fylkesnummer']!r}/{row['fylke']!r} is invalid"))
        if row["embete"] not in OFFICE_SLUG_BY_REGION:
            problems.append((line, f"{name}: unknown embete {row['embete']!r}"))
        if not row["folketall_2020"].isdigit():
            problems.append((line, f"{name}: folketall_2020 {row['folketall_2020']!r} is not a whole number"))
    if not rows:
        problems.append((2, f"{name}: no municipalities"))


def _check_catalogue(rows: list[tuple[int, dict[str, str]]], name: str, problems: list[tuple[int, str]]) -> None:
    areas = {row["code"] for _, row in rows if row["kind"] == "area"}
    seen: set[str] = set()
    for line, row in rows:
        if row["kind"] not in ("area", "solution"):
            problems.append((line, f"{name}: kind {row['kind']!r} must be area or solution"))
        if not re.fullmatch(r"[a-z0-9-]+", row["code"]):
            problems.append((line, f"{name}: code {row['code']!r} is not a slug"))
        elif row["code"] in seen:
            problems.append((line, f"{name}: code {row['code']} appears twice"))
        seen.add(row["code"])
        if not row["name_nb"].strip():
            problems.append((line, f"{name}: name_nb is empty"))
        if row["kind"] == "solution" and row["area_code"] not in areas:
            problems.append((line, f"{name}: unknown area_code {row['area_code']!r}"))


def _save_if_changed(obj, values: dict, result: LoadResult) -> None:
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if not changed:
        result.unchanged += 1
        return
    for k in changed:
        setattr(obj, k, values[k])
    obj.save()
    result.recorded += 1


def load_reference_data(*, data_dir: Path | None = None) -> LoadResult:
    data_dir = Path(data_dir or DEFAULT_DATA_DIR)
    m_name, c_name = "kommuner_2020.csv", "innsatsomrader.csv"
    m_problems: list[tuple[int, str]] = []
    municipalities = _read(data_dir / m_name, MUNICIPALITY_HEADER, m_problems)
    _check_municipalities(municipalities, m_name, m_problems)
    c_problems: list[tuple[int, str]] = []
    catalogue = _read(data_dir / c_name, CATALOGUE_HEADER, c_problems)
    _check_catalogue(catalogue, c_name, c_problems)
    # One file's problems in line order, then the next file's.
    problems = sorted(m_problems) + sorted(c_problems)
    if problems:
        raise ReferenceDataError(problems)
    names = _read_names(data_dir / NAMES_FILE)
    with transaction.atomic():
        return _write(municipalities, catalogue, names)


def search_names(forms: list[str]) -> str:
    """All name forms, lower-cased, each also without diacritics (so "gaivuotna" finds "Gáivuotna")."""
    import unicodedata

    seen: list[str] = []
    for form in forms:
        for part in [form, *form.split(" - ")]:
            lowered = part.strip().casefold()
            plain = "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
            for variant in (lowered, plain):
                if variant and variant not in seen:
                    seen.append(variant)
    return "|".join(seen)[:600]


def _read_names(path: Path) -> dict[str, list[str]]:
    """Optional: the official name forms by language, keyed by municipality number."""
    if not path.exists():
        return {}
    reader = csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig")))
    return {row["kommunenummer"]: [row.get(c) or "" for c in NAME_COLUMNS] for row in reader}


def _write(municipalities, catalogue, names: dict[str, list[str]] | None = None) -> LoadResult:
    names = names or {}
    result = LoadResult()
    offices: dict[str, Office] = {o.slug: o for o in Office.objects.all()}
    for position, (slug, region) in enumerate(OFFICES, start=1):
        office = offices.get(slug)
        if office is None:
            offices[slug] = Office.objects.create(slug=slug, region=region, position=position)
            result.recorded += 1
        else:
            _save_if_changed(office, {"region": region, "position": position}, result)

    counties: dict[str, County] = {c.number: c for c in County.objects.all()}
    for _line, row in municipalities:
        office = offices[OFFICE_SLUG_BY_REGION[row["embete"]]]
        county = counties.get(row["fylkesnummer"])
        if county is None:
            counties[row["fylkesnummer"]] = County.objects.create(
                number=row["fylkesnummer"], name=row["fylke"], office=office
            )
            result.recorded += 1
        elif county.name != row["fylke"] or county.office_id != office.pk:
            _save_if_changed(county, {"name": row["fylke"], "office": office}, result)

    existing = {m.number: m for m in Municipality.objects.all()}
    for _line, row in municipalities:
        values = {
            "name": row["navn"],
            "county_id": counties[row["fylkesnummer"]].pk,
            "office_id": offices[OFFICE_SLUG_BY_REGION[row["embete"]]].pk,
            "population": int(row["folketall_2020"]),
            "sort_key": norwegian_sort_key(row["navn"]),
            "search_names": search_names([row["navn"], *names.get(row["kommunenummer"], [])]),
        }
        municipality = existing.get(row["kommunenummer"])
        if municipality is None:
            Municipality.objects.create(number=row["kommunenummer"], **values)
            result.recorded += 1
        else:
            _save_if_changed(municipality, values, result)

    areas = {a.code: a for a in FocusArea.objects.all()}
    solutions = {s.code: s for s in Solution.objects.all()}
    area_pos = sol_pos = 0
    obj: FocusArea | Solution | None
    model: type[FocusArea] | type[Solution]
    for _line, row in catalogue:
        if row["kind"] == "area":
            area_pos += 1
            obj, model, position, extra = areas.get(row["code"]), FocusArea, area_pos, {}
        else:
            sol_pos += 1
            obj, model, position = solutions.get(row["code"]), Solution, sol_pos
            extra = {"area": areas[row["area_code"]]}
        values = {"position": position, "source_status": row["source_status"], **extra}
        if obj is None:
            created = model.objects.create(code=row["code"], name=row["name_nb"], **values)
            if isinstance(created, FocusArea):
                areas[row["code"]] = created
            else:
                solutions[row["code"]] = created
            result.recorded += 1
        else:
            if obj.name_corrected_at is None:  # a name the directorate corrected is never overwritten
                values["name"] = row["name_nb"]
            _save_if_changed(obj, values, result)
    return result
