"""The report package as a workbook: finished table sheets (common.xlsx_tables) from PackageData.

`package_sheets()` lays out every sheet as plain values with Norwegian headers and the registry's labels;
`package_workbook_bytes()` writes them, so the same PackageData gives the same bytes (the document's
properties are pinned to the generated-at time). Codes stay only where a header says «Kode» (the figures'
keys in `Sammendrag`, the catalogue codes in `Prioriteringer`), for people who sort by them.

Sheets: `Sammendrag` (what the package is, then one row per figure `report_figures` prints, the period's own
marked, with bar charts on the figure cells), `Embeter` (national: each office's report state, dates and
lateness), `Kommuner`, `Mangler`, `Prioriteringer`, `Tekster`, `Tilskudd`, `Tilskuddsordninger`,
`Gjennomføringsplan` (periods that ask for the plan) and `Forklaring` (every sheet's columns and values, the
figures the period asks for, the reference date, live versus submitted figures, the sources).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.http import ascii_slug
from common.xlsx_tables import (
    DATE,
    DATETIME,
    LONG_TEXT,
    NUMBER,
    SHARE,
    BarChart,
    Column,
    PageFooter,
    TableSheet,
    TableWorkbook,
)
from municipalities.status_table import gap_columns, gap_help, gap_rows, status_cells, status_columns, status_help
from reporting.figures.registry import FIGURES, FigureEntry
from reporting.grants.workbook import grant_help, grant_sheets
from reporting.periods.models import PRIORITIES_KEY, figure_label
from reporting.reports.models import Report
from reporting.reports.selectors import days_late, lateness_text
from reporting.reports.snapshot import OfficePart, PackageData

MUNICIPALITIES_KEY = "municipalities"  # report_figures' count of municipalities, the base of every share
TEXT_CHUNK = 1500  # characters per row of a long text, so that no row is taller than a printed page
SHEET_TITLES = ("Sammendrag", "Kommuner", "Prioriteringer", "Tekster", "Tilskudd")
PLAN_SHEET = "Gjennomføringsplan"
SOURCES = gettext_lazy(
    "Registreringer gjort av statsforvalterne i Leve hele livet-portalen (dialogmøter, politiske vedtak, "
    "forankring i planer, nettverk, fase, prioriteringer, vurderinger av tilskuddsprioritering), rapporttekstene "
    "og den regionale gjennomføringsplanen slik embetene har skrevet dem; kommuneinndelingen 2020–2023 "
    "(Kartverket, CC BY 4.0); innsatsområdene og løsningene i Meld. St. 15 (2017–2018) Leve hele livet; "
    "kriteriene for prioritering i tilskuddsordninger fra Helsedirektoratets brev av 9. januar 2021."
)


def _date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _reference_date(data: PackageData) -> datetime.date:
    return datetime.date.fromisoformat(data.reference_date)


def _time(value: str) -> datetime.datetime | None:
    """Stored Europe/Oslo ISO time → a time cell."""
    return datetime.datetime.fromisoformat(value) if value else None


def _day(value: str) -> str:
    return datetime.datetime.fromisoformat(value).strftime("%d.%m.%Y") if value else ""


def source_text(part: OfficePart) -> str:
    """Where a part's figures come from: «Levende tall» or «Innsendt (versjon N)»."""
    return _("Levende tall") if part.is_live else _("Innsendt (versjon %(version)s)") % {"version": part.version}


def part_days_late(part: OfficePart, deadline: datetime.date | None) -> int:
    first = part.report.get("first_submitted_at") if part.report else ""
    if not first or deadline is None:
        return 0
    return days_late(deadline=deadline, first_submitted_at=datetime.datetime.fromisoformat(first))


