"""The initial report as DOCX: the editable twin of the PDF, in the same order, with the same headings.

The draft marking (and the confidentiality marking) sit in the page header, so that every page of any copy that
circulates says what it is; the final version drops the draft marking and the working annex.
"""

import io

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

from roadmaps.exports.tables import xml_text

from .initial_report.annexes import Annex
from .initial_report.build import InitialReport, ReportItem

MARKING_COLOUR = RGBColor(0x8B, 0x00, 0x00)  # the PDF's
OPEN_COLOUR = RGBColor(0x8A, 0x45, 0x00)
SHADE = "EEF0F2"  # Section B is the template's shaded section


def _text(doc, text: str, style: str | None = None):
    return doc.add_paragraph(xml_text(text), style=style)


def _labelled(doc, label: str, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(xml_text(text))


def _marked(paragraph, text: str):
    run = paragraph.add_run(xml_text(text))
    run.bold = True
    run.font.color.rgb = MARKING_COLOUR
    return run


def _shade(paragraph) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), SHADE)
    paragraph._p.get_or_add_pPr().append(shading)


def _field_char(kind: str):
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def _page_field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the word processor fills in on every page."""
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    run = paragraph.add_run()
    for element in (_field_char("begin"), code, _field_char("separate"), placeholder, _field_char("end")):
        run._r.append(element)


def _headers(doc, report: InitialReport) -> None:
    """Draft marking on the left of every page's header, confidentiality marking beside it; page X of Y below."""
    for section in doc.sections:
        header = section.header.paragraphs[0]
        if not report.final:
            _marked(header, _("DRAFT FOR NATIONAL VALIDATION"))
        if report.marking:
            if not report.final:
                header.add_run(" · ")
            _marked(header, report.marking)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        label = _("Page %(page)s of %(pages)s") % {"page": "\x00PAGE\x00", "pages": "\x00NUMPAGES\x00"}
        for piece in label.split("\x00"):
            if piece in ("PAGE", "NUMPAGES"):
                _page_field(footer, piece)
            elif piece:
                footer.add_run(piece)


def _cover(doc, report: InitialReport) -> None:
    assessment, cover = report.assessment, report.cover
    doc.core_properties.title = report.title
    doc.core_properties.language = report.language
    if not report.final:
        _marked(doc.add_paragraph(), _("DRAFT FOR NATIONAL VALIDATION"))
    _text(doc, _("Initial report on measures undertaken to implement the Arms Trade Treaty"), "Title")
    _text(doc, _("In accordance with Article 13(1) of the Treaty"), "Subtitle")
    _labelled(doc, _("Reporting state"), assessment.country.display_name)
    contact = ", ".join(part for part in (cover.contact_name, cover.contact_agency, cover.contact_email) if part)
    _labelled(doc, _("National point of contact for this report"), contact or _("not recorded yet"))
    submitted = date_format(cover.submission_date, "DATE_FORMAT") if cover.submission_date else _("not recorded yet")
    _labelled(doc, _("Date of submission"), submitted)
    public = cover.get_publication_display() if cover.publication else _("not decided yet")
    _labelled(doc, _("May the report be made public?"), public)
    if report.due_date:
        _labelled(
            doc,
            _("Due"),
            _("by %(day)s, within the first year after the Treaty's entry into force for the state")
            % {"day": date_format(report.due_date, "DATE_FORMAT")},
        )
    attachments = f"{_('Annex 1: national laws and regulations')}; {_('Annex 2: national control list')}"
    _labelled(doc, _("Attachments"), attachments)
    if not report.final:
        _labelled(doc, _("Date of this draft"), date_format(report.generated_on, "DATE_FORMAT"))
        framework = assessment.framework
        source = f"{assessment.title} · {framework.translated('title')}, {_('version')} {framework.version}"
        _labelled(doc, _("Prepared from the assessment"), source)
    if report.marking:
        _marked(doc.add_paragraph(), report.marking)
    if not report.final:
        _text(
            doc,
            _(
                "Prepared by the national inter-agency team. Not an official submission: the content must be "
                "validated nationally before the report is sent to the ATT Secretariat."
            ),
        )
    doc.add_page_break()


