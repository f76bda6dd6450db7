"""An assistance request as a project outline in DOCX, for the team to adapt to the donor's own form."""

import io

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import RGBColor

from roadmaps.exports.tables import lead, xml_text

from .models import AssistanceRequest
from .totals import budget_total

MARKING_COLOUR = RGBColor(0x8B, 0x00, 0x00)  # as the roadmap documents


def money(amount, currency: str) -> str:
    return f"{number_format(amount, decimal_pos=2, force_grouping=True)} {currency}"


def _labelled(doc, label: str, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(xml_text(text))


def _section(doc, heading: str, text: str) -> None:
    doc.add_heading(xml_text(heading), level=1)
    for line in (text or "—").splitlines() or ["—"]:
        doc.add_paragraph(xml_text(line))


def _marking(request: AssistanceRequest) -> str:
    """Every outline is a draft for the team to adapt; the team's confidentiality marking follows it."""
    assessment = request.assessment
    return " · ".join(filter(None, [_("Draft"), assessment.get_marking_display() if assessment.marking else ""]))


def _mark(paragraph, text: str) -> None:
    run = paragraph.add_run(xml_text(text))
    run.bold = True
    run.font.color.rgb = MARKING_COLOUR


def _budget(doc, request: AssistanceRequest, lines) -> None:
    doc.add_heading(_("Budget"), level=1)
    total = budget_total(line.amount for line in lines)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].paragraphs[0].add_run(_("Budget line")).bold = True
    header[1].paragraphs[0].add_run(_("Amount (%(currency)s)") % {"currency": request.currency}).bold = True
    for line in lines:
        row = table.add_row().cells
        row[0].text = xml_text(line.description)
        row[1].text = money(line.amount, request.currency) if line.amount is not None else _("to be costed")
    row = table.add_row().cells
    row[0].paragraphs[0].add_run(_("Total")).bold = True
    row[1].paragraphs[0].add_run(money(total.total, request.currency)).bold = True
    if total.uncosted:
        doc.add_paragraph(
            ngettext(
                "%(count)s budget line has no amount yet and is not in the total.",
                "%(count)s budget lines have no amount yet and are not in the total.",
                total.uncosted,
            )
            % {"count": total.uncosted}
        )
    if request.amount_requested is not None:
        _labelled(doc, _("Amount requested"), money(request.amount_requested, request.currency))
    if request.amount_granted is not None:
        _labelled(doc, _("Amount granted"), money(request.amount_granted, request.currency))


def _actions(doc, actions) -> None:
    doc.add_heading(_("Roadmap actions covered"), level=1)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, [_("Action"), _("Lead"), _("Dates"), _("Treaty articles")], strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for action in actions:
        articles = sorted({article for question in action.gaps.all() for article in question.articles})
        dates = f"{date_format(action.start, 'SHORT_DATE_FORMAT')} – {date_format(action.end, 'SHORT_DATE_FORMAT')}"
        for cell, text in zip(
            table.add_row().cells, [action.title, lead(action) or "—", dates, ", ".join(articles) or "—"], strict=True
        ):
            cell.text = xml_text(text)


def outline_docx(request: AssistanceRequest, *, actions, lines) -> bytes:
    """The outline: need, objective, activities, outputs, duration, budget with its total, implementing
    partner and national counterpart, then the roadmap actions it covers; "Draft" on every page."""
    assessment = request.assessment
    doc = Document()
    doc.core_properties.title = xml_text(request.title)[:255]  # the most a DOCX property holds
    marking = _marking(request)
    for section in doc.sections:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _mark(header, marking)
    doc.add_paragraph(xml_text(request.title), style="Title")
    doc.add_paragraph(
        _("Project outline for %(source)s") % {"source": xml_text(request.source.translated("name"))}, "Subtitle"
    )
    _mark(doc.add_paragraph(), marking)
    _labelled(doc, _("State"), assessment.country.display_name)
    _labelled(doc, _("Assessment"), assessment.title)
    _labelled(doc, _("Status"), request.get_status_display())
    _labelled(doc, _("Date"), date_format(timezone.localdate(), "DATE_FORMAT"))
    _section(doc, _("Need"), request.need)
    _section(doc, _("Objective"), request.objective)
    _section(doc, _("Activities"), request.activities)
    _section(doc, _("Outputs"), request.outputs)
    duration = (
        ngettext("%(months)s month", "%(months)s months", request.duration_months) % {"months": request.duration_months}
        if request.duration_months
        else _("Not set")
    )
    _section(doc, _("Duration"), duration)
    _budget(doc, request, lines)
    _section(doc, _("Implementing partner"), request.implementing_partner or _("Not chosen yet"))
    _section(doc, _("National counterpart"), str(request.national_counterpart or _("Not chosen yet")))
    _actions(doc, actions)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