def report_status_text(part: OfficePart, deadline: datetime.date | None) -> str:
    """«Godkjent (versjon 1), sendt inn 28.04.2021, godkjent 02.05.2021, levert 3 dager etter fristen»."""
    report = part.report
    if not report:
        return part.status
    status, version = report.get("status", ""), report.get("version")
    words = [Report.status_label(status) + (f" ({_('versjon')} {version})" if version else "")]
    if version and version > 1 and report.get("first_submitted_at"):
        words.append(_("først sendt inn %(date)s") % {"date": _day(report["first_submitted_at"])})
    if report.get("submitted_at"):
        words.append(_("sendt inn %(date)s") % {"date": _day(report["submitted_at"])})
    if status == Report.Status.ACCEPTED and report.get("status_changed_at"):
        words.append(_("godkjent %(date)s") % {"date": _day(report["status_changed_at"])})
    if status == Report.Status.RETURNED and report.get("status_changed_at"):
        words.append(_("sendt tilbake %(date)s") % {"date": _day(report["status_changed_at"])})
    late = lateness_text(part_days_late(part, deadline))
    if late:
        words.append(late)
    return ", ".join(words)


def _priority_count(entry: FigureEntry) -> int:
    return entry.counts["phase_3"]


def _figure_order(data: PackageData) -> list[str]:
    """The period's figures (its simple ones in its order, then its breakdown), then every other figure
    report_figures prints, in registry order."""
    asked = [key for key in data.figure_keys if key in FIGURES]
    if PRIORITIES_KEY in data.figure_keys:
        asked.append(PRIORITIES_KEY)
    rest = [key for key in [*FIGURES, PRIORITIES_KEY] if key not in asked]
    return [*asked, *rest]


def _chartable(data: PackageData) -> list[str]:
    return [key for key in data.figure_keys if key in FIGURES]


def _asked(data: PackageData, key: str) -> str | None:
    return _("Ja") if key in data.figure_keys else None


def _footer(data: PackageData) -> PageFooter:
    when = _("%(period)s, per %(date)s") % {"period": data.period_name, "date": _day(data.reference_date)}
    return PageFooter(office=data.office_name, period=when)


def _about(data: PackageData) -> list[list]:
    """The lines above the Sammendrag table: what this package is."""
    deadline = _date(data.deadline)
    lines: list[list[Any]] = [
        [
            _("Rapportpakke for Leve hele livet – %(who)s – %(period)s")
            % {"who": data.office_name, "period": data.period_name}
        ],
        [_("Periode"), data.period_name],
        [_("Embete"), data.office_name],
        [_("Referansedato"), _date(data.reference_date)],
    ]
    if deadline is not None:
        lines.append([_("Frist"), deadline])
    if data.is_national:
        lines.append([_("Status"), data.status])
    else:
        part = data.parts[0]
        lines.append([_("Status"), report_status_text(part, deadline)])
        lines.append([_("Grunnlag"), source_text(part)])
    if data.self_confirmed is not None:
        lines.append([_self_confirmed_label(data.self_confirmed_window), data.self_confirmed])
    lines += [
        [_("Kjent per"), _time(data.known_at) or _("Ingen registreringer")],
        [_("Laget"), _time(data.generated_at)],
        [_("Laget av"), data.generated_by],
        [],
    ]
    return lines


def _self_confirmed_label(window: list[str]) -> str:
    """«Kommuner som selv har bekreftet statusen, 2.5.2021–1.11.2021» (from the first day after the previous
    period's deadline to this one's)."""
    after, until = [*window, "", ""][:2]
    end = datetime.date.fromisoformat(until) if until else None
    start = datetime.date.fromisoformat(after) + datetime.timedelta(days=1) if after else None
    label = "Kommuner som selv har bekreftet statusen (godkjent av embetet)"
    if end is None:
        return label
    span = f"{start.day}.{start.month}.{start.year}–" if start else "til "
    return f"{label}, {span}{end.day}.{end.month}.{end.year}"


# --- Sammendrag ----------------------------------------------------------------------------------------------


