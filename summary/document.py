"""The annual summary as a Word document (python-docx), rendered from `SummaryData` alone.

Headings use Word's built-in Heading 1–3 styles, so Word's navigation pane (and a table of contents a
reader inserts) find them. «Innhold» is a written list of the headings of levels 1–2, each linked to its
heading, with the page it is printed on as a PAGEREF field: LibreOffice computes those as it lays out the
pages, Word on opening (the document asks it to refresh its fields) and before printing. It is not a TOC
field, whose stored result LibreOffice would print as it is, without page numbers. Pages are A4 with «side X
av Y» in the footer (PAGE and NUMPAGES fields). Charts are PNG figures with a numbered caption and their
numbers in a table under them; a heading keeps with what follows it and a table's note with the table.
Core properties and the zip entries are pinned to the generated-at time, so the same data gives the same
bytes.
"""

from __future__ import annotations

import datetime
import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Cm, Emu, Mm, Pt, RGBColor

from common.xlsx import clean_text
from reporting.figures.registry import FigureEntry
from reporting.periods.models import PRIORITIES_KEY

from . import wordml
from .charts import Chart, national_chart, number, office_chart, priorities_chart
from .data import LIVE, SummaryData
from .models import SECTIONS
from .wording import period_in_sentence

MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip
NOT_DELIVERED = "Ikke levert"
NOT_WRITTEN = "Ikke skrevet ennå."
NO_PERIODS = "Ingen rapporteringsperioder har referansedato i {year}."
HEADER_FILL = "E9ECEF"
TOC_LEVELS = 2
TEXT_WIDTH = Cm(16)
CHART_MAX_HEIGHT = Cm(11.5)  # leaves room on the page for the heading before and the caption after
KEEP_TOGETHER = 18  # rows

# The directorate's sections in the order the document places them: its summary first, its assessment and
# next steps last.
OPENING, CLOSING = ("summary",), ("assessment", "next_steps")


def long_date(value: str | datetime.date) -> str:
    day = datetime.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def stamp(value: str) -> str:
    """A stored Europe/Oslo ISO time as «3. februar 2022 kl. 14.05»."""
    moment = datetime.datetime.fromisoformat(value)
    return f"{long_date(moment.date())} kl. {moment:%H.%M}"


def summary_filename(data: SummaryData) -> str:
    if data.is_final:
        return f"arsrapport-leve-hele-livet-{data.year}-versjon-{data.version}.docx"
    return f"arsrapport-leve-hele-livet-{data.year}-utkast.docx"


def state_text(data: SummaryData) -> str:
    if data.is_final:
        return f"Ferdigstilt, versjon {data.version}"
    return "Utkast (ikke ferdigstilt)"


