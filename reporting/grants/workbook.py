"""The grant-priority list as a workbook: one sheet of rows, one of the year's schemes.

`grant_sheet_rows` is what the report package reuses for its `Tilskudd` sheet.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from common.xlsx import cell, new_workbook, workbook_bytes

from .models import GrantScheme
from .selectors import CRITERIA_LABELS, GrantRow


def _ja_nei(value: bool) -> str:
    return _("Ja") if value else _("Nei")


def grant_sheet_header() -> list[str]:
    return [
        _("Kommunenummer"),
        _("Kommune"),
        _("Embete"),
        *(f"{i}. {label}" for i, label in enumerate(CRITERIA_LABELS, start=1)),
        _("Foreslått prioritert"),
        _("Bekreftet prioritert"),
        _("Begrunnelse"),
        _("Bekreftelsen er utdatert"),
        _("Bekreftet av"),
        _("Bekreftet tidspunkt"),
        _("Kriterier som ikke er oppfylt"),
    ]


def grant_sheet_rows(rows: Iterable[GrantRow]) -> Iterator[list]:
    for row in rows:
        c = row.confirmation
        yield [
            row.municipality.number,
            row.municipality.display_name,
            row.municipality.office.region,
            *(_ja_nei(v) for v in row.criteria),
            _ja_nei(row.proposed),
            _ja_nei(c.confirmed) if c else "",
            c.reason if c else "",
            _ja_nei(row.stale) if c else "",
            (c.recorded_by.get_full_name() or c.recorded_by.get_username()) if c else "",
            timezone.localtime(c.recorded_at).strftime("%Y-%m-%d %H:%M") if c else "",
            " ".join(f"{n}: {why}" for n, why in row.failures),
        ]


def grant_sheet_write(wb, rows: Iterable[GrantRow], *, title: str = "Tilskudd") -> None:
    ws = wb.create_sheet(title)
    ws.append([cell(ws, h, bold=True) for h in grant_sheet_header()])
    for values in grant_sheet_rows(rows):
        ws.append([cell(ws, v) for v in values])


def scheme_sheet_write(wb, schemes: Iterable[GrantScheme], *, title: str = "Ordninger") -> None:
    ws = wb.create_sheet(title)
    header = [_("År"), _("Kapittel"), _("Post"), _("Navn"), _("Regel"), _("Merknad")]
    ws.append([cell(ws, h, bold=True) for h in header])
    for s in schemes:
        ws.append([cell(ws, v) for v in (s.year, s.kap, s.post, s.name, s.get_priority_rule_display(), s.note)])


def grant_workbook_bytes(
    *,
    rows: list[GrantRow],
    schemes: Iterable[GrantScheme],
    year: int,
    as_of: datetime.date,
    generated_at: datetime.datetime,
) -> bytes:
    wb = new_workbook(created=generated_at)
    grant_sheet_write(wb, rows)
    scheme_sheet_write(wb, schemes)
    ws = wb.create_sheet(_("Om"))
    for label, value in (
        (_("Tilskuddsår"), year),
        (_("Per dato"), as_of.isoformat()),
        (_("Laget"), timezone.localtime(generated_at).strftime("%Y-%m-%d %H:%M")),
    ):
        ws.append([cell(ws, label, bold=True), cell(ws, value)])
    return workbook_bytes(wb)
