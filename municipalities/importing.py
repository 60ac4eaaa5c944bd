"""Importing status facts from rows of a file: parse, validate every row, then record all or nothing.

The rows come as (line number, {column: text}) pairs, from a CSV file (`import_status`) or a sheet (the
Excel import); the line is the file's line or the sheet's row. Columns: kommunenummer, fact, value,
effective_date, detail and the optional target_date.

- Every bad row is reported as a RowProblem (line, column, Norwegian message), in line order; if there is
  one, nothing is written (not even a network).
- A row is skipped as already recorded only when an unretracted fact with the same municipality, fact,
  detail, value, effective date and target date exists: re-importing a file adds nothing and never undoes a
  later correction.
- Rows are recorded in file order in one call to `facts_record`, so on the same effective date a later row
  wins over an earlier one.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .fact_builder import FactBuilder, RawFact
from .models import Office, StatusFact
from .services import FactInput, NetworkRef, facts_record

IMPORT_COLUMNS = ("kommunenummer", "fact", "value", "effective_date", "detail")
OPTIONAL_COLUMNS = ("target_date",)
IMPORT_SOURCE = "import"
# The builder's field names as this file's columns (the others cannot occur in a CSV row).
COLUMNS = {"municipality": "kommunenummer"}


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str  # the column the problem is in ("" when it concerns the whole row)
    message: str


class ImportRejected(Exception):
    """The rows have problems; nothing was written."""

    def __init__(self, problems: Sequence[RowProblem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = sorted(problems, key=lambda p: p.line)


@dataclass
class ImportResult:
    recorded: int
    unchanged: int
    networks_created: list[str] = field(default_factory=list)  # qualified slugs


@dataclass
class CheckedRow:
    """A row that passed every check, ready to record (its network may still have to be created)."""

    line: int
    item: FactInput
    new_network: tuple[Office, str] | None = None  # (office, slug) of a network --create-networks makes


def status_rows_check(
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    office: Office | None = None,
    create_networks: bool = False,
    today: datetime.date | None = None,
) -> tuple[list[CheckedRow], list[RowProblem]]:
    """Parse and check every row without writing: (rows ready to record, problems in line order).

    `office` limits the rows to that office's municipalities. With `create_networks`, a network slug that
    does not exist is to be created under the municipality's own office (never another office's). A
    described process may come without a target date here (historical surveys have none).
    """
    builder = FactBuilder(
        office=office,
        require_target_date=False,
        create_networks=create_networks,
        today=today or timezone.localdate(),
    )
    checked: list[CheckedRow] = []
    problems: list[RowProblem] = []
    for line, row in rows:
        built = builder.build(
            RawFact(
                municipality=row.get("kommunenummer") or "",
                fact=row.get("fact") or "",
                value=(row.get("value") or "").strip(),
                effective_date=row.get("effective_date") or "",
                detail=row.get("detail") or "",
                target_date=row.get("target_date") or None,
            )
        )
        problems += [RowProblem(line, COLUMNS.get(p.field, p.field), p.message) for p in built.problems]
        if built.item is not None:
            checked.append(CheckedRow(line, built.item, built.new_network))
    return checked, sorted(problems, key=lambda p: p.line)


def _existing_keys(items: Sequence[FactInput]) -> set[tuple]:
    """Keys of the unretracted facts the items could repeat: one query."""
    if not items:
        return set()
    rows = StatusFact.objects.filter(
        municipality__in={item.municipality.pk for item in items},
        fact__in={item.fact for item in items},
        retraction__isnull=True,
    ).values_list("municipality_id", "fact", "detail", "value", "effective_date", "target_date")
    return set(rows)


def _key(item: FactInput) -> tuple:
    stored = item.stored_fields()
    return (item.municipality.pk, *(stored[k] for k in ("fact", "detail", "value", "effective_date", "target_date")))


@transaction.atomic
def status_import(
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    user: User,
    office: Office | None = None,
    create_networks: bool = False,
    source: str = IMPORT_SOURCE,
    today: datetime.date | None = None,
) -> ImportResult:
    """Check every row, then create the missing networks and record the new facts, in one transaction.

    Raises ImportRejected (nothing written) when any row has a problem. The caller decides who may import
    for which office (accounts.permissions); `office` limits the rows to that office's municipalities.
    """
    checked, problems = status_rows_check(rows, office=office, create_networks=create_networks, today=today)
    if problems:
        raise ImportRejected(problems)

    created: dict[tuple[int, str], NetworkRef] = {}
    for row in checked:
        if row.new_network is None:
            continue
        network_office, slug = row.new_network
        network = created.get((network_office.pk, slug))
        if network is None:
            # Reached through the office's relation: the status layer imports no networks module.
            network = network_office.networks.model(office=network_office, slug=slug, name=slug, created_by=user)
            network.full_clean()
            network.save()
            created[(network_office.pk, slug)] = network
        row.item.network = network
        row.item.detail = network.qualified_slug

    items = [row.item for row in checked]
    existing = _existing_keys(items)
    new = [item for item in items if _key(item) not in existing]
    facts_record(items=new, user=user, source=source)
    return ImportResult(
        recorded=len(new),
        unchanged=len(items) - len(new),
        networks_created=[n.qualified_slug for n in created.values()],
    )