def _summary_office(data: PackageData) -> TableSheet:
    office, country = data.total, data.country
    sheet = TableSheet(
        _("Sammendrag"),
        [
            Column(_("Kode")),
            Column(_("Tall"), LONG_TEXT, 50),
            Column(_("Antall i embetet"), NUMBER),
            Column(_("Andel i embetet"), SHARE),
            Column(_("Antall i hele landet"), NUMBER),
            Column(_("Andel i hele landet"), SHARE),
            Column(_("Bedt om i perioden"), max_width=10),
            Column(_("Merknad"), LONG_TEXT, 30),
        ],
        above=_about(data),
    )
    sheet.add(
        [
            MUNICIPALITIES_KEY,
            _("Antall kommuner"),
            office.municipalities,
            None,
            country.municipalities,
            None,
            None,
            _("Grunnlaget for andelene"),
        ]
    )
    for key in _figure_order(data):
        if key == PRIORITIES_KEY:
            sheet.add(
                [
                    key,
                    figure_label(key),
                    None,
                    None,
                    None,
                    None,
                    _asked(data, key),
                    _("Fordelt på innsatsområder og løsninger i arket Prioriteringer"),
                ]
            )
            continue
        sheet.add(
            [
                key,
                figure_label(key),
                office.counts[key],
                office.share(key),
                country.counts[key],
                country.share(key),
                _asked(data, key),
                None,
            ]
        )
    charted = _chartable(data)
    if charted:
        region = data.parts[0].short_name
        sheet.charts.append(
            BarChart(
                _("Andel av kommunene: %(region)s og hele landet") % {"region": region},
                categories=2,
                series=(4, 6),
                first_row=1,
                last_row=len(charted),
            )
        )
    return sheet


def _summary_national(data: PackageData) -> TableSheet:
    sheet = TableSheet(
        _("Sammendrag"),
        [
            Column(_("Kode")),
            Column(_("Tall"), LONG_TEXT, 44),
            Column(_("Embete"), max_width=20),
            Column(_("Antall"), NUMBER),
            Column(_("Andel"), SHARE),
            Column(_("Antall kommuner"), NUMBER),
            Column(_("Grunnlag"), max_width=20),
            Column(_("Bedt om i perioden"), max_width=10),
        ],
        above=_about(data),
    )
    entries = [(_("Hele landet"), data.total, _("Summen av embetene"))]
    entries += [(part.short_name, part.entry, source_text(part)) for part in data.parts]
    starts: dict[str, int] = {}
    for key in [MUNICIPALITIES_KEY, *_figure_order(data)]:
        starts[key] = len(sheet.rows)
        for name, entry, source in entries:
            if key == MUNICIPALITIES_KEY:
                values: list[int | float | None] = [entry.municipalities, None]
                label = _("Antall kommuner")
            elif key == PRIORITIES_KEY:
                values = [None, None]
                label = figure_label(key)
            else:
                values = [entry.counts[key], entry.share(key)]
                label = figure_label(key)
            sheet.add([key, label, name, *values, entry.municipalities, source, _asked(data, key)])
    for key in _chartable(data):
        sheet.charts.append(
            BarChart(
                figure_label(key),
                categories=3,
                series=(5,),
                first_row=starts[key],
                last_row=starts[key] + len(entries) - 1,
                width_cm=13,
            )
        )
    return sheet


def _offices(data: PackageData) -> TableSheet:
    """National: each office's report, its state, dates and lateness."""
    deadline = _date(data.deadline)
    sheet = TableSheet(
        _("Embeter"),
        [
            Column(_("Embete"), max_width=20),
            Column(_("Status"), LONG_TEXT, 48),
            Column(_("Versjon"), NUMBER),
            Column(_("Først sendt inn"), DATETIME),
            Column(_("Sist sendt inn"), DATETIME),
            Column(_("Godkjent eller sendt tilbake"), DATETIME),
            Column(_("Frist"), DATE),
            Column(_("Dager etter fristen"), NUMBER),
            Column(_("Grunnlag i pakken"), max_width=22),
        ],
        freeze_columns=1,
    )
    for part in data.parts:
        report = part.report or {}
        decided = report.get("status") in (Report.Status.ACCEPTED, Report.Status.RETURNED)
        late = part_days_late(part, deadline)
        sheet.add(
            [
                part.short_name,
                report_status_text(part, deadline),
                report.get("version") or None,
                _time(report.get("first_submitted_at", "")),
                _time(report.get("submitted_at", "")),
                _time(report.get("status_changed_at", "")) if decided else None,
                deadline,
                late or None,
                source_text(part),
            ]
        )
    return sheet


