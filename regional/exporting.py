"""The coming events as a workbook for people: rows apart from rendering, written with the finished-table
writer (common.xlsx_tables), every cell formula-safe, times as real Europe/Oslo times."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.xlsx_tables import DATETIME, LONG_TEXT, Column, PageFooter, TableSheet, TableWorkbook

from .models import Event


def event_columns() -> list[Column]:
    return [
        Column(_("Embete"), max_width=20),
        Column(_("Starter"), DATETIME),
        Column(_("Slutter"), DATETIME),
        Column(_("Tittel"), LONG_TEXT, 36),
        Column(_("Målgruppe"), LONG_TEXT, 30),
        Column(_("Hovedtema"), LONG_TEXT, 30),
        Column(_("Deltakelse fra Helsedirektoratet ønskes"), max_width=14),
        Column(_("Deltakelse fra HOD/politisk ledelse ønskes"), max_width=14),
        Column(_("Sted eller lenke"), LONG_TEXT, 36),
    ]


def _ja_nei(value: bool) -> str:
    return _("Ja") if value else _("Nei")


def event_rows(events: Iterable[Event]) -> Iterator[list]:
    for event in events:
        yield [
            event.office.region,
            event.start,
            event.end,
            event.title,
            event.target_group,
            event.theme,
            _ja_nei(event.hdir_wanted),
            _ja_nei(event.ministry_wanted),
            event.place,
        ]


EXPLANATIONS = (
    gettext_lazy("Statsforvalteren som arrangerer."),
    gettext_lazy("Når arrangementet starter (norsk tid)."),
    gettext_lazy("Når arrangementet slutter (norsk tid)."),
    gettext_lazy("Arrangementets tittel."),
    gettext_lazy("Hvem arrangementet er for."),
    gettext_lazy("Arrangementets hovedtema."),
    gettext_lazy("«Ja» når embetet ønsker at Helsedirektoratet deltar."),
    gettext_lazy("«Ja» når embetet ønsker deltakelse fra Helse- og omsorgsdepartementet eller politisk ledelse."),
    gettext_lazy("Adressen, eller lenken til et digitalt arrangement."),
)


def events_xlsx(events: Iterable[Event], *, created: datetime.datetime) -> bytes:
    when = _("Kommende arrangementer per %(date)s") % {"date": timezone.localtime(created).strftime("%d.%m.%Y")}
    book = TableWorkbook(
        title=_("Arrangementer i Leve hele livet"),
        subject=_("Kommende arrangementer"),
        created=created,
        footer=PageFooter(office=_("Alle embeter"), period=when),
    )
    sheet = TableSheet(_("Arrangementer"), event_columns(), freeze_columns=1)
    for row in event_rows(events):
        sheet.add(row)
    book.add(sheet)
    explanation = TableSheet(
        _("Forklaring"),
        [Column(_("Kolonne")), Column(_("Forklaring"), LONG_TEXT, 80)],
        above=[[_("Arrangementer i Leve hele livet")], [_("Laget"), created], []],
    )
    for column, text in zip(event_columns(), EXPLANATIONS, strict=True):
        explanation.add([column.header, str(text)])
    explanation.add([_("Kilde"), _("Arrangementene statsforvalterne har registrert i Leve hele livet-portalen.")])
    book.add(explanation)
    return book.content()
