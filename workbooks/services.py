"""Workflows of the offline workbook: make one for an agency, read one back, apply what it changes.

Applying goes through assessments.services.save_position, the same door as the online form, so the
optimistic locking, the history and the section's progress behave exactly as they do online.
"""

import html
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from assessments.legal_references import format_legal_references, parse_legal_references
from assessments.models import Answer, Assessment, Membership, SectionAssignment
from assessments.services import StaleAnswer, save_position
from frameworks.markdown import render_markdown
from frameworks.models import Question
from reference.models import Agency

from . import diff, layout, reader, writer
from .models import WorkbookUpload

Rejected = reader.Rejected


def agency_label(agency: Agency) -> str:
    return agency.acronym or agency.name


def writable_agencies(membership: Membership):
    """The agencies whose workbook the member may make or send back: their own; coordinators any of the state's."""
    if membership.is_coordinator:
        return Agency.objects.filter(country_id=membership.assessment.country_id).order_by("name")
    return Agency.objects.filter(pk=membership.agency_id)


# ---------------------------------------------------------------- out


def export_workbook(*, assessment: Assessment, agency: Agency, all_sections: bool = False, language: str = "") -> bytes:
    """The agency's workbook: its sections (or all), its answers to edit, the other agencies' for reference."""
    language = (language or translation.get_language() or "en").split("-")[0]
    with translation.override(language):
        return writer.build_workbook(_content(assessment, agency, all_sections, language))


def _plain(markdown: str) -> str:
    """Curated markdown as the plain text a spreadsheet cell shows (rendered and sanitized as online first)."""
    return html.unescape(strip_tags(render_markdown(markdown))).strip()


def _guidance(question: Question, language: str) -> str:
    guidance = getattr(question, "guidance", None)
    if guidance is None:
        return ""
    return _plain(guidance.translations.get(language) or guidance.body)


def _content(assessment: Assessment, agency: Agency, all_sections: bool, language: str) -> writer.WorkbookContent:
    questions = list(
        Question.objects.filter(framework_id=assessment.framework_id)
        .select_related("section", "scale", "guidance")
        .prefetch_related("scale__options")
        .order_by("section__order", "order")
    )
    assigned = set(
        SectionAssignment.objects.filter(assessment=assessment, agency=agency).values_list("section_id", flat=True)
    )
    all_sections = all_sections or not assigned  # an agency with nothing assigned gets the whole questionnaire
    questions = [q for q in questions if all_sections or q.section_id in assigned]
    answers = list(Answer.objects.filter(assessment=assessment, question__in=questions).select_related("agency"))
    others = sorted({a.agency for a in answers if a.agency_id != agency.pk}, key=lambda a: agency_label(a).lower())
    by_key = {(a.question_id, a.agency_id): a for a in answers}
    scales, sheets, fingerprints = {}, {}, {}
    for question in questions:
        options = list(question.scale.options.all())
        labels = {o.value: o.translated("label", language) for o in options}
        scales[question.scale.code] = list(labels.values())
        mine = by_key.get((question.pk, agency.pk))
        stored = _stored(mine) if mine else None
        fingerprints[question.code] = [mine.version, stored.position.digest] if mine else [0, ""]
        sheet = sheets.setdefault(
            question.section_id,
            writer.Sheet(code=question.section.code, title=question.section.translated("title", language), rows=[]),
        )
        sheet.rows.append(
            writer.Row(
                code=question.code,
                articles=", ".join(question.articles),
                obligation=str(question.get_obligation_display()),
                text=question.translated("text", language),
                guidance=_guidance(question, language),
                scale=question.scale.code,
                answer=labels.get(mine.value, mine.value) if mine else "",
                reason=mine.reason if mine else "",
                notes=mine.notes if mine else "",
                legal_references=format_legal_references(mine.legal_references) if mine else "",
                others=[_other(by_key.get((question.pk, other.pk)), labels) for other in others],
            )
        )
    made_at = timezone.now()
    payload = {
        "format": layout.FORMAT,
        "assessment": assessment.pk,
        "agency": agency.pk,
        "language": language,
        "made_at": made_at.isoformat(),
        "answers": fingerprints,
    }
    return writer.WorkbookContent(
        assessment=f"{assessment.title} ({assessment.country})",
        agency=str(agency),
        made_at=timezone.localtime(made_at).strftime("%Y-%m-%d %H:%M %Z"),
        other_agencies=[agency_label(other) for other in others],
        scales=scales,
        sheets=list(sheets.values()),
        payload=payload,
        all_sections=all_sections,
    )