# --- the municipalities ---------------------------------------------------------------------------------------


def _catalogue_names(data: PackageData) -> dict[str, str]:
    return {code: name for code, name, _is_area in data.catalogue}


def _municipalities(data: PackageData) -> TableSheet:
    national = data.is_national
    year = _reference_date(data).year
    columns = status_columns(year, with_office=national)
    if national:
        columns.append(Column(_("Grunnlag"), max_width=20))
    sheet = TableSheet(_("Kommuner"), columns, freeze_columns=2)
    offices, names = data.region_names, _catalogue_names(data)
    for part in data.parts:
        mark = [source_text(part)] if national else []
        for record in part.municipalities:
            sheet.add(status_cells(record, office_names=offices, catalogue_names=names, with_office=national) + mark)
    return sheet


def _missing(data: PackageData) -> TableSheet:
    national = data.is_national
    sheet = TableSheet(_("Mangler"), gap_columns(with_office=national), freeze_columns=2)
    records = [record for part in data.parts for record in part.municipalities]
    for row in gap_rows(records, office_names=data.region_names, with_office=national):
        sheet.add(row)
    if any(record.get("gaps") is None for record in records):
        width = len(sheet.columns)
        sheet.add([None] * (width - 1) + [_("Denne versjonen av pakken ble laget før manglene ble tatt med.")])
    return sheet


def _priorities(data: PackageData) -> TableSheet:
    first = [Column(_("Kode")), Column(_("Innsatsområde eller løsning"), LONG_TEXT, 50), Column(_("Type"))]
    if data.is_national:
        entries = [data.total] + [part.entry for part in data.parts]
        columns = [Column(_("Hele landet"), NUMBER, 10)]
        columns += [Column(part.short_name, NUMBER, 10) for part in data.parts]
        sheet = TableSheet(_("Prioriteringer"), first + columns, freeze_columns=2)
        sheet.add(["phase_3", _("Kommuner i fase 3"), None, *[_priority_count(e) for e in entries]])
        for code, name, is_area in data.catalogue:
            kind = _("Innsatsområde") if is_area else _("Løsning")
            sheet.add([code, name, kind, *[e.priorities.get(code, 0) for e in entries]])
        return sheet
    office, country = data.total, data.country
    sheet = TableSheet(
        _("Prioriteringer"),
        [
            *first,
            Column(_("Antall kommuner i fase 3"), NUMBER),
            Column(_("Andel av kommunene i fase 3"), SHARE),
            Column(_("Antall i hele landet"), NUMBER),
            Column(_("Andel i hele landet"), SHARE),
        ],
        freeze_columns=2,
    )
    base, country_base = _priority_count(office), _priority_count(country)
    sheet.add(["phase_3", _("Kommuner i fase 3"), None, base, None, country_base, None])
    for code, name, is_area in data.catalogue:
        kind = _("Innsatsområde") if is_area else _("Løsning")
        count, country_count = office.priorities.get(code, 0), country.priorities.get(code, 0)
        sheet.add(
            [
                code,
                name,
                kind,
                count,
                count / base if base else 0.0,
                country_count,
                country_count / country_base if country_base else 0.0,
            ]
        )
    return sheet


# --- texts, grants, plan ----------------------------------------------------------------------------------------


def text_chunks(text: str, size: int = TEXT_CHUNK) -> list[str]:
    """A long text in pieces of at most `size` characters, cut between paragraphs, else between lines, else
    between words, so that each piece fits a row."""
    text = text.strip()
    if len(text) <= size:
        return [text]
    pieces: list[str] = []
    current = ""
    for unit in _units(text, size):
        joiner = "\n" if current else ""
        if len(current) + len(joiner) + len(unit) <= size:
            current += joiner + unit
        else:
            pieces.append(current)
            current = unit
    if current:
        pieces.append(current)
    return pieces


