"""The initial report (Article 13(1)) in the Secretariat's form, built from a compliance assessment.

The report is the template (``template.py``): Section A, then Section B, each item one of the template's own
questions, answered from the team's agreed answers (``AgreedAnswer``) to the bank questions the curated mapping
(``TemplateMapping``) ties to it. Agencies' positions are never the state's answer: a question the team has not agreed
on (or agreed "don't know", or carried over from the baseline unconfirmed) is an open item, listed in a working annex
kept apart from the report's body, and a final export is refused while any is left. An agreed "partly" or "not in
place" is an answer, not an open item: the report states it.

The annexes Article 13(1) asks for (the national laws and regulations, the national control list) gather the legal
references and evidence recorded on the agreed questions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.models import AgreedAnswer, Answer, Assessment, Evidence
from frameworks.models import Obligation, Question, ScaleOption, Track
from reports.models import ReportCover, TemplateMapping
from roadmaps.milestones import initial_report_due

from . import template
from .annexes import Annex, LegalReference, collect_annexes

NOT_APPLICABLE = "not_applicable"

# What an open item still needs.
UNKNOWN = "unknown"  # agreed "don't know" (or an answer without a score)
NOT_AGREED = "not_agreed"  # agencies answered; the team has not recorded its answer
UNANSWERED = "unanswered"  # nobody answered
TO_CONFIRM = "to_confirm"  # the agreed answer was carried over from the baseline and not recorded again
UNMAPPED = "unmapped"  # no question of this questionnaire answers the item


@dataclass(frozen=True)
class Position:
    agency: str
    answer: str


@dataclass(frozen=True)
class Basis:
    """One bank question behind a template item, with the team's agreed answer ("" when there is none)."""

    code: str
    text: str
    obligation: str
    obligation_label: str
    answer: str = ""
    reason: str = ""
    positions: tuple[Position, ...] = ()  # for the working annex only
    open_kind: str = ""
    open_reason: str = ""

    @property
    def is_open(self) -> bool:
        return bool(self.open_kind)


@dataclass
class ReportItem:
    """One question of the Secretariat's template, as the report answers it."""

    key: str
    number: str
    section: str
    topic: int
    articles: tuple[str, ...]
    text: str
    basis: list[Basis]
    legal_references: tuple[LegalReference, ...] = ()

    @property
    def is_open(self) -> bool:
        return not self.basis or any(b.is_open for b in self.basis)

    @property
    def anchor(self) -> str:
        return "item-" + self.key.replace(".", "-")

    @property
    def answered(self) -> list[Basis]:
        return [b for b in self.basis if b.answer and not b.is_open]


@dataclass(frozen=True)
class OpenItem:
    """A line of the working annex: what is left to settle before the report can be final."""

    item: str  # the template item's number
    code: str  # the bank question's code ("" when no question answers the item)
    text: str
    kind: str
    reason: str
    positions: tuple[Position, ...] = ()


@dataclass
class Topic:
    number: int
    title: str
    items: list[ReportItem] = field(default_factory=list)


@dataclass
class Section:
    key: str  # "A" or "B"
    title: str
    intro: str
    topics: list[Topic]

    @property
    def items(self) -> list[ReportItem]:
        return [item for topic in self.topics for item in topic.items]


@dataclass
class InitialReport:
    assessment: Assessment
    language: str
    generated_on: date
    sections: list[Section]
    cover: ReportCover
    laws: Annex
    control_list: Annex
    open_items: list[OpenItem]
    final: bool = False

    @property
    def title(self) -> str:
        return _("Initial report on measures undertaken to implement the Arms Trade Treaty: %(state)s") % {
            "state": self.assessment.country.display_name
        }

    @property
    def marking(self) -> str:
        return self.assessment.get_marking_display() if self.assessment.marking else ""

    @property
    def items(self) -> list[ReportItem]:
        return [item for section in self.sections for item in section.items]

    @property
    def open_item_count(self) -> int:
        return sum(1 for item in self.items if item.is_open)

    @property
    def due_date(self) -> date | None:
        """Article 13(1): within the first year after the treaty enters into force for the state."""
        entry = self.assessment.country.entry_into_force_date
        return initial_report_due(entry) if entry else None


class OpenItemsLeft(Exception):
    """A final report was asked for while items are still open."""

    def __init__(self, count: int):
        super().__init__(f"{count} open items")
        self.count = count


def is_available(assessment: Assessment) -> bool:
    """The initial report is a state party's duty: only a compliance assessment can draft one."""
    return assessment.framework.track == Track.COMPLIANCE


def open_state(*, agreed: AgreedAnswer | None, score: float | None, answered: bool) -> tuple[str, str]:
    """(kind, reason) of what is left to settle on a question; ("", "") when the team's answer stands."""
    if agreed is None:
        if answered:
            return NOT_AGREED, _("The agencies have answered; the team has not recorded its agreed answer yet.")
        return UNANSWERED, _("No agency has answered yet.")
    if agreed.carried_over:
        return TO_CONFIRM, _("Carried over from the previous assessment: the team has to confirm it for this report.")
    if agreed.value != NOT_APPLICABLE and score is None:
        return UNKNOWN, _("The team does not know yet; to be established before the report is submitted.")
    return "", ""