class _Writer:
    def __init__(self, data: SummaryData):
        self.data = data
        self.doc = Document()
        self.headings: list[tuple[int, str, str]] = []  # (level, text, bookmark)
        self.figures = 0
        self._setup()

    # --- page, styles, properties -----------------------------------------------------------------------

    def _setup(self) -> None:
        doc = self.doc
        section = doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Mm(25))
        section.top_margin, section.bottom_margin = Mm(22), Mm(22)
        styles = doc.styles
        for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption", "TOC Heading"):
            wordml.set_font(styles[name])
        styles["Normal"].font.size = Pt(10.5)
        styles["Normal"].paragraph_format.space_after = Pt(6)
        for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
            styles[name].font.size = Pt(size)
            styles[name].font.color.rgb = RGBColor(0x0B, 0x3D, 0x6B)
            styles[name].paragraph_format.space_before = Pt(16 if name == "Heading 1" else 10)
        styles["Caption"].font.size = Pt(9)
        styles["Caption"].font.color.rgb = RGBColor(0x21, 0x25, 0x29)
        for level in range(1, TOC_LEVELS + 1):
            toc = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
            toc.base_style = styles["Normal"]
            toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            toc.paragraph_format.space_after = Pt(2 if level > 1 else 4)
            toc.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            if level == 1:
                toc.font.bold = True
        table_text = styles.add_style("Tabelltekst", WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = styles["Normal"]
        table_text.font.size = Pt(9)
        table_text.paragraph_format.space_after = Pt(0)
        self.table_style_id = table_text.style_id
        wordml.set_language(doc)
        wordml.update_fields_on_open(doc)
        wordml.drop_thumbnail(doc)
        self._properties()
        self._header_footer()

    def _properties(self) -> None:
        data = self.data
        moment = datetime.datetime.fromisoformat(data.generated_at)
        utc = moment.astimezone(datetime.UTC).replace(tzinfo=None)
        props = self.doc.core_properties
        props.title = f"Leve hele livet – årsrapport {data.year}"
        props.subject = (
            "Helsedirektoratets sammenstilling av statsforvalternes rapporter om kvalitetsreformen for eldre"
        )
        props.author = "Helsedirektoratet"
        props.last_modified_by = data.generated_by or "Helsedirektoratet"
        props.keywords = f"Leve hele livet; årsrapport; {data.year}"
        props.category = "Årsrapport"
        props.comments = state_text(data)
        props.language = wordml.LANGUAGE
        props.identifier = f"lhl-arsrapport-{data.year}" + (f"-v{data.version}" if data.is_final else "-utkast")
        props.revision = data.version or 1
        props.created = utc
        props.modified = utc
        props.last_printed = utc

    def _header_footer(self) -> None:
        section = self.doc.sections[0]
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.style = self.doc.styles["Footer"]
        footer.add_run(f"Leve hele livet – årsrapport {self.data.year} · side ")
        wordml.simple_field(footer, "PAGE", "1")
        footer.add_run(" av ")
        wordml.simple_field(footer, "NUMPAGES", "1")
        for run in footer.runs:
            run.font.size = Pt(8.5)
        if not self.data.is_final:
            header = section.header.paragraphs[0]
            header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = header.add_run("UTKAST – ikke ferdigstilt")
            run.bold = True
            run.font.size = Pt(9)
            run.font.color.rgb = RGBColor(0xB0, 0x2A, 0x37)

    # --- building blocks ---------------------------------------------------------------------------------

    def heading(self, text: str, level: int) -> None:
        text = clean_text(text).strip() or "–"
        paragraph = self.doc.add_heading(text, level)
        name = f"_Toc{len(self.headings) + 1:04d}"
        wordml.bookmark(paragraph, name, len(self.headings) + 1)
        self.headings.append((level, text, name))

    def text(self, value: str | None, *, empty: str = NOT_WRITTEN) -> None:
        """User text: blank lines separate paragraphs, single line breaks are kept."""
        value = clean_text(value or "").strip()
        if not value:
            self.doc.add_paragraph().add_run(empty).italic = True
            return
        for block in re.split(r"\n\s*\n", value.replace("\r\n", "\n")):
            paragraph = self.doc.add_paragraph()
            for index, line in enumerate(block.split("\n")):
                if index:
                    paragraph.add_run().add_break(WD_BREAK.LINE)
                paragraph.add_run(line)

    def para(self, text: str, *, italic: bool = False, small: bool = False, with_next: bool = False) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.keep_with_next = with_next
        run = paragraph.add_run(clean_text(text))
        run.italic = italic
        if small:
            run.font.size = Pt(9)

    def table(
        self,
        header: list[str],
        rows: list[list[str]],
        *,
        widths: list[float] | None = None,
        bold_rows: frozenset[int] | set[int] = frozenset(),
        header_rows: int = 1,
        numbers: bool = True,
        note: str = "",
    ) -> None:
        """A grid table; the first `header_rows` rows shaded, bold and repeated on every page; with `numbers`,
        every column but the first right-aligned. A table of up to KEEP_TOGETHER rows is kept on one page. A
        `note` is printed under it in small type, its last row kept on the note's page."""
        columns = len(header)
        table = self.doc.add_table(rows=0, cols=columns)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = widths or [6.5] + [(16 - 6.5) / max(columns - 1, 1)] * (columns - 1)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
        all_rows = [header, *rows] if header_rows == 1 else [*rows[: header_rows - 1], header, *rows[header_rows - 1 :]]
        together = len(all_rows) <= KEEP_TOGETHER
        for index, values in enumerate(all_rows):
            row = table.add_row()
            wordml.keep_row_together(row)
            is_header = index < header_rows
            if is_header:
                wordml.repeat_as_header(row)
            for column, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
                cell.width = Cm(widths[column])
                paragraph = cell.paragraphs[0]
                paragraph._p.style = self.table_style_id  # by id: python-docx looks a name up every time
                last = index == len(all_rows) - 1
                paragraph.paragraph_format.keep_with_next = (together and not last) or (last and bool(note))
                if column and numbers:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                run = paragraph.add_run(clean_text(str(value)))
                if is_header or (index - header_rows) in bold_rows:
                    run.bold = True
                if is_header:
                    wordml.shade(cell, HEADER_FILL)
        if note:
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.space_before = Pt(3)
            paragraph.add_run(clean_text(note)).font.size = Pt(9)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def chart(self, chart: Chart) -> None:
        self.figures += 1
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        picture = paragraph.add_run().add_picture(io.BytesIO(chart.png), width=TEXT_WIDTH)
        if picture.height > CHART_MAX_HEIGHT:  # a tall chart is narrowed, so it fits with its heading
            picture.width = Emu(round(picture.width * CHART_MAX_HEIGHT / picture.height))
            picture.height = CHART_MAX_HEIGHT
        picture._inline.docPr.set("descr", f"{chart.caption}. Tallene står i tabellen under figuren.")
        caption = self.doc.add_paragraph(style="Caption")
        # The caption stays with its chart; the table may start on the next page rather than push the chart
        # there and leave most of this page blank.
        caption.paragraph_format.keep_with_next = False
        caption.add_run("Figur ")
        wordml.simple_field(caption, "SEQ Figur \\* ARABIC", str(self.figures))
        caption.add_run(f": {chart.caption}. Tallene står i tabellen under.")
        columns = len(chart.header)
        first = 6.5 if columns > 2 else 9.0
        self.table(
            chart.header,
            chart.rows,
            widths=[first] + [(16 - first) / max(columns - 1, 1)] * (columns - 1),
            bold_rows=chart.bold_rows,
        )

    def web_link(self, lead: str, url: str) -> None:
        """`lead` and the address, a link a reader can click when it is a web address."""
        url = clean_text(url).strip()
        paragraph = self.doc.add_paragraph()
        paragraph.add_run(lead).font.size = Pt(9)
        if url.lower().startswith(("https://", "http://")):
            wordml.external_link(paragraph, url, url).font.size = Pt(9)
        else:
            paragraph.add_run(url).font.size = Pt(9)

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # --- the document --------------------------------------------------------------------------------------

    def build(self) -> bytes:
        self.title_page()
        toc_anchor = self.contents_page()
        for key in OPENING:
            self.heading(str(SECTIONS[key]), 1)
            self.text(self.data.texts.get(key))
        self.about()
        self.national()
        self.per_office()
        self.priorities()
        self.examples()
        self.assessments()
        self.grants()
        self.self_confirmed()
        for key in CLOSING:
            self.heading(str(SECTIONS[key]), 1)
            self.text(self.data.texts.get(key))
        self.fill_contents(toc_anchor)
        return wordml.pinned_bytes(self.doc, datetime.datetime.fromisoformat(self.data.generated_at))

    def title_page(self) -> None:
        data = self.data
        doc = self.doc
        for _ in range(4):
            doc.add_paragraph()
        doc.add_paragraph("Leve hele livet", style="Title")
        doc.add_paragraph(f"Årsrapport {data.year}", style="Subtitle")
        self.para(
            "Helsedirektoratets sammenstilling av statsforvalternes rapporter om gjennomføringen av "
            "kvalitetsreformen for eldre (Meld. St. 15 (2017–2018))."
        )
        doc.add_paragraph()
        periods = "; ".join(f"{p['name']} (tall per {long_date(p['reference_date'])})" for p in data.periods)
        rows = [
            ["Rapporteringsår", str(data.year)],
            ["Perioder", periods or "Ingen"],
            ["Frist til departementet", long_date(data.due)],
            ["Status", state_text(data)],
            ["Laget", stamp(data.generated_at) + (f" av {data.generated_by}" if data.generated_by else "")],
        ]
        self.table(["Om dokumentet", ""], rows, widths=[5.0, 11.0], numbers=False)
        self.page_break()

    def contents_page(self):
        heading = self.doc.add_paragraph("Innhold", style="TOC Heading")
        wordml.set_font(self.doc.styles["TOC Heading"])
        anchor = self.doc.add_paragraph()
        self.page_break()
        return heading, anchor

    def fill_contents(self, toc_anchor) -> None:
        """The written list of headings (levels 1–2), each linked to its heading, with its page number."""
        _heading, anchor = toc_anchor
        for level, text, name in self.headings:
            if level <= TOC_LEVELS:
                paragraph = anchor.insert_paragraph_before(style=f"toc {level}")
                link = wordml.internal_link(paragraph, text, name)
                wordml.page_reference(paragraph, link, name)

    def about(self) -> None:
        data = self.data
        self.heading("Om grunnlaget", 1)
        self.para(
            "Tallene for hver periode er de samme som portalen viser på den nasjonale oversikten og i "
            "rapportpakkene: for embeter som har sendt inn (eller fått godkjent) rapporten for perioden, "
            "tallene slik de ble sendt inn; for de andre embetene levende tall per periodens referansedato, "
            "merket «levende». Tallene for hele landet er summen av embetenes tall."
        )
        self.para(
            "Tekster og gode eksempler er hentet bare fra rapporter som er sendt inn eller godkjent. Et embete "
            f"uten slik rapport står oppført med «{NOT_DELIVERED}». Helsedirektoratets egne avsnitt er skrevet i "
            "portalen."
        )
        known = f" Registreringer kjent per {stamp(data.known_at)}." if data.known_at else ""
        self.para(f"Dokumentet ble laget {stamp(data.generated_at)}.{known}", small=True)

    def national(self) -> None:
        data = self.data
        self.heading("Nasjonale tall", 1)
        names = dict(data.figures)
        for period in data.periods:
            self.heading(f"{period['name']} (per {long_date(period['reference_date'])})", 2)
            entry = data.entry(period)
            live = data.live_offices(period)
            rows = []
            for key, _name in data.figures:
                asked = "ja" if key in period["asked"] else "–"
                rows.append([names[key], number(entry.counts[key], entry.share(key)), asked])
            if not live:
                basis = ""
            elif len(live) == len(period["offices"]):
                basis = ", levende tall"
            else:
                basis = ", delvis levende tall"
            delivered = len(period["offices"]) - len(live)
            if live:
                note = (
                    f"Innsendte tall fra {delivered} av {len(period['offices'])} embeter. Levende tall per "
                    f"{long_date(period['reference_date'])} for: {', '.join(live)}."
                )
            else:
                note = f"Alle {delivered} embeter har sendt inn rapporten; tallene er de innsendte."
            self.table(
                ["Tall", f"Hele landet ({entry.municipalities} kommuner{basis})", "Spurt om i perioden"],
                rows,
                widths=[9.0, 4.5, 2.5],
                note=note,
            )
        if not data.periods:
            self.para(NO_PERIODS.format(year=data.year), italic=True)
            return
        self.heading("Utvikling gjennom året" if len(data.periods) > 1 else "Tallene i diagram", 2)
        self.chart(national_chart(data))

    def per_office(self) -> None:
        data = self.data
        self.heading("Tall per embete", 1)
        if not data.periods:
            self.para(NO_PERIODS.format(year=data.year), italic=True)
            return
        self.chart(office_chart(data))
        names = dict(data.figures)
        for office in data.offices:
            self.heading(office["title"], 2)
            parts = [next(o for o in p["offices"] if o["slug"] == office["slug"]) for p in data.periods]
            entries = [FigureEntry.from_json(part["figures"]) for part in parts]
            sources = [
                "Levende tall" if part["source"] == LIVE else f"Innsendt, versjon {part['version']}" for part in parts
            ]
            rows = [["Grunnlag", *sources]]
            rows += [[names[key], *[number(e.counts[key], e.share(key)) for e in entries]] for key, _n in data.figures]
            columns = len(data.periods)
            number_width = min(3.5, 9.0 / max(columns, 1))
            self.table(
                ["Tall", *[p["name"] for p in data.periods]],
                rows,
                widths=[16 - number_width * columns] + [number_width] * columns,
                bold_rows={0},
            )

    def priorities(self) -> None:
        self.heading("Prioriterte innsatsområder og løsninger i fase 3", 1)
        self.para(
            "Blant kommunene i fase 3: hvor mange som har prioritert hvert innsatsområde og hver løsning. En "
            "kommune teller for et innsatsområde når den har prioritert området selv eller en av løsningene i det.",
            with_next=True,
        )
        if not self.data.periods:
            self.para(NO_PERIODS.format(year=self.data.year), italic=True)
            return
        if not any(PRIORITIES_KEY in p["asked"] for p in self.data.periods):
            self.para("Ingen av årets perioder ba om prioriteringene; tallene er regnet ut likevel.", with_next=True)
        self.chart(priorities_chart(self.data))

    def examples(self) -> None:
        data = self.data
        self.heading("Gode eksempler fra kommunene", 1)
        if not data.examples:
            self.para("Helsedirektoratet har ikke valgt eksempler ennå.", italic=True)
            return
        self.para(
            "Et utvalg av eksemplene «fra plan til handling» som embetene har sendt inn i årets rapporter.",
            with_next=True,
        )
        names = {code: name for code, name, _is_area in data.catalogue}
        for example in data.examples:
            self.heading(example["title"], 2)
            facts = [
                f"{example['municipality']} ({example['office_title']})",
                f"innsendt for {period_in_sentence(example['period_name'])}",
            ]
            if example.get("code") and example["code"] in names:
                facts.append(f"gjelder {names[example['code']]}")
            self.para(", ".join(facts) + ".", small=True, with_next=True)
            self.text(example.get("text"), empty="Ingen beskrivelse.")
            if example.get("link"):
                self.web_link("Mer informasjon: ", example["link"])

    def assessments(self) -> None:
        data = self.data
        self.heading("Embetenes vurderinger", 1)
        if not data.assessment_periods:
            self.para("Ingen av årets perioder ba embetene om en vurdering.", italic=True)
            return
        names = dict(data.assessment_periods)
        for office in data.assessments:
            self.heading(office["title"], 2)
            for entry in office["texts"]:
                self.heading(names[entry["period"]], 3)
                if entry["text"] is None:
                    self.para(NOT_DELIVERED, italic=True)
                else:
                    self.text(entry["text"], empty="Embetet sendte inn rapporten uten vurdering.")

    def grants(self) -> None:
        grants = self.data.grants
        self.heading("Prioritering i tilskuddsordninger", 1)
        if grants is None:
            self.para(f"Kartleggingen av prioritering i tilskuddsordninger gjelder ikke {self.data.year}.", italic=True)
            return
        self.para(
            f"Statsforvalternes kartlegging for {grants['year']}, per {long_date(grants['as_of'])}. En kommune "
            "foreslås prioritert når alle de fire kriteriene er oppfylt; embetet bekrefter eller overstyrer "
            "forslaget med en begrunnelse. «Prioriteres» er det som gjelder: bekreftelsen der den finnes, ellers "
            "forslaget.",
            with_next=True,
        )
        header = ["Embete", "Kommuner", "Foreslått prioritert", "Bekreftet prioritert", "Bekreftet ikke prioritert",
                  "Ikke bekreftet", "Prioriteres"]  # fmt: skip
        rows = [[str(v) for v in row] for row in grants["rows"]]
        rows.append(["Hele landet", *[str(v) for v in grants["total"]]])
        self.table(header, rows, widths=[3.4] + [2.1] * 6, bold_rows={len(rows) - 1})

    def self_confirmed(self) -> None:
        self.heading("Kommunenes egne statusbekreftelser", 1)
        counts = self.data.self_confirmed
        if counts is None:
            self.para(
                "Ikke tilgjengelig: portalen tar ennå ikke imot statusbekreftelser fra kommunene selv.", italic=True
            )
            return
        regions = {o["slug"]: o["region"] for o in self.data.offices}
        rows = [[regions.get(slug, slug), str(count)] for slug, count in counts.get("offices", {}).items()]
        rows.append(["Hele landet", str(counts.get("total", 0))])
        self.table(["Embete", "Statuser bekreftet av kommunen"], rows, widths=[9.0, 7.0], bold_rows={len(rows) - 1})


def summary_document_bytes(data: SummaryData) -> bytes:
    return _Writer(data).build()
