"""The workbook of a drill-down list: the municipalities behind one figure, as shown on the page."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from common.xlsx_tables import Column, PageFooter, TableSheet, TableWorkbook
from municipalities.models import Municipality


def members_workbook_bytes(
    *,
    label: str,
    who: str,
    lines: list[list],
    municipalities: Iterable[Municipality],
    sources: dict[int, str] | None = None,
    period: str = "",
    created: datetime.datetime | None = None,
) -> bytes:
    """One sheet «Kommuner»: number, name, county, office (and, with `sources` by office id, where the number
    comes from), in the page's order, under the figure's name and `lines` ([label, value] pairs)."""
    created = created or timezone.now()
    book = TableWorkbook(
        title=f"{label} – {who}",
        subject=_("Kommunene bak et tall"),
        created=created,
        footer=PageFooter(office=who, period=period),
    )
    columns = [Column(_("Kommunenummer")), Column(_("Kommune")), Column(_("Fylke")), Column(_("Embete"))]
    if sources is not None:
        columns.append(Column(_("Tallet gjelder")))
    rows = list(municipalities)
    sheet = TableSheet(
        _("Kommuner"),
        columns,
        above=[[label], [_("Gjelder"), who], *lines, [_("Antall kommuner"), len(rows)], [_("Laget"), created], []],
        freeze_columns=2,
    )
    for m in rows:
        values = [m.number, m.display_name, m.county.name, m.office.region]
        if sources is not None:
            values.append(sources.get(m.office_id, ""))
        sheet.add(values)
    book.add(sheet)
    return book.content()
