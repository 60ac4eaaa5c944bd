"""The grant-priority list as a workbook: the list itself, the year's schemes, and what each column means.

`grant_sheet_rows` (JSON-able rows) and `grant_sheets` (the finished sheets) are what the report package
reuses for its `Tilskudd` sheet; every sheet is written with the finished-table writer (common.xlsx_tables).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from common.xlsx_tables import DATETIME, LONG_TEXT, Column, PageFooter, TableSheet, TableWorkbook

from .models import GrantScheme
from .selectors import CRITERIA_LABELS, GrantRow

TIME_AT = 12  # the position of «Bekreftet tidspunkt» in a row


def _ja_nei(value: bool) -> str:
    return _("Ja") if value else _("Nei")


OFFICE_AT = 2  # the position of «Embete», left out of one office's list


def grant_columns(*, with_office: bool = True) -> list[Column]:
    columns = [
        Column(_("Kommunenummer")),
        Column(_("Kommune"), max_width=14),
        Column(_("Embete"), max_width=20),
        *(Column(f"{i}. {label}", max_width=11) for i, label in enumerate(CRITERIA_LABELS, start=1)),
        Column(_("Foreslått prioritert"), max_width=10),
        Column(_("Bekreftet prioritert"), max_width=10),
        Column(_("Begrunnelse"), LONG_TEXT, 26),
        Column(_("Bekreftelsen er utdatert"), max_width=11),
        Column(_("Bekreftet av"), max_width=14),
        Column(_("Bekreftet tidspunkt"), DATETIME),
        Column(_("Kriterier som ikke er oppfylt"), LONG_TEXT, 40),
    ]
    if not with_office:
        del columns[OFFICE_AT]
    return columns


def grant_sheet_header() -> list[str]:
    """The columns of `grant_sheet_rows()` (every office's list has them all)."""
    return [column.header for column in grant_columns()]


def grant_sheet_rows(rows: Iterable[GrantRow]) -> Iterator[list]:
    """One JSON-able row per municipality (the confirmation's time as Europe/Oslo ISO text)."""
    answer = {True: _ja_nei(True), False: _ja_nei(False)}  # translated once: a list holds hundreds of rows
    for row in rows:
        c = row.confirmation
        yield [
            row.municipality.number,
            row.municipality.display_name,
            row.municipality.office.region,
            *(answer[bool(v)] for v in row.criteria),
            answer[row.proposed],
            answer[c.confirmed] if c else "",
            c.reason if c else "",
            answer[row.stale] if c else "",
            (c.recorded_by.get_full_name() or c.recorded_by.get_username()) if c else "",
            timezone.localtime(c.recorded_at).replace(microsecond=0).isoformat() if c else "",
            "\n".join(f"{n}: {why}" for n, why in row.failures),
        ]


def _cells(values: list, *, with_office: bool = True) -> list:
    """A stored row as cells: the confirmation's time as a real time, empty text as an empty cell."""
    cells = [value if value != "" else None for value in values]
    stamp = cells[TIME_AT] if len(cells) > TIME_AT else None
    if isinstance(stamp, str):
        cells[TIME_AT] = datetime.datetime.fromisoformat(stamp)
    if not with_office:
        del cells[OFFICE_AT]
    return cells


def scheme_rows(schemes: Iterable[GrantScheme]) -> list[list]:
    """The schemes as JSON-able rows: year, chapter, post, name, rule (Norwegian), note."""
    return [[s.year, s.kap, s.post, s.name, s.get_priority_rule_display(), s.note] for s in schemes]


def schemes_summary(rows: list[list]) -> str:
    """The schemes in one line, by chapter and post («kap. 761 post 67, 68 og 79; kap. 762 post 60»)."""
    posts: dict[int, list[int]] = {}
    for _year, kap, post, *_rest in rows:
        if post not in posts.setdefault(kap, []):
            posts[kap].append(post)
    parts = []
    for kap, numbers in posts.items():
        numbers = sorted(numbers)
        listed = ", ".join(map(str, numbers[:-1])) + (f" {_('og')} " if len(numbers) > 1 else "") + str(numbers[-1])
        parts.append(_("kap. %(kap)s post %(posts)s") % {"kap": kap, "posts": listed})
    return "; ".join(parts)


def grant_sheets(
    *, rows: list[list], schemes: list[list], year: int, as_of: datetime.date, with_office: bool = True
) -> list[TableSheet]:
    """`Tilskudd` (the list, under a title naming the year and the schemes) and `Tilskuddsordninger`. One
    office's list (`with_office` False) leaves out the office's column."""
    title = _("Prioritering i tilskuddsordninger %(year)s, per %(date)s") % {
        "year": year,
        "date": as_of.strftime("%d.%m.%Y"),
    }
    if schemes:
        applies = _("Gjelder %(count)s ordninger i %(year)s: %(list)s (se arket Tilskuddsordninger).") % {
            "count": len(schemes),
            "year": year,
            "list": schemes_summary(schemes),
        }
    else:
        applies = _("Ingen tilskuddsordninger er registrert for %(year)s.") % {"year": year}
    grants = TableSheet(
        _("Tilskudd"),
        grant_columns(with_office=with_office),
        above=[[title], [_("Ordninger"), applies], []],
        freeze_columns=2,
    )
    for values in rows:
        grants.add(_cells(values, with_office=with_office))
    ordninger = TableSheet(
        _("Tilskuddsordninger"),
        [
            Column(_("År")),
            Column(_("Kapittel")),
            Column(_("Post")),
            Column(_("Navn"), LONG_TEXT, 50),
            Column(_("Regel"), max_width=30),
            Column(_("Merknad"), LONG_TEXT, 50),
        ],
    )
    for scheme in schemes:
        ordninger.add([value if value != "" else None for value in scheme])
    return [grants, ordninger]


def grant_help(*, with_office: bool = True) -> list[tuple[str, str]]:
    """(column, explanation) for the Tilskudd sheet."""
    texts = [
        _("Kommunenummeret, fire sifre med ledende null."),
        _("Kommunens navn."),
        *([_("Statsforvalteren kommunen hører til.")] if with_office else []),
        _("Ja når kommunen har vedtatt en plan eller beskrevet en prosess for hvordan og når planen skal vedtas."),
        _(
            "Ja når kommunen har beskrevet en prosess, eller har vedtatt en plan der kommunestyret har tatt stilling "
            "til reformens innsatsområder og løsninger."
        ),
        _("Ja når reformen er forankret, eller planlagt forankret, i kommuneplanens samfunnsdel."),
        _("Ja når kommunen deltar, eller planlegger å delta, i et regionalt Leve hele livet-nettverk."),
        _("Ja når alle de fire kriteriene er oppfylt: portalens forslag."),
        _("Statsforvalterens vurdering, når den er registrert (tom: ikke vurdert)."),
        _("Statsforvalterens begrunnelse for vurderingen."),
        _("Ja når kriteriene har endret seg siden vurderingen ble registrert."),
        _("Hvem som registrerte vurderingen."),
        _("Når vurderingen ble registrert."),
        _("Hvorfor hvert kriterium som ikke er oppfylt, ikke er det, ett per linje."),
    ]
    headers = [column.header for column in grant_columns(with_office=with_office)]
    return list(zip(headers, texts, strict=True))


def grant_workbook_bytes(
    *,
    rows: list[GrantRow],
    schemes: Iterable[GrantScheme],
    year: int,
    as_of: datetime.date,
    generated_at: datetime.datetime,
    office_name: str = "",
) -> bytes:
    who = office_name or _("Hele landet")
    book = TableWorkbook(
        title=_("Prioritering i tilskuddsordninger %(year)s – %(who)s") % {"year": year, "who": who},
        subject=_("Prioritering i tilskuddsordninger"),
        created=generated_at,
        footer=PageFooter(
            office=who,
            period=_("Tilskuddsåret %(year)s, per %(date)s") % {"year": year, "date": as_of.strftime("%d.%m.%Y")},
        ),
    )
    with_office = not office_name
    sheets = grant_sheets(
        rows=list(grant_sheet_rows(rows)), schemes=scheme_rows(schemes), year=year, as_of=as_of, with_office=with_office
    )
    for sheet in sheets:
        book.add(sheet)
    explanation = TableSheet(
        _("Forklaring"),
        [Column(_("Kolonne")), Column(_("Forklaring"), LONG_TEXT, 90)],
        above=[
            [_("Prioritering i tilskuddsordninger – %(who)s") % {"who": who}],
            [_("Tilskuddsår"), year],
            [_("Per dato"), as_of],
            [_("Laget"), generated_at],
            [],
        ],
    )
    explanation.add(
        [
            _("Om listen"),
            _(
                "Kommunen prioriteres i ordningene når alle fire kriteriene i Helsedirektoratets brev av 9. januar "
                "2021 er oppfylt. Portalen foreslår svaret fra registreringene per datoen; statsforvalteren "
                "bekrefter eller overstyrer det med en begrunnelse."
            ),
        ]
    )
    for header, text in grant_help(with_office=with_office):
        explanation.add([_("Tilskudd: %(column)s") % {"column": header}, text])
    book.add(explanation)
    return book.content()
