"""The draft initial report as DOCX: the editable twin of the PDF, for the national validation rounds.

The draft marking (and the confidentiality marking) sit in the page header, so that every page of any
copy that circulates says what it is.
"""

import io

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

from roadmaps.exports.tables import xml_text

from .initial_report import InitialReport, Item

MARKING_COLOUR = RGBColor(0x8B, 0x00, 0x00)  # the PDF's
OPEN_COLOUR = RGBColor(0x8A, 0x45, 0x00)


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
        _marked(header, _("DRAFT FOR NATIONAL VALIDATION"))
        if report.marking:
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
    assessment = report.assessment
    doc.core_properties.title = report.title
    doc.core_properties.language = report.language
    _marked(doc.add_paragraph(), _("DRAFT FOR NATIONAL VALIDATION"))
    _text(doc, _("Initial report on measures undertaken to implement the Arms Trade Treaty"), "Title")
    _text(doc, _("In accordance with Article 13(1) of the Treaty"), "Subtitle")
    _labelled(doc, _("State"), assessment.country.name)
    _labelled(doc, _("Date of this draft"), date_format(report.generated_on, "DATE_FORMAT"))
    if report.due_date:
        _labelled(
            doc,
            _("Due"),
            _("by %(day)s, within one year of the Treaty's entry into force for the state")
            % {"day": date_format(report.due_date, "DATE_FORMAT")},
        )
    _labelled(doc, _("Prepared from the assessment"), assessment.title)
    framework = assessment.framework
    _labelled(doc, _("Questionnaire"), f"{framework.translated('title')}, {_('version')} {framework.version}")
    if report.marking:
        _marked(doc.add_paragraph(), report.marking)
    _text(
        doc,
        _(
            "Prepared by the national inter-agency team. Not an official submission: the content must be "
            "validated nationally before the report is sent to the ATT Secretariat."
        ),
    )
    doc.add_page_break()


def _about(doc, report: InitialReport) -> None:
    doc.add_heading(_("About this draft"), level=1)
    _text(
        doc,
        _(
            "This draft was prepared from the inter-agency self-assessment “%(title)s”. It follows the structure "
            "of the Arms Trade Treaty Secretariat's initial report template: binding obligations first (Part A), "
            "then voluntary and encouraged measures (Part B), article by article."
        )
        % {"title": report.assessment.title},
    )
    _text(
        doc,
        ngettext(
            "%(total)s item: %(agreed)s agreed, %(open)s open.",
            "%(total)s items: %(agreed)s agreed, %(open)s open.",
            len(report.items),
        )
        % {"total": len(report.items), "agreed": report.agreed_count, "open": len(report.open_items)},
    )


def _item(doc, item: Item) -> None:
    heading = doc.add_heading(level=4)
    heading.add_run(xml_text(f"{item.code} · {item.text}"))
    facts = [item.obligation_label]
    if item.articles:
        facts.insert(0, f"{_('Art.')} {', '.join(item.articles)}")
    paragraph = doc.add_paragraph(xml_text(" · ".join(facts)))
    if item.is_open:
        paragraph.add_run(" · ")
        run = paragraph.add_run(_("Open item"))
        run.bold = True
        run.font.color.rgb = OPEN_COLOUR
    if item.agreed:
        answer = f"{item.answer} · {item.agreed_reason}" if item.agreed_reason else item.answer
    else:
        answer = _("not yet agreed")
        if item.positions:
            positions = "; ".join(f"{p.agency}: {p.answer}" for p in item.positions)
            answer = f"{answer} ({_('positions')}: {positions})"
    _labelled(doc, _("Agreed answer"), answer)
    _labelled(doc, _("National legal references"), "" if item.legal_references else _("None recorded"))
    for ref in item.legal_references:
        suffix = f" ({', '.join(ref.agencies)})" if ref.agencies else ""
        _text(doc, f"{ref}{suffix}", "List Bullet")
    _labelled(doc, _("Measures and notes recorded"), "" if item.notes else _("None recorded"))
    for note in item.notes:
        _text(doc, f"{note.text} ({note.agency})", "List Bullet")
    if item.is_open:
        _labelled(doc, _("Open item"), item.open_reason)


def _parts(doc, report: InitialReport) -> None:
    for part in report.parts:
        doc.add_heading(xml_text(part.title), level=1)
        _text(doc, part.intro)
        for topic in part.topics:
            span = f" ({topic.article_span})" if topic.article_span else ""
            doc.add_heading(xml_text(f"{topic.number}. {topic.title}{span}"), level=2)
            for group in topic.articles:
                if len(topic.articles) > 1:
                    doc.add_heading(xml_text(group.heading), level=3)
                for item in group.items:
                    _item(doc, item)
        if not part.topics:
            _text(doc, _("The questionnaire has no question of this kind."))


def _open_items(doc, report: InitialReport) -> None:
    doc.add_heading(_("Open items to settle before validation"), level=1)
    if not report.open_items:
        _text(doc, _("None: every item has an agreed answer of “in place” or “not applicable”."))
        return
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    headers = [_("Item"), _("Article"), _("Obligation"), _("What is left to do")]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for item in report.open_items:
        cells = table.add_row().cells
        for cell, text in zip(
            cells, [item.code, ", ".join(item.articles) or "—", item.obligation_label, item.open_reason], strict=True
        ):
            cell.text = xml_text(text)


def initial_report_docx(report: InitialReport) -> bytes:
    """The same content as the PDF, in the same order, with the draft marking in every page header."""
    doc = Document()
    with translation.override(report.language):
        for part in (_cover, _about, _parts, _open_items, _headers):
            part(doc, report)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
