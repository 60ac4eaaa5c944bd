"""The status export: one row per municipality as of a date, as CSV rows (export_status) or an .xlsx file.

Rows and rendering are apart: `status_rows()` is a plain generator (two queries however many
municipalities), `status_workbook_bytes()` writes the same columns to a workbook with the safe cell writer.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import NamedTuple

from django.db.models import QuerySet
from django.utils import timezone

from common.xlsx import cell, new_workbook, workbook_bytes

from .registry import FACT_TYPES, SINGLE_FACTS
from .selectors import MunicipalityStatus, as_aware, status_as_of

STATUS_COLUMNS = (
    "kommunenummer",
    "navn",
    "office",
    "dialogue_meeting",
    "decision",
    "areas_considered",
    "involvement",
    "samfunnsdel",
    "action_plan",
    "other_plans",
    "phase",
    "networks",
    "priorities",
)


class StatusRow(NamedTuple):
    kommunenummer: str
    navn: str
    office: str
    dialogue_meeting: str
    decision: str
    areas_considered: str
    involvement: str
    samfunnsdel: str
    action_plan: str
    other_plans: str
    phase: str
    networks: int
    priorities: str


def status_row(municipality, status: MunicipalityStatus, *, as_of: datetime.date) -> StatusRow:
    # Never recorded reads as the registry says for CSV and JSON: "none" for the three-valued facts, else empty.
    values = {fact: FACT_TYPES[fact].export_value(status.facts.get(fact)) for fact in SINGLE_FACTS}
    return StatusRow(
        kommunenummer=municipality.number,
        navn=municipality.name,
        office=municipality.office.slug,
        dialogue_meeting=status.meeting_state_in_year(as_of.year) or FACT_TYPES["dialogue_meeting"].unrecorded_export,
        networks=len(status.networks_in()),
        priorities=";".join(status.priority_codes()),
        **values,
    )


def status_rows(
    municipalities_qs: QuerySet,
    as_of: datetime.date,
    known_at: datetime.datetime | None = None,
) -> Iterator[StatusRow]:
    """One StatusRow per municipality of the queryset, sorted by number, as of `as_of` (as known at
    `known_at`; naive is Europe/Oslo time). Two queries, however many municipalities."""
    municipalities = list(municipalities_qs.select_related("office").order_by("number"))
    statuses = status_as_of(municipalities, as_of=as_of, known_at=known_at)
    for municipality in municipalities:
        yield status_row(municipality, statuses[municipality.pk], as_of=as_of)


# The "Forklaring" sheet: what each column holds, in Norwegian.
COLUMN_HELP = {
    "kommunenummer": "Kommunenummer (fire sifre, med ledende null).",
    "navn": "Kommunens navn slik det står i referansedataene.",
    "office": "Embetets kortnavn (statsforvalteren kommunen hører til).",
    "dialogue_meeting": (
        "Dialogmøte i kalenderåret for statusdatoen, lengst kommet: held (gjennomført), planned (planlagt), "
        "offered (tilbudt), declined (takket nei); none = ingen møter. Avlyste møter telles ikke."
    ),
    "decision": (
        "Politisk vedtak: plan_adopted (plan vedtatt), process_described (prosess beskrevet), none (ingen "
        "vedtak eller ikke registrert)."
    ),
    "areas_considered": (
        "Kommunestyret har tatt stilling til innsatsområder og løsninger: yes/no; tom = ikke registrert."
    ),
    "involvement": "Medvirkning fra innbyggere i planarbeidet: yes/no; tom = ikke registrert.",
    "samfunnsdel": (
        "Forankret i kommuneplanens samfunnsdel: anchored (forankret), planned (planlagt), none (ikke "
        "forankret eller ikke registrert)."
    ),
    "action_plan": "Forankret i handlingsplan/økonomiplan: anchored, planned eller none.",
    "other_plans": "Forankret i andre planer (helse- og omsorgsplan, sektorplaner m.m.): anchored, planned eller none.",
    "phase": "Fase: 2 (planlegging) eller 3 (gjennomføring); tom = ikke vurdert.",
    "networks": "Antall regionale Leve hele livet-nettverk kommunen deltar i eller planlegger å delta i.",
    "priorities": ("Kodene for innsatsområder og løsninger kommunen har prioritert, sortert og skilt med semikolon."),
}


def status_workbook_bytes(
    municipalities_qs: QuerySet,
    as_of: datetime.date,
    known_at: datetime.datetime | None = None,
    *,
    created: datetime.datetime | None = None,
) -> bytes:
    """The status export as an .xlsx file: sheet "Status" with the column codes in row 1 and one row per
    municipality, and sheet "Forklaring" explaining the columns in Norwegian.

    `created` goes into the file's metadata (default: now); the same content and `created` give the same
    bytes.
    """
    wb = new_workbook(created=created or timezone.now())
    ws = wb.create_sheet("Status")
    ws.freeze_panes = "A2"
    ws.append([cell(ws, column, bold=True) for column in STATUS_COLUMNS])
    for row in status_rows(municipalities_qs, as_of, known_at):
        ws.append([cell(ws, value) for value in row])

    help_ws = wb.create_sheet("Forklaring")
    known = as_aware(known_at)
    intro = [
        ("Status per", as_of.isoformat()),
        (
            "Kjent per",
            timezone.localtime(known).strftime("%Y-%m-%d %H:%M") if known else "Alt som er registrert",
        ),
        ("", ""),
        ("Kolonne", "Forklaring"),
    ]
    for index, (label, text) in enumerate(intro):
        help_ws.append([cell(help_ws, label, bold=index in (0, 1, 3)), cell(help_ws, text, bold=index == 3)])
    for column in STATUS_COLUMNS:
        help_ws.append([cell(help_ws, column), cell(help_ws, COLUMN_HELP[column])])
    return workbook_bytes(wb)
