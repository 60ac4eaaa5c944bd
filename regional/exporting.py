"""The coming events as a workbook: rows apart from rendering, every cell through common.xlsx."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.utils import timezone

from common.xlsx import cell, new_workbook, workbook_bytes

from .models import Event

HEADER = [
    "Embete",
    "Starter",
    "Slutter",
    "Tittel",
    "Målgruppe",
    "Hovedtema",
    "Deltakelse fra Helsedirektoratet ønskes",
    "Deltakelse fra HOD/politisk ledelse ønskes",
    "Sted eller lenke",
]


def _local(moment: datetime.datetime) -> datetime.datetime:
    """Spreadsheets have no time zones: Oslo wall-clock time."""
    return timezone.localtime(moment).replace(tzinfo=None)


def event_rows(events: Iterable[Event]) -> Iterator[list]:
    for event in events:
        yield [
            event.office.region,
            _local(event.start),
            _local(event.end),
            event.title,
            event.target_group,
            event.theme,
            "ja" if event.hdir_wanted else "nei",
            "ja" if event.ministry_wanted else "nei",
            event.place,
        ]


def events_xlsx(events: Iterable[Event], *, created: datetime.datetime) -> bytes:
    wb = new_workbook(created=created)
    ws = wb.create_sheet("Arrangementer")
    ws.append([cell(ws, h, bold=True) for h in HEADER])
    for row in event_rows(events):
        ws.append(
            [
                cell(ws, v, number_format="yyyy-mm-dd hh:mm") if isinstance(v, datetime.datetime) else cell(ws, v)
                for v in row
            ]
        )
    return workbook_bytes(wb)