def _units(text: str, size: int) -> list[str]:
    units = []
    for line in text.split("\n"):
        while len(line) > size:
            cut = line.rfind(" ", 0, size)
            cut = cut if cut > 0 else size
            units.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        units.append(line)
    return units


def text_basis(part: OfficePart) -> str:
    """What a part's texts are: the submitted or accepted version they were sent as («Godkjent (versjon 1)», the
    state wording of the Embeter sheet), else «Utkast» (not sent, or sent back and open for changes)."""
    report = part.report or {}
    status, version = report.get("status", ""), report.get("version")
    if version and (Report.is_submitted_state(status) or not part.is_live):
        return f"{Report.status_label(status)} ({_('versjon')} {version})"
    return _("Utkast")


def _texts_included(part: OfficePart, national: bool) -> bool:
    """An office's package holds its texts; the national package the texts offices have sent (submitted or
    accepted reports)."""
    return not national or not part.is_live or bool(part.texts)


def _texts(data: PackageData) -> TableSheet:
    sheet = TableSheet(
        _("Tekster"),
        [
            Column(_("Embete"), max_width=20),
            Column(_("Grunnlag"), max_width=24),
            Column(_("Del"), LONG_TEXT, 28),
            Column(_("Tekst"), LONG_TEXT, 90),
        ],
        freeze_columns=1,
    )
    if not data.sections:
        sheet.add([None, None, None, _("Perioden ber ikke om tekster.")])
        return sheet
    without = []
    for part in data.parts:
        if not _texts_included(part, data.is_national):
            without.append(part)
            continue
        source = text_basis(part)
        for key, heading in data.sections:
            for piece in text_chunks(part.texts.get(key, "")) or [""]:
                sheet.add([part.short_name, source, heading, piece or None])
    for part in without:
        status = report_status_text(part, None)
        note = _("Ingen tekster i pakken: embetet har ikke sendt inn rapporten (status: %(status)s).")
        sheet.add([part.short_name, None, None, note % {"status": status}])
    return sheet


def _grants(data: PackageData) -> list[TableSheet]:
    rows = [row for part in data.parts for row in part.grants]
    year, as_of = data.grant_year, _reference_date(data)
    sheets = grant_sheets(rows=rows, schemes=data.grant_schemes, year=year, as_of=as_of, with_office=data.is_national)
    if not rows and not data.grant_schemes:
        note = _("Ingen tilskuddsliste for %(year)s (prioriteringen gjelder fra og med 2021).") % {"year": year}
        sheets[0].above[1] = [_("Ordninger"), note]
    return sheets


def _plan(data: PackageData) -> TableSheet:
    sheet = TableSheet(
        PLAN_SHEET,
        [
            Column(_("Embete"), max_width=20),
            Column(_("Versjon"), NUMBER),
            Column(_("Publisert"), DATETIME),
            Column(_("Publisert av"), max_width=20),
            Column(_("Del"), LONG_TEXT, 28),
            Column(_("Tekst"), LONG_TEXT, 80),
        ],
        freeze_columns=1,
    )
    for part in data.parts:
        plan = part.plan
        if plan is None:
            sheet.add([part.short_name, None, None, None, None, _("Ingen publisert gjennomføringsplan.")])
            continue
        for heading, text in plan["sections"]:
            for piece in text_chunks(text) or [""]:
                sheet.add(
                    [
                        part.short_name,
                        plan["number"],
                        _time(plan["published_at"]),
                        plan["published_by"],
                        heading,
                        piece or None,
                    ]
                )
    return sheet


# --- Forklaring -------------------------------------------------------------------------------------------------


