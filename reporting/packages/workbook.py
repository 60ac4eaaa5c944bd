"""The report package as a workbook: sheets of rows from PackageData, rendered with the safe cell writer.

`package_sheets()` lays out the cells (plain values, Norwegian headings); `package_workbook_bytes()` writes
them with openpyxl's write-only mode through `common.xlsx` (text is never a formula, metadata pinned to
the generated-at time), so the same PackageData gives the same bytes. Floats are shares (percent format);
dates are date cells; times are Europe/Oslo text.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from common.xlsx import cell, new_workbook, workbook_bytes
from reporting.grants.workbook import grant_sheet_header
from reporting.periods.models import PRIORITIES_KEY, figure_label
from reporting.reports.snapshot import LIVE, MUNICIPALITY_COLUMNS, OfficePart, PackageData

MUNICIPALITY_HEADINGS = {
    "kommunenummer": "Kommunenummer",
    "navn": "Kommune",
    "office": "Embete",
    "dialogue_meeting": "Dialogmøte i året",
    "decision": "Politisk vedtak",
    "areas_considered": "Tatt stilling til innsatsområder og løsninger",
    "involvement": "Medvirkning fra innbyggere",
    "samfunnsdel": "Kommuneplanens samfunnsdel",
    "action_plan": "Handlingsplan/økonomiplan",
    "other_plans": "Andre planer",
    "phase": "Fase",
    "networks": "Antall nettverk",
    "priorities": "Prioriterte innsatsområder og løsninger (koder)",
    "decision_date": "Vedtaksdato",
    "decision_case": "Saksnummer",
}
FIGURE_HEADINGS = ["Nøkkel", "Tall", "Antall kommuner", "Andel"]
SHEET_TITLES = ("Sammendrag", "Kommuner", "Prioriteringer", "Tekster", "Tilskudd")
PLAN_SHEET = "Gjennomføringsplan"


@dataclass
class Sheet:
    title: str
    rows: list[list] = field(default_factory=list)
    bold_rows: set[int] = field(default_factory=set)  # row indexes (0-based) written bold
    widths: dict[str, float] = field(default_factory=dict)  # column letter → width

    def heading(self, values: list) -> None:
        self.bold_rows.add(len(self.rows))
        self.rows.append(values)

    def add(self, values: list) -> None:
        self.rows.append(values)


def _date(value: str) -> datetime.date | str:
    return datetime.date.fromisoformat(value) if value else ""


def _time(value: str) -> str:
    """Stored Europe/Oslo ISO time → "YYYY-MM-DD HH:MM"."""
    if not value:
        return ""
    return datetime.datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")


def _source_text(part: OfficePart) -> str:
    return "Levende tall" if part.source == LIVE else f"Sendt inn (versjon {part.version})"


# --- sheets ---------------------------------------------------------------------------------------------------


def _summary(data: PackageData) -> Sheet:
    sheet = Sheet("Sammendrag", widths={"A": 34, "B": 60})
    total = data.total
    sheet.heading(["Rapportpakke – Leve hele livet"])
    for label, value in (
        ("Periode", f"{data.period_name} ({data.period})"),
        ("Embete", data.office_name),
        ("Referansedato", _date(data.reference_date)),
        ("Status", data.status),
        ("Kjent per", _time(data.known_at) or "Alt som er registrert"),
        ("Laget", _time(data.generated_at)),
        ("Laget av", data.generated_by),
        ("Antall kommuner", total.municipalities),
    ):
        sheet.add([label, value])
    if data.self_confirmed is not None:
        sheet.add([_self_confirmed_label(data.self_confirmed_window), data.self_confirmed])
    sheet.add([])
    if data.is_national:
        sheet.heading(["Embete", "Grunnlag", "Status"])
        for part in data.parts:
            sheet.add([part.name, _source_text(part), part.status])
        sheet.add([])
        names = []
        for part in data.parts:
            names += [f"{part.name} ({'levende tall' if part.is_live else 'sendt inn'})", ""]
        sheet.heading(["", "", *names, "Hele landet", ""])
        sheet.heading(["Nøkkel", "Tall", *(["Antall kommuner", "Andel"] * (len(data.parts) + 1))])
        entries = [p.entry for p in data.parts] + [total]
        sheet.add(["municipalities", "Antall kommuner", *[v for e in entries for v in (e.municipalities, "")]])
        for key in data.figure_keys:
            if key == PRIORITIES_KEY:
                sheet.add([key, figure_label(key), *[v for e in entries for v in (_priority_base(e), "")]])
                continue
            sheet.add([key, figure_label(key), *[v for e in entries for v in (e.counts[key], e.share(key))]])
        return sheet
    sheet.heading([*FIGURE_HEADINGS, "Merknad"])
    for key in data.figure_keys:
        if key == PRIORITIES_KEY:
            sheet.add([key, figure_label(key), _priority_base(total), "", "Antall i fase 3; se arket Prioriteringer"])
            continue
        sheet.add([key, figure_label(key), total.counts[key], total.share(key)])
    return sheet


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


def _priority_base(entry) -> int:
    return entry.counts["phase_3"]


def _municipalities(data: PackageData) -> Sheet:
    sheet = Sheet("Kommuner", widths={"B": 24})
    extra = ["Grunnlag"] if data.is_national else []
    sheet.heading([MUNICIPALITY_HEADINGS[c] for c in MUNICIPALITY_COLUMNS] + extra)
    date_at = MUNICIPALITY_COLUMNS.index("decision_date")
    for part in data.parts:
        mark = [_source_text(part)] if data.is_national else []
        for row in part.municipalities:
            values = list(row)
            values[date_at] = _date(values[date_at])
            sheet.add(values + mark)
    return sheet


def _priorities(data: PackageData) -> Sheet:
    sheet = Sheet("Prioriteringer", widths={"B": 50})
    national = data.is_national
    columns = [p.name for p in data.parts] + ["Hele landet"] if national else ["Antall kommuner i fase 3"]
    sheet.heading(["Kode", "Navn", "Type", *columns])
    entries = [p.entry for p in data.parts] + [data.total] if national else [data.total]
    sheet.add(["phase_3", "Kommuner i fase 3", "", *[e.counts["phase_3"] for e in entries]])
    for code, name, is_area in data.catalogue:
        kind = "Innsatsområde" if is_area else "Løsning"
        sheet.add([code, name, kind, *[e.priorities.get(code, 0) for e in entries]])
    return sheet


def _texts(data: PackageData) -> Sheet:
    sheet = Sheet("Tekster", widths={"D": 40, "E": 100})
    sheet.heading(["Embete", "Grunnlag", "Del", "Overskrift", "Tekst"])
    if not data.sections:
        sheet.add(["", "", "", "", "Perioden ber ikke om tekster."])
        return sheet
    for part in data.parts:
        if data.is_national and part.is_live:
            continue  # the national package holds submitted texts only
        for key, heading in data.sections:
            source = "Utkast" if part.is_live else _source_text(part)
            sheet.add([part.name, source, key, heading, part.texts.get(key, "")])
    if len(sheet.rows) == 1:
        sheet.add(["", "", "", "", "Ingen embeter har sendt inn rapporten ennå."])
    return sheet


def _grants(data: PackageData) -> Sheet:
    sheet = Sheet("Tilskudd", widths={"B": 24})
    sheet.heading(grant_sheet_header())
    rows = [row for part in data.parts for row in part.grants]
    if not rows:
        sheet.add(["", f"Ingen tilskuddsliste for {data.grant_year} (prioriteringen gjelder fra og med 2021)."])
    for row in rows:
        sheet.add(list(row))
    return sheet


def _plan(data: PackageData) -> Sheet:
    sheet = Sheet(PLAN_SHEET, widths={"E": 40, "F": 100})
    sheet.heading(["Embete", "Versjon", "Publisert", "Publisert av", "Del", "Tekst"])
    for part in data.parts:
        plan = part.plan
        if plan is None:
            sheet.add([part.name, "", "", "", "", "Ingen publisert gjennomføringsplan."])
            continue
        for heading, text in plan["sections"]:
            sheet.add([part.name, plan["number"], _time(plan["published_at"]), plan["published_by"], heading, text])
    return sheet


def package_sheets(data: PackageData) -> list[Sheet]:
    sheets = [_summary(data), _municipalities(data), _priorities(data), _texts(data), _grants(data)]
    if data.has_plan:
        sheets.append(_plan(data))
    return sheets


# --- rendering --------------------------------------------------------------------------------------------------


def _cells(ws, values: list, bold: bool) -> list:
    result = []
    for value in values:
        if isinstance(value, float):
            result.append(cell(ws, value, bold=bold, number_format="0.0%"))
        elif isinstance(value, datetime.date):
            result.append(cell(ws, value, bold=bold, number_format="yyyy-mm-dd"))
        else:
            result.append(cell(ws, value, bold=bold))
    return result


def package_workbook_bytes(data: PackageData) -> bytes:
    """The workbook's bytes: the same data (generated-at included) gives the same bytes."""
    wb = new_workbook(created=datetime.datetime.fromisoformat(data.generated_at))
    for sheet in package_sheets(data):
        ws = wb.create_sheet(sheet.title)
        for letter, width in sheet.widths.items():
            ws.column_dimensions[letter].width = width
        if sheet.title != "Sammendrag":
            ws.freeze_panes = "A2"
        for index, values in enumerate(sheet.rows):
            ws.append(_cells(ws, values, index in sheet.bold_rows))
    return workbook_bytes(wb)


def package_filename(data: PackageData) -> str:
    who = data.office or "nasjonal"
    suffix = ""
    if not data.is_national and data.parts and not data.parts[0].is_live:
        suffix = f"-levert-v{data.parts[0].version}"
    return f"rapportpakke-{data.period}-{who}{suffix}.xlsx"