def _other(answer: Answer | None, labels: dict[str, str]) -> str:
    if answer is None or not answer.value:
        return ""
    parts = [labels.get(answer.value, answer.value), answer.reason, answer.notes]
    return "\n".join(part for part in parts if part)


def _stored(answer: Answer, *, with_author: bool = False) -> diff.Stored:
    # Legal references as the workbook's cell carries them back, so a round trip never reads as a change.
    references = parse_legal_references(format_legal_references(answer.legal_references))
    author = answer.author if with_author else None
    return diff.Stored(
        version=answer.version,
        position=diff.Position(answer.value, answer.reason, answer.notes, references),
        by=(author.get_full_name() or author.email) if author else "",
        when=answer.updated_at,
    )


# ---------------------------------------------------------------- back in


@dataclass
class Preview:
    assessment: Assessment
    agency: Agency
    language: str
    made_at: str
    results: list[diff.RowResult]
    errors: list[tuple[str, int | None, str]]  # file-level and misplaced rows: (sheet, row, message)
    questions: dict[str, Question] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> value -> label

    @property
    def row_errors(self) -> list[diff.RowResult]:
        return [r for r in self.results if r.status == diff.ERROR]

    @property
    def can_apply(self) -> bool:
        return not self.errors and not self.row_errors

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((diff.NEW, diff.CHANGED, diff.UNCHANGED, diff.CONFLICT, diff.ERROR), 0)
        for result in self.results:
            counts[result.status] += 1
        return counts

    @property
    def conflicts(self) -> list[diff.RowResult]:
        return [r for r in self.results if r.status == diff.CONFLICT]

    @property
    def to_save(self) -> list[diff.RowResult]:
        return [r for r in self.results if r.status in (diff.NEW, diff.CHANGED)]

    @property
    def rows(self) -> list[dict]:
        """Each result with its question and the answers' labels, in the reader's language, for the page."""
        rows = []
        for result in self.results:
            labels = self.labels.get(result.code, {})
            online = result.online.position if result.online else None
            rows.append(
                {
                    "result": result,
                    "question": self.questions.get(result.code),
                    "workbook_label": labels.get(result.workbook.value, result.workbook.value),
                    "online_label": labels.get(online.value, online.value) if online else "",
                }
            )
        return rows


def assessment_of(data: bytes) -> int:
    """The assessment a (verified) workbook belongs to. Raises Rejected."""
    return reader.read_workbook(data, max_bytes=settings.WORKBOOK_MAX_BYTES).payload["assessment"]


def check_sender(*, membership: Membership, payload: dict) -> Agency:
    """The agency the workbook answers for, if this member may send it back to this assessment."""
    if payload.get("assessment") != membership.assessment_id:
        raise Rejected(_("This workbook belongs to another assessment."))
    agency = writable_agencies(membership).filter(pk=payload.get("agency")).first()
    if agency is None:
        raise Rejected(_("This workbook holds another agency's answers: only that agency or a coordinator sends it."))
    return agency


def preview_workbook(*, membership: Membership, data: bytes) -> Preview:
    """What the workbook would change, read against the answers stored now. Raises Rejected."""
    read = reader.read_workbook(data, max_bytes=settings.WORKBOOK_MAX_BYTES)
    agency = check_sender(membership=membership, payload=read.payload)
    language = read.payload.get("language", "en")
    assessment = membership.assessment
    questions = {
        q.code: q
        for q in Question.objects.filter(framework_id=assessment.framework_id, code__in=read.payload["answers"])
        .select_related("section")
        .prefetch_related("scale__options")
    }
    options, labels = {}, {}
    for code, question in questions.items():
        scale = list(question.scale.options.all())
        options[code] = [diff.Option(o.value, o.translated("label", language), o.needs_reason) for o in scale]
        labels[code] = {o.value: o.translated("label") for o in scale}
    stored = {
        a.question.code: _stored(a, with_author=True)
        for a in Answer.objects.filter(
            assessment=assessment, agency=agency, question__in=questions.values()
        ).select_related("question", "author")
    }
    rows = [r for r in read.rows if r.code in questions]
    errors = list(read.errors) + [
        (r.sheet, r.row, _("Unknown question code “%(code)s”.") % {"code": r.code}) for r in read.rows
        if r.code not in questions
    ]  # fmt: skip
    return Preview(
        assessment=assessment,
        agency=agency,
        language=language,
        made_at=read.payload.get("made_at", ""),
        results=diff.compare(rows=rows, payload=read.payload, stored=stored, options=options),
        errors=errors,
        questions=questions,
        labels=labels,
    )


