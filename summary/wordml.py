"""The few WordprocessingML pieces python-docx has no API for: fields (page numbers, page references),
bookmarks, internal and external hyperlinks, cell shading, repeated header rows, explicit fonts and language,
refreshing fields on opening, and a byte-identical package (pinned core properties and zip entry dates, no
stale thumbnail).

Kept apart from the document's layout (`summary.document`) so the layout reads as the report it builds.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import RGBColor
from docx.styles.style import BaseStyle
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FONT = "Arial"  # in every Office installation; LibreOffice uses the metric-compatible Liberation Sans
LANGUAGE = "nb-NO"


def _el(tag: str, **attrs: str) -> BaseOxmlElement:
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(name), value)
    return element


def _field_char(paragraph: Paragraph, kind: str, *, dirty: bool = False) -> None:
    run = paragraph.add_run()
    char = _el("w:fldChar", **{"w:fldCharType": kind})
    if dirty:
        char.set(qn("w:dirty"), "true")
    run._r.append(char)


def field_begin(paragraph: Paragraph, instruction: str, *, dirty: bool = False) -> None:
    """Open a complex field: begin, the instruction, separate. What follows is its shown result."""
    _field_char(paragraph, "begin", dirty=dirty)
    run = paragraph.add_run()
    text = _el("w:instrText", **{"xml:space": "preserve"})
    text.text = f" {instruction} "
    run._r.append(text)
    _field_char(paragraph, "separate")


def field_end(paragraph: Paragraph) -> None:
    _field_char(paragraph, "end")


def simple_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A field the viewer computes as it lays out the page (PAGE, NUMPAGES), shown as `shown` until then."""
    field_begin(paragraph, instruction)
    paragraph.add_run(shown)
    field_end(paragraph)


def bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """A bookmark around the paragraph's text (the target of the table of contents' links)."""
    start = _el("w:bookmarkStart", **{"w:id": str(number), "w:name": name})
    end = _el("w:bookmarkEnd", **{"w:id": str(number)})
    p = paragraph._p
    p.insert(1 if p.pPr is not None else 0, start)
    p.append(end)


def internal_link(paragraph: Paragraph, text: str, anchor: str) -> BaseOxmlElement:
    """A link to a bookmark in the same document; answers the link, to add more runs to it."""
    link = _el("w:hyperlink", **{"w:anchor": anchor, "w:history": "1"})
    run = paragraph.add_run(text)
    link.append(run._r)  # moves the run into the link
    paragraph._p.append(link)
    return link


def page_reference(paragraph: Paragraph, link: BaseOxmlElement, anchor: str) -> None:
    """A tab, then the number of the page the bookmark `anchor` is printed on, inside `link`: a PAGEREF field
    that LibreOffice computes as it lays out the pages and Word on opening (see `update_fields_on_open`) and
    before printing. It is stored without a result, so no viewer ever shows a guessed page number."""
    runs = [paragraph.add_run() for _ in range(4)]
    runs[0]._r.append(_el("w:tab"))
    runs[1]._r.append(_el("w:fldChar", **{"w:fldCharType": "begin", "w:dirty": "true"}))
    instruction = _el("w:instrText", **{"xml:space": "preserve"})
    instruction.text = f" PAGEREF {anchor} \\h "
    runs[2]._r.append(instruction)
    runs[3]._r.append(_el("w:fldChar", **{"w:fldCharType": "separate"}))
    end = paragraph.add_run()
    end._r.append(_el("w:fldChar", **{"w:fldCharType": "end"}))
    for run in [*runs, end]:
        link.append(run._r)


def external_link(paragraph: Paragraph, text: str, url: str) -> Run:
    """A link to a web address, underlined in the link colour (python-docx's template has no Hyperlink
    style)."""
    rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = _el("w:hyperlink", **{"r:id": rel_id, "w:history": "1"})
    run = paragraph.add_run(text)
    run.font.underline = True
    run.font.color.rgb = RGBColor(0x0B, 0x57, 0xD0)
    link.append(run._r)
    paragraph._p.append(link)
    return run


def update_fields_on_open(document: Document) -> None:
    """Ask Word to refresh every field when the document is opened (page references, page counts)."""
    settings = document.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    update = _el("w:updateFields", **{"w:val": "true"})
    # Word is strict about CT_Settings' order: w:updateFields comes right before these.
    following = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids")
    successor = next((el for tag in following if (el := settings.find(qn(tag))) is not None), None)
    if successor is not None:
        successor.addprevious(update)
    else:
        settings.append(update)


def shade(cell: _Cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    properties.append(_el("w:shd", **{"w:val": "clear", "w:color": "auto", "w:fill": fill}))


def repeat_as_header(row: _Row) -> None:
    """Repeat the row at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    properties.append(_el("w:tblHeader", **{"w:val": "true"}))


def keep_row_together(row: _Row) -> None:
    row._tr.get_or_add_trPr().append(_el("w:cantSplit", **{"w:val": "true"}))


def set_font(style: BaseStyle, name: str = FONT) -> None:
    """Set the style's font for every script, replacing theme fonts (which would win over a plain name)."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _el("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), name)


def set_language(document: Document, language: str = LANGUAGE) -> None:
    """The proofing language of the whole document (Word's spelling check reads it)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(_el("w:lang", **{"w:val": language, "w:eastAsia": language, "w:bidi": language}))


def drop_thumbnail(document: Document) -> None:
    """The template's thumbnail shows an empty page; a viewer would show it as this document's preview."""
    rels = document.part.package.rels
    for rel_id, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            rels.pop(rel_id)


def pinned_bytes(document: Document, moment: datetime.datetime) -> bytes:
    """The saved package with every zip entry dated `moment` (local time, as zip stores it), so the same
    content and moment give the same bytes. Core properties are the caller's to pin before this."""
    raw = io.BytesIO()
    document.save(raw)
    stamp = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
