"""The status export: one row per municipality as of a date, as CSV rows (export_status) or an .xlsx file.

Rows and rendering are apart: `status_rows()` is a plain generator (two queries however many municipalities)
of codes, the command line's machine contract; `status_workbook_bytes()` writes the same municipalities for
people (`status_table`: Norwegian headers, the registry's labels) with the finished-table writer.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.xlsx_tables import LONG_TEXT, Column, PageFooter, TableSheet, TableWorkbook

from .registry import FACT_TYPES, SINGLE_FACTS
from .selectors import MunicipalityStatus, catalogue_names, network_names, newest_recording, status_as_of
from .status_table import gap_columns, gap_help, gap_rows, status_cells, status_columns, status_help, status_record

if TYPE_CHECKING:
    from .models import Municipality, Office

SOURCES = gettext_lazy(
    "Registreringer gjort av statsforvalterne i Leve hele livet-portalen; kommuneinndelingen 2020–2023 "
    "(Kartverket, CC BY 4.0); innsatsområdene og løsningene i Meld. St. 15 (2017–2018) Leve hele livet."
)

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


def status_workbook_bytes(
    municipalities_qs: QuerySet | list[Municipality],
    as_of: datetime.date,
    known_at: datetime.datetime | None = None,
    *,
    created: datetime.datetime | None = None,
    office: Office | None = None,
) -> bytes:
    """The status export for people as an .xlsx file: sheet "Status" with the columns of
    `status_table.status_columns` (Norwegian headers, the registry's labels, one row per municipality by number,
    or in the order of a given list)
    and sheet "Forklaring" explaining every column and its values.

    `created` goes into the file's metadata and «Laget» (default: now); the same content and `created` give
    the same bytes. Queries: the municipalities, the as-of facts, the networks, the catalogue, the newest
    recording.
    """
    created = created or timezone.now()
    if isinstance(municipalities_qs, list):  # a list keeps its order (the rows a page shows)
        municipalities = municipalities_qs
    else:
        municipalities = list(municipalities_qs.select_related("office").order_by("number"))
    statuses = status_as_of(municipalities, as_of=as_of, known_at=known_at)
    networks = network_names()
    names = catalogue_names()
    offices = {m.office.slug: m.office.region for m in municipalities}
    if office is not None:
        offices = {office.slug: office.region}
        who = office.title_on(as_of)
    else:
        who = municipalities[0].office.title_on(as_of) if len(offices) == 1 else _("Hele landet")
    when = _("Status per %(date)s") % {"date": as_of.strftime("%d.%m.%Y")}
    book = TableWorkbook(
        title=_("Status for kommunene i Leve hele livet – %(who)s, per %(date)s")
        % {"who": who, "date": as_of.strftime("%d.%m.%Y")},
        subject=_("Status for kommunene"),
        created=created,
        footer=PageFooter(office=who, period=when),
    )
    several = len(offices) > 1
    sheet = TableSheet(_("Status"), status_columns(as_of.year, with_office=several), freeze_columns=2)
    records = [
        status_record(municipality, statuses[municipality.pk], as_of=as_of, network_names=networks)
        for municipality in municipalities
    ]
    for record in records:
        sheet.add(status_cells(record, office_names=offices, catalogue_names=names, with_office=several))
    book.add(sheet)
    missing = TableSheet(_("Mangler"), gap_columns(with_office=several), freeze_columns=2)
    for row in gap_rows(records, office_names=offices, with_office=several):
        missing.add(row)
    book.add(missing)
    newest = newest_recording(known_at)
    explanation = TableSheet(
        _("Forklaring"),
        [Column(_("Kolonne")), Column(_("Forklaring"), LONG_TEXT, 90)],
        above=[
            [_("Status for kommunene – %(who)s") % {"who": who}],
            [_("Status per"), as_of],
            [_("Kjent per"), newest if newest is not None else _("Ingen registreringer")],
            [_("Laget"), created],
            [],
        ],
    )
    explanation.add(
        [
            _("Om tabellen"),
            _(
                "Én rad per kommune med statusen slik den var per %(date)s, etter alle registreringer gjort i "
                "Leve hele livet-portalen fram til «Kjent per». «Ikke registrert» betyr at ingenting er "
                "registrert, og er noe annet enn «Nei», «Ingen vedtak» eller «Ikke forankret»."
            )
            % {"date": as_of.strftime("%d.%m.%Y")},
        ]
    )
    for header, text in status_help(as_of.year, with_office=several):
        explanation.add([_("Status: %(column)s") % {"column": header}, text])
    explanation.add([_("Mangler"), gap_help()])
    explanation.add([_("Kilder"), str(SOURCES)])
    book.add(explanation)
    return book.content()