def _explanation(data: PackageData) -> TableSheet:
    sheet = TableSheet(
        _("Forklaring"),
        [
            Column(_("Ark"), max_width=18),
            Column(_("Kolonne eller tema"), LONG_TEXT, 30),
            Column(_("Forklaring"), LONG_TEXT, 90),
        ],
        freeze_columns=1,
    )
    ref, deadline = _day(data.reference_date), _day(data.deadline)
    asked = "; ".join(figure_label(key) for key in data.figure_keys)
    whole = _("Hele pakken")
    sheet.add(
        [
            whole,
            _("Periode og referansedato"),
            _(
                "%(period)s. Alle tall, statuser og lister gjelder slik det var per referansedatoen %(ref)s "
                "(fristen for rapporten: %(deadline)s). Dialogmøtene telles for kalenderåret til "
                "referansedatoen."
            )
            % {"period": data.period_name, "ref": ref, "deadline": deadline or "–"},
        ]
    )
    sheet.add([whole, _("Tallene perioden ber om"), asked or _("Perioden ber ikke om tall.")])
    sheet.add(
        [
            whole,
            _("Levende tall"),
            _(
                "Tall beregnet fra registreringene i portalen da pakken ble laget. De endrer seg når noen "
                "registrerer noe nytt eller retter en registrering."
            ),
        ]
    )
    sheet.add(
        [
            whole,
            _("Innsendt"),
            _(
                "Tall og tekster slik de var da embetet sendte inn rapporten (versjon N). Senere "
                "registreringer endrer dem ikke; en ny innsending blir en ny versjon."
            ),
        ]
    )
    sheet.add(
        [
            whole,
            _("Kjent per"),
            _("Tidspunktet for den nyeste registreringen pakken bygger på. Registreringer gjort senere er ikke med."),
        ]
    )
    sheet.add(
        [
            whole,
            _("Ikke registrert"),
            _(
                "Ingenting er registrert per referansedatoen. Det er noe annet enn et registrert svar som «Nei», "
                "«Ingen vedtak» eller «Ikke forankret»."
            ),
        ]
    )
    sheet.add([whole, _("Kilder"), str(SOURCES)])
    for text in _sheet_help(data):
        sheet.add(text)
    return sheet