def store_upload(*, membership: Membership, agency: Agency, name: str, data: bytes) -> WorkbookUpload:
    """Keep the file as sent, linked to the assessment, agency and user, to preview, fix and apply."""
    kept = WorkbookUpload(
        assessment=membership.assessment,
        agency=agency,
        uploaded_by=membership.user,
        original_name=Truncator(name or "").chars(255),
        size=len(data),
    )
    kept.file.save("workbook.xlsx", ContentFile(data), save=False)
    kept.save()
    return kept


def change_reason(*, membership: Membership, agency: Agency) -> str:
    if agency.pk == membership.agency_id:
        reason = _("from workbook")
    else:
        reason = _("by %(user)s for %(agency)s, from workbook") % {
            "user": membership.user.get_full_name() or membership.user.email,
            "agency": agency_label(agency),
        }
    return Truncator(reason).chars(100)  # simple_history's column


class ApplyRefused(Exception):
    """Nothing was applied; the message says why."""


@transaction.atomic
def apply_workbook(*, membership: Membership, preview: Preview, resolutions: dict[str, tuple[str, int]]) -> int:
    """Save every new and changed answer, and each conflict the user chose to settle with the workbook's.

    ``resolutions`` maps a conflicting question's code to ("workbook" | "online", the online version the
    user saw). All or nothing: if anyone saved online since the preview, nothing is saved and the user
    sees the preview again. Returns how many answers were saved.
    """
    if not preview.can_apply:
        raise ApplyRefused(_("The workbook still has errors: fix them and upload it again."))
    unresolved = [r.code for r in preview.conflicts if r.code not in resolutions]
    if unresolved:
        raise ApplyRefused(_("Choose which answer to keep for %(codes)s.") % {"codes": ", ".join(unresolved)})
    if preview.agency.pk != membership.agency_id and not membership.is_coordinator:
        raise PermissionDenied
    reason = change_reason(membership=membership, agency=preview.agency)
    saves = [(r, r.base_version) for r in preview.to_save]
    saves += [(r, resolutions[r.code][1]) for r in preview.conflicts if resolutions[r.code][0] == "workbook"]
    saved = 0
    try:
        for result, base_version in saves:
            position = result.workbook
            save_position(
                membership=membership,
                question=preview.questions[result.code],
                value=position.value,
                reason=position.reason,
                notes=position.notes,
                legal_references=position.legal_references,
                base_version=base_version,
                agency=preview.agency,
                change_reason=reason,
            )
            saved += 1
    except StaleAnswer as stale:
        raise ApplyRefused(
            _("Someone saved %(code)s online since you looked: nothing was applied; check the preview again.")
            % {"code": result.code}
        ) from stale
    return saved


def preview_upload(*, membership: Membership, upload: WorkbookUpload) -> Preview:
    """The kept file's preview, against the answers stored now. Raises Rejected."""
    with upload.file.open("rb") as kept:
        data = kept.read()
    return preview_workbook(membership=membership, data=data)


@transaction.atomic
def apply_upload(*, membership: Membership, upload: WorkbookUpload, preview: Preview, resolutions) -> int:
    """Apply a kept workbook (once) from its preview; see apply_workbook."""
    upload = WorkbookUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.is_applied:
        raise ApplyRefused(_("This workbook was already applied."))
    saved = apply_workbook(membership=membership, preview=preview, resolutions=resolutions)
    upload.status, upload.applied_at = WorkbookUpload.Status.APPLIED, timezone.now()
    upload.save(update_fields=["status", "applied_at"])
    return saved