def _basis(question: Question, answers: list[Answer], agreed: AgreedAnswer | None, language: str) -> Basis:
    options: dict[str, ScaleOption] = {option.value: option for option in question.scale.options.all()}

    def label(value: str) -> str:
        option = options.get(value)
        return option.translated("label", language) if option else value

    option = options.get(agreed.value) if agreed else None
    kind, reason = open_state(
        agreed=agreed, score=option.score if option else None, answered=any(a.value for a in answers)
    )
    return Basis(
        code=question.code,
        text=question.translated("text", language),
        obligation=question.obligation,
        obligation_label=str(Obligation(question.obligation).label),
        answer=label(agreed.value) if agreed else "",
        reason=agreed.reason if agreed else "",
        positions=tuple(Position(a.agency.name, label(a.value)) for a in answers if a.value),
        open_kind=kind,
        open_reason=reason,
    )


def _sections(items: list[ReportItem]) -> list[Section]:
    sections = []
    for key in (template.SECTION_A, template.SECTION_B):
        topics: dict[int, Topic] = {}
        for item in items:
            if item.section == key:
                topics.setdefault(item.topic, Topic(item.topic, str(template.TOPICS[item.topic]))).items.append(item)
        sections.append(
            Section(
                key=key,
                title=str(template.SECTION_TITLES[key]),
                intro=str(template.SECTION_INTROS[key]),
                topics=list(topics.values()),
            )
        )
    return sections


def _open_items(items: list[ReportItem]) -> list[OpenItem]:
    lines, seen = [], set()
    for item in items:
        if not item.basis:
            reason = _("No question of this questionnaire answers this item: write the answer directly.")
            lines.append(OpenItem(item.key, "", item.text, UNMAPPED, reason))
        for basis in item.basis:
            if basis.is_open and basis.code not in seen:  # a question behind two items is settled once
                seen.add(basis.code)
                lines.append(
                    OpenItem(item.key, basis.code, basis.text, basis.open_kind, basis.open_reason, basis.positions)
                )
    return lines


def build_initial_report(*, assessment: Assessment, language: str | None = None, final: bool = False) -> InitialReport:
    """The initial report of a compliance assessment, in the given (or active) language.

    ``final`` asks for the version to submit: it raises OpenItemsLeft while anything is open. A constant number of
    queries, however large the bank or the team.
    """
    if not is_available(assessment):
        raise ValueError("The initial report is drafted from a compliance assessment only.")
    language = language or translation.get_language() or "en"
    with translation.override(language):
        mapping = dict(TemplateMapping.objects.values_list("item", "questions"))
        questions = {
            q.code: q
            for q in Question.objects.filter(framework_id=assessment.framework_id)
            .select_related("scale")
            .prefetch_related(Prefetch("scale__options"))
        }
        answers = defaultdict(list)
        for answer in (
            Answer.objects.filter(assessment=assessment)
            .select_related("agency__agency_type")
            .order_by("agency__agency_type__order", "agency__name")
        ):
            answers[answer.question_id].append(answer)
        agreed = {a.question_id: a for a in AgreedAnswer.objects.filter(assessment=assessment)}
        evidence = defaultdict(list)
        for entry in Evidence.objects.filter(assessment=assessment).order_by("uploaded_at", "pk"):
            evidence[entry.question_id].append(entry)

        items, sources = [], []
        for entry in template.ITEMS:
            in_bank = [questions[code] for code in mapping.get(entry.key, ()) if code in questions]
            basis = [_basis(q, answers[q.pk], agreed.get(q.pk), language) for q in in_bank]
            # Only what the team agreed on speaks for the state: references and evidence of open questions wait.
            settled = [q for q, b in zip(in_bank, basis, strict=True) if not b.is_open]
            refs = [(a, ref) for q in settled for a in answers[q.pk] for ref in a.legal_references or []]
            item = ReportItem(
                key=entry.key,
                number=entry.number,
                section=entry.section,
                topic=entry.topic,
                articles=entry.articles,
                text=str(entry.text),
                basis=basis,
                legal_references=LegalReference.gather(refs),
            )
            items.append(item)
            sources.append((item, entry.annex, refs, [e for q in settled for e in evidence[q.pk]]))
        laws, control_list = collect_annexes(sources, control_list=template.CONTROL_LIST)
        open_items = _open_items(items)
        if final and open_items:
            raise OpenItemsLeft(len(open_items))
        cover = ReportCover.objects.filter(assessment=assessment).first() or ReportCover(assessment=assessment)
        return InitialReport(
            assessment=assessment,
            language=language,
            generated_on=timezone.localdate(),
            sections=_sections(items),
            cover=cover,
            laws=laws,
            control_list=control_list,
            open_items=open_items,
            final=final,
        )
