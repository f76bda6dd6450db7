"""The whole roadmap as DOCX: the editable twin of the roadmap PDF, rendered from the same `RoadmapDocument`."""

import io
from collections import defaultdict
from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor

from assessments.disputes import positions_differ
from assessments.legal_references import format_legal_references
from assessments.scoring import GAP, OBLIGATION_ORDER
from assessments.templatetags.gap_tags import percent
from frameworks.models import Obligation

from ..document import AnnexEntry, RoadmapDocument
from ..models import RoadmapAction
from .tables import lead, phase_label, supporting, xml_text

MARKING_COLOUR = RGBColor(0x8B, 0x00, 0x00)  # the PDF's


def _short(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _cost(action: RoadmapAction) -> str:
    if action.cost_amount is None:
        return "—"
    amount = number_format(action.cost_amount, decimal_pos=2, force_grouping=True)
    return f"{amount} {action.cost_currency}\n{action.get_funding_display()}"


def _table(doc, headers: list[str], rows: list[list], *, row_height=None):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on every page the table spans
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(header.cells, headers, strict=True):
        cell.paragraphs[0].add_run(xml_text(text)).bold = True
    for values in rows:
        row = table.add_row()
        if row_height is not None:
            row.height = row_height
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = xml_text(str(text))
    return table


def _text(doc, text: str, style: str | None = None):
    return doc.add_paragraph(xml_text(text), style=style)


def _heading(doc, text: str, level: int):
    return doc.add_heading(xml_text(text), level=level)


def _labelled(doc, label: str, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(xml_text(text))


def _marking(document: RoadmapDocument) -> str:
    assessment = document.assessment
    return assessment.get_marking_display() if assessment.marking else ""  # "" displays as "No marking"


def _mark(paragraph, marking: str) -> None:
    run = paragraph.add_run(xml_text(marking))
    run.bold = True
    run.font.color.rgb = MARKING_COLOUR


def _page_headers(doc, document: RoadmapDocument) -> None:
    """The marking at the top right of every page, as in the PDF; runs last, so that it reaches every section."""
    marking = _marking(document)
    if not marking:
        return
    for section in doc.sections:
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _mark(paragraph, marking)


def _cover(doc, document: RoadmapDocument) -> None:
    assessment = document.assessment
    framework = assessment.framework
    doc.core_properties.title = f"{_('National roadmap')}: {assessment.country.display_name}"
    _text(doc, _("National roadmap"), "Title")
    _text(doc, assessment.country.display_name, "Subtitle")
    _text(doc, assessment.title)
    _text(doc, f"{framework.translated('title')} ({framework.version})")
    _text(doc, date_format(document.generated_on, "DATE_FORMAT"))
    if marking := _marking(document):
        _mark(doc.add_paragraph(), marking)
    doc.add_page_break()


def _gaps_by_obligation(document: RoadmapDocument) -> list[list]:
    """Obligation level, known gaps, questions to investigate: every level, most binding first."""
    counts = defaultdict(lambda: [0, 0])
    for gap in document.report.analysis.gaps:
        counts[gap.question.obligation][0 if gap.kind == GAP else 1] += 1
    return [[Obligation(level).label, *counts[level]] for level in OBLIGATION_ORDER]


def _summary(doc, document: RoadmapDocument) -> None:
    _heading(doc, _("Executive summary"), level=1)
    overall = document.report.analysis.overall
    _labelled(doc, _("Overall readiness"), percent(overall.readiness))
    _labelled(doc, _("Questions with a known answer"), f"{overall.answered} / {overall.total - overall.not_applicable}")
    _table(doc, [_("Obligation"), _("Gaps"), _("To investigate")], _gaps_by_obligation(document))
    _heading(doc, _("Next actions"), level=2)
    for action in document.view.next_actions:
        _text(
            doc,
            f"{action.title} ({lead(action) or '—'}, {_short(action.start)} – {_short(action.end)})",
            "List Bullet",
        )
    if not document.view.next_actions:
        _text(doc, _("No open action."))


def _readiness(doc, document: RoadmapDocument) -> None:
    report = document.report
    _heading(doc, _("Readiness by section"), level=1)
    _table(
        doc,
        [_("Section"), _("Readiness"), _("Known answers"), _("To investigate"), _("Not applicable")],
        [
            [
                f"{code} · {report.section_title(code)}",
                percent(s.readiness),
                f"{s.answered} / {s.total}",
                s.to_investigate,
                s.not_applicable,
            ]
            for code, s in report.analysis.by_section.items()
        ],
    )
    _heading(doc, _("Gaps by treaty article"), level=1)
    gap_ids = {gap.question.id for gap in report.analysis.gaps}
    _table(
        doc,
        [_("Article"), _("Readiness"), _("Gaps")],
        [
            [
                _("Article %(number)s") % {"number": number},
                percent(score.readiness),
                ", ".join(report.questions[qid].code for qid in score.question_ids if qid in gap_ids) or "—",
            ]
            for number, score in report.analysis.by_article.items()
        ],
    )


def _actions(doc, document: RoadmapDocument) -> None:
    _heading(doc, _("Actions by phase"), level=1)
    for phase, actions in document.view.by_phase():
        _heading(doc, phase_label(phase), level=2)
        if not actions:
            _text(doc, _("No action in this phase."))
            continue
        _table(
            doc,
            [_("Action"), _("Lead"), _("Supporting"), _("Dates"), _("Status"), _("Cost")],
            [
                [
                    action.title,
                    lead(action) or "—",
                    supporting(action) or "—",
                    f"{_short(action.start)} – {_short(action.end)}",
                    action.get_status_display(),
                    _cost(action),
                ]
                for action in actions
            ],
        )
    _heading(doc, _("Milestones"), level=1)
    _table(
        doc,
        [_("Milestone"), _("Due"), _("Basis"), _("Done")],
        [[m.title, _short(m.due), m.basis, _("Yes") if m.done else _("No")] for m in document.view.milestones],
    )


def _assistance(doc, document: RoadmapDocument) -> None:
    _heading(doc, _("Assistance needs"), level=1)
    groups = [(source.translated("name"), actions) for source, actions in document.assistance]
    if document.assistance_without_source:
        groups.append((_("Source not chosen yet"), document.assistance_without_source))
    if not groups:
        _text(doc, _("No action needs assistance."))
    for name, actions in groups:
        _heading(doc, name, level=2)
        for action in actions:
            need = f"{action.get_assistance_display()}, {phase_label(action.phase)}"
            _text(doc, f"{action.title} ({need})", "List Bullet")


def _agencies(doc, document: RoadmapDocument) -> None:
    members = defaultdict(list)
    for membership in document.members:
        members[membership.agency_id].append(membership.user.full_name or membership.user.email)
    _heading(doc, _("Participating agencies"), level=1)
    _table(
        doc,
        [_("Agency"), _("Type"), _("Team members")],
        [[agency, agency.agency_type.name, ", ".join(members[agency.pk])] for agency in document.agencies],
    )
    _heading(doc, _("Sign-off"), level=2)
    _table(
        doc,
        [_("Agency"), _("Name"), _("Signature"), _("Date")],
        [[agency, "", "", ""] for agency in document.agencies],
        row_height=Cm(1.5),
    )


def _answer(entry: AnnexEntry, labels: dict[str, str]) -> str:
    if entry.agreed:
        return _("%(answer)s (agreed)") % {"answer": labels.get(entry.value, entry.value)}
    if entry.value:
        return labels.get(entry.value, entry.value)
    if positions_differ(answer.value for answer in entry.positions):
        return _("Disputed: no agreed answer yet")
    return _("Not answered")


def _annex_entry(doc, entry: AnnexEntry) -> None:
    question = entry.question
    labels = {option.value: option.translated("label") for option in question.scale.options.all()}
    _heading(doc, f"{question.code} · {question.translated('text')}", level=3)
    if question.articles:
        _labelled(doc, _("Treaty articles"), ", ".join(question.articles))
    _labelled(doc, _("Answer"), _answer(entry, labels))
    if entry.agreed and entry.agreed.reason:
        _labelled(doc, _("Reason for the agreement"), entry.agreed.reason)
    if entry.positions:
        _table(
            doc,
            [_("Agency"), _("Position"), _("Reason and notes"), _("National legal references")],
            [
                [
                    answer.agency,
                    labels.get(answer.value, answer.value) or "—",
                    "\n".join(filter(None, [answer.reason, answer.notes])),
                    format_legal_references(answer.legal_references),
                ]
                for answer in entry.positions
            ],
        )


def _answers(doc, document: RoadmapDocument) -> None:
    _heading(doc, _("Annex: the answers"), level=1)
    for section, entries in document.annex:
        if entries:
            _heading(doc, f"{section.code} · {section.translated('title')}", level=2)
        for entry in entries:
            _annex_entry(doc, entry)


def roadmap_docx(document: RoadmapDocument) -> bytes:
    """The editable twin of the roadmap PDF: same sections, same order, same marking."""
    doc = Document()
    for part in (_cover, _summary, _readiness, _actions, _assistance, _agencies, _answers, _page_headers):
        part(doc, document)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