def _item(doc, item: ReportItem, *, shaded: bool) -> None:
    heading = doc.add_heading(level=3)
    heading.add_run(xml_text(f"{item.key} {item.text}"))
    paragraphs = [_text(doc, f"{_('Art.')} {', '.join(item.articles)}")]
    for basis in item.answered:
        paragraph = doc.add_paragraph(style="List Bullet")
        paragraph.add_run(xml_text(f"{basis.text} "))
        paragraph.add_run(xml_text(basis.answer)).bold = True
        if basis.reason:
            paragraph.add_run(xml_text(f": {basis.reason}"))
        paragraphs.append(paragraph)
    if item.is_open:
        paragraph = doc.add_paragraph()
        run = paragraph.add_run(_("Not settled yet: see the working annex."))
        run.italic = True
        run.font.color.rgb = OPEN_COLOUR
        paragraphs.append(paragraph)
    if item.legal_references:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{_('National legal provisions')}: ").bold = True
        paragraph.add_run(xml_text("; ".join(str(ref) for ref in item.legal_references)))
        paragraphs.append(paragraph)
    if shaded:
        for paragraph in paragraphs:
            _shade(paragraph)


def _about(doc, report: InitialReport) -> None:
    if report.final:
        return
    doc.add_heading(_("About this draft"), level=1)
    _text(
        doc,
        _(
            "This draft follows the Arms Trade Treaty Secretariat's initial report template, item by item: Section A "
            "(binding obligations), then Section B (the template's shaded section: provisions binding to a lesser "
            "degree, and voluntary information). Each item is answered from the answers the team agreed; what is "
            "left to settle is in the working annex at the end, which is not part of the report."
        ),
    )


def _sections(doc, report: InitialReport) -> None:
    for section in report.sections:
        doc.add_heading(xml_text(section.title), level=1)
        _text(doc, section.intro)
        for topic in section.topics:
            doc.add_heading(xml_text(f"{topic.number}. {topic.title}"), level=2)
            for item in topic.items:
                _item(doc, item, shaded=section.key == "B")


def _annex(doc, title: str, annex: Annex) -> None:
    doc.add_heading(title, level=1)
    if not annex:
        _text(doc, _("None recorded yet on the agreed answers."))
    for entry in annex.instruments:
        provisions = f": {'; '.join(entry.provisions)}" if entry.provisions else ""
        _text(doc, f"{entry.title}{provisions} ({_('items')} {', '.join(entry.items)})", "List Bullet")
    for entry in annex.documents:
        where = f" · {entry.link}" if entry.link else f" · {_('file kept in the portal: attach it on submission')}"
        _text(doc, f"{entry.title}{where} ({_('items')} {', '.join(entry.items)})", "List Bullet")


def _annexes(doc, report: InitialReport) -> None:
    _annex(doc, _("Annex 1: national laws and regulations"), report.laws)
    _annex(doc, _("Annex 2: national control list"), report.control_list)


def _working_annex(doc, report: InitialReport) -> None:
    if report.final:
        return
    doc.add_heading(_("Working annex: open items (not part of the report)"), level=1)
    _text(
        doc,
        _(
            "For the national team only: what is left to settle before the report is final. The final version leaves "
            "this annex out, and can be made once nothing is open."
        ),
    )
    if not report.open_items:
        _text(doc, _("None: every item is answered from an agreed answer. The final version can be made."))
        return
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, [_("Item"), _("Question"), _("What is left to do")], strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for line in report.open_items:
        positions = "; ".join(f"{p.agency}: {p.answer}" for p in line.positions)
        todo = f"{line.reason} ({_('positions')}: {positions})" if positions else line.reason
        question = f"{line.code} {line.text}" if line.code else line.text
        for cell, text in zip(table.add_row().cells, [line.item, question, todo], strict=True):
            cell.text = xml_text(text)


def initial_report_docx(report: InitialReport) -> bytes:
    """The same content as the PDF, in the same order, with the draft marking in every page header."""
    doc = Document()
    with translation.override(report.language):
        for part in (_cover, _about, _sections, _annexes, _working_annex, _headers):
            part(doc, report)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