def _sheet_help(data: PackageData) -> list[list]:
    national = data.is_national
    year = _reference_date(data).year
    rows: list[list] = []
    summary = _("Sammendrag")
    rows.append(
        [
            summary,
            _("Kode"),
            _(
                "Tallets kode: den samme som i portalens rapportoversikt og i portalens API, for den som vil sortere "
                "eller sammenligne tallene."
            ),
        ]
    )
    rows.append(
        [summary, _("Tall"), _("Hva som telles: antall kommuner som oppfyller beskrivelsen per referansedatoen.")]
    )
    if national:
        rows.append([summary, _("Embete"), _("Embetet tallet gjelder, eller «Hele landet» (summen av embetene).")])
        rows.append([summary, _("Antall og andel"), _("Antall kommuner, og andelen av embetets (landets) kommuner.")])
        rows.append(
            [
                summary,
                _("Grunnlag"),
                _(
                    "«Innsendt (versjon N)» for embeter som har sendt inn eller fått "
                    "godkjent rapporten, ellers «Levende tall»."
                ),
            ]
        )
        rows.append(
            [
                _("Embeter"),
                _("Status"),
                _(
                    "Rapportens status nå: «Ikke påbegynt», «Utkast», «Sendt inn», "
                    "«Sendt tilbake» eller «Godkjent», med versjon og datoer. «levert "
                    "N dager etter fristen» når første innsending (dato i norsk tid) "
                    "var etter fristen."
                ),
            ]
        )
    else:
        rows.append(
            [
                summary,
                _("Antall og andel"),
                _(
                    "Antall av embetets kommuner, og andelen av dem; så det "
                    "samme for hele landet, beregnet på samme tidspunkt."
                ),
            ]
        )
    rows.append(
        [
            summary,
            _("Bedt om i perioden"),
            _("«Ja» for tallene perioden ber om. De andre tallene er med for sammenhengens skyld."),
        ]
    )
    rows.append([summary, _("Diagram"), _("Andelene for tallene perioden ber om, hentet fra cellene i tabellen.")])
    for header, text in status_help(year, with_office=national):
        rows.append([_("Kommuner"), header, text])
    if national:
        rows.append(
            [
                _("Kommuner"),
                _("Grunnlag"),
                _("Om kommunens rad kommer fra embetets innsendte rapport eller fra levende tall."),
            ]
        )
    rows.append([_("Mangler"), _("Mangler"), gap_help()])
    rows.append([_("Prioriteringer"), _("Kode"), _("Koden for innsatsområdet eller løsningen.")])
    rows.append(
        [
            _("Prioriteringer"),
            _("Antall"),
            _(
                "Antall kommuner i fase 3 som har prioritert innsatsområdet eller løsningen. En kommune telles for et "
                "innsatsområde når den har prioritert området selv eller en av løsningene i det."
            ),
        ]
    )
    rows.append(
        [
            _("Tekster"),
            _("Tekst"),
            _(
                "Embetets tekster til rapporten, i periodens rekkefølge; lange tekster er delt i flere rader. "
                "Nasjonal pakke: tekstene til embetene som har sendt inn eller fått godkjent rapporten, slik de "
                "ble sendt inn; embeter uten innsendt rapport har en rad som sier det."
            ),
        ]
    )
    rows.append(
        [
            _("Tekster"),
            _("Grunnlag"),
            _(
                "Hvilken versjon av rapporten tekstene er: «Sendt inn (versjon N)» eller «Godkjent (versjon N)» "
                "for en innsendt rapport, «Utkast» for tekster som ikke er sendt inn."
            ),
        ]
    )
    for header, text in grant_help(with_office=national):
        rows.append([_("Tilskudd"), header, text])
    rows.append(
        [
            _("Tilskuddsordninger"),
            _("Ordningene"),
            _("Tilskuddsordningene kriteriene gjelder for i tilskuddsåret, med kapittel og post."),
        ]
    )
    if data.has_plan:
        rows.append(
            [
                PLAN_SHEET,
                _("Tekst"),
                _("Embetets sist publiserte regionale gjennomføringsplan per tidspunktet pakken bygger på."),
            ]
        )
    return rows


# --- rendering ----------------------------------------------------------------------------------------------------


def package_sheets(data: PackageData) -> list[TableSheet]:
    sheets = [_summary_national(data) if data.is_national else _summary_office(data)]
    if data.is_national:
        sheets.append(_offices(data))
    sheets += [_municipalities(data), _missing(data), _priorities(data), _texts(data), *_grants(data)]
    if data.has_plan:
        sheets.append(_plan(data))
    sheets.append(_explanation(data))
    return sheets


def package_workbook(data: PackageData) -> TableWorkbook:
    book = TableWorkbook(
        title=_("Rapportpakke for Leve hele livet – %(who)s – %(period)s")
        % {"who": data.office_name, "period": data.period_name},
        subject=_("Rapportpakke"),
        created=datetime.datetime.fromisoformat(data.generated_at),
        footer=_footer(data),
    )
    for sheet in package_sheets(data):
        book.add(sheet)
    return book


def package_workbook_bytes(data: PackageData) -> bytes:
    """The workbook's bytes: the same data (generated-at included) gives the same bytes."""
    return package_workbook(data).content()


def package_filename(data: PackageData) -> str:
    """`rapportpakke-hosten-2021-statsforvalteren-i-vestland.xlsx`, `…-hele-landet.xlsx`, `…-versjon-2.xlsx`."""
    who = ascii_slug(data.office_name) if not data.is_national else "hele-landet"
    suffix = ""
    if not data.is_national and data.parts and not data.parts[0].is_live:
        suffix = f"-versjon-{data.parts[0].version}"
    return f"rapportpakke-{ascii_slug(data.period_name)}-{who}{suffix}.xlsx"
