"""A draft of the state's initial report under Article 13(1), built from a compliance assessment.

The shape follows the Secretariat's initial-report template: Part A holds the binding obligations
(plain "shall", and "shall" with a qualifier, where the state says whether the obligation applies),
Part B the encouraged and optional measures and good practice; within each part, the template's
topics in treaty order (national control system and control list, prohibitions, export, import,
transit, brokering, diversion, record keeping, reporting, enforcement, cooperation and assistance),
then article by article.

Only the team's agreed answers (``AgreedAnswer``) count as the state's answer: agencies' positions
without an agreement are shown as "not yet agreed". Everything short of an agreed "in place" (a lower
score, "don't know", no agreement, no answer) is listed as an open item to settle before the report
is validated nationally. ``arrange`` is pure: it groups plain items into parts, topics and articles.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from assessments.models import AgreedAnswer, Answer, Assessment
from assessments.scoring import article_number
from frameworks.articles import ARTICLE_TITLES
from frameworks.models import Obligation, Question, ScaleOption, Track
from roadmaps.milestones import initial_report_due

BINDING = frozenset({Obligation.BINDING, Obligation.QUALIFIED})  # Part A; everything else is Part B
NOT_APPLICABLE = "not_applicable"


# The initial-report template's topics, in its order, with the articles each gathers. The scope
# articles (2 to 4) are asked with the control system and the control list, as the template does.
TOPICS = (
    (gettext_lazy("National control system and control list"), ("2", "3", "4", "5")),
    (gettext_lazy("Prohibitions"), ("6",)),
    (gettext_lazy("Export and export assessment"), ("7",)),
    (pgettext_lazy("treaty article", "Import"), ("8",)),
    (gettext_lazy("Transit and trans-shipment"), ("9",)),
    (gettext_lazy("Brokering"), ("10",)),
    (gettext_lazy("Diversion"), ("11",)),
    (gettext_lazy("Record keeping"), ("12",)),
    (gettext_lazy("Reporting"), ("13",)),
    (gettext_lazy("Enforcement"), ("14",)),
    (gettext_lazy("International cooperation and assistance"), ("15", "16")),
)
OTHER_TOPIC = gettext_lazy("Other provisions")

# What an item still needs, when it is open.
GAP = "gap"  # agreed, but scored below "in place"
UNKNOWN = "unknown"  # agreed "don't know" (or an answer without a score)
NOT_AGREED = "not_agreed"  # agencies answered; the team has not recorded its answer
UNANSWERED = "unanswered"  # nobody answered


@dataclass(frozen=True)
class LegalReference:
    instrument: str
    provision: str
    agencies: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.instrument}: {self.provision}" if self.provision else self.instrument


@dataclass(frozen=True)
class Note:
    agency: str
    text: str


@dataclass(frozen=True)
class Position:
    agency: str
    answer: str


@dataclass(frozen=True)
class Item:
    """One question of the bank as the report states it."""

    code: str
    text: str
    articles: tuple[str, ...]
    article: str  # the top-level article it is filed under ("" when it names none)
    obligation: str
    obligation_label: str
    answer: str = ""  # the agreed answer's label; "" when there is none
    agreed_reason: str = ""
    positions: tuple[Position, ...] = ()  # shown only while the team has not agreed
    legal_references: tuple[LegalReference, ...] = ()
    notes: tuple[Note, ...] = ()
    open_kind: str = ""  # GAP, UNKNOWN, NOT_AGREED, UNANSWERED; "" when nothing is left to do
    open_reason: str = ""

    @property
    def is_open(self) -> bool:
        return bool(self.open_kind)

    @property
    def agreed(self) -> bool:
        return bool(self.answer)

    @property
    def binding(self) -> bool:
        return self.obligation in BINDING


@dataclass
class ArticleGroup:
    number: str
    title: str
    items: list[Item] = field(default_factory=list)

    @property
    def heading(self) -> str:
        if not self.number:
            return str(OTHER_TOPIC)
        if self.title:
            return _("Article %(number)s: %(title)s") % {"number": self.number, "title": self.title}
        return _("Article %(number)s") % {"number": self.number}


@dataclass
class Topic:
    number: int
    title: str
    articles: list[ArticleGroup] = field(default_factory=list)

    @property
    def article_span(self) -> str:
        numbers = [group.number for group in self.articles if group.number]
        if not numbers:
            return ""
        if len(numbers) == 1:
            return _("Article %(number)s") % {"number": numbers[0]}
        return _("Articles %(first)s–%(last)s") % {"first": numbers[0], "last": numbers[-1]}

    @property
    def items(self) -> list[Item]:
        return [item for group in self.articles for item in group.items]


@dataclass
class Part:
    key: str  # "A" or "B"
    title: str
    intro: str
    topics: list[Topic]

    @property
    def items(self) -> list[Item]:
        return [item for topic in self.topics for item in topic.items]


@dataclass
class InitialReport:
    assessment: Assessment
    language: str
    generated_on: date
    parts: list[Part]

    @property
    def title(self) -> str:
        return _("Initial report on measures undertaken to implement the Arms Trade Treaty: %(state)s") % {
            "state": self.assessment.country.name
        }

    @property
    def marking(self) -> str:
        return self.assessment.get_marking_display() if self.assessment.marking else ""

    @property
    def items(self) -> list[Item]:
        return [item for part in self.parts for item in part.items]

    @property
    def open_items(self) -> list[Item]:
        return [item for item in self.items if item.is_open]

    @property
    def agreed_count(self) -> int:
        return sum(1 for item in self.items if item.agreed)

    @property
    def due_date(self) -> date | None:
        """Article 13(1): within the first year after the treaty enters into force for the state."""
        entry = self.assessment.country.entry_into_force_date
        return None if entry is None else initial_report_due(entry)


def is_available(assessment: Assessment) -> bool:
    """The initial report is a state party's duty: only a compliance assessment can draft one."""
    return assessment.framework.track == Track.COMPLIANCE


def filed_under(articles, fallback=()) -> str:
    """The top-level article an item is filed under: its first reference, else its section's."""
    for ref in [*articles, *fallback]:
        try:
            return article_number(ref)
        except ValueError:
            continue
    return ""


def open_state(*, agreed_value: str | None, score: float | None, answer_label: str, answered: bool) -> tuple:
    """(kind, reason) of what is left to do on an item; ("", "") when nothing is."""
    if agreed_value is None:
        if answered:
            return NOT_AGREED, _("The agencies have answered; the team has not recorded its agreed answer yet.")
        return UNANSWERED, _("No agency has answered yet.")
    if agreed_value == NOT_APPLICABLE:
        return "", ""
    if score is None:
        return UNKNOWN, _("The team does not know yet; to be established before the report is submitted.")
    if score < 1.0:
        return GAP, _("Agreed as “%(answer)s”; measures still to be taken or completed.") % {"answer": answer_label}
    return "", ""


def arrange(items: list[Item]) -> list[Part]:
    """Group items into Part A (binding) and Part B (voluntary), each by template topic, then by article.

    Topics keep the template's numbering in both parts; topics and articles without items are left out.
    The items' own order is kept within an article.
    """
    topic_of = {number: index for index, (_title, numbers) in enumerate(TOPICS) for number in numbers}
    parts = []
    for key, title, intro, wanted in (
        (
            "A",
            _("Part A: binding obligations"),
            _(
                "Provisions the treaty states with “shall”. Where a qualifier applies (“pursuant to its national "
                "laws”, “where necessary”), the report says whether the obligation applies in the national context."
            ),
            True,
        ),
        (
            "B",
            _("Part B: voluntary and encouraged measures"),
            _(
                "Provisions the treaty encourages, measures it allows (“may”) and good practice: information on "
                "them is voluntary, and helps others understand the national system."
            ),
            False,
        ),
    ):
        grouped: dict[int, dict[str, list[Item]]] = defaultdict(lambda: defaultdict(list))
        for item in items:
            if item.binding == wanted:
                grouped[topic_of.get(item.article, len(TOPICS))][item.article].append(item)
        topics = []
        for index in sorted(grouped):
            numbers = sorted(grouped[index], key=lambda number: (not number, int(number) if number else 0))
            topic_title = TOPICS[index][0] if index < len(TOPICS) else OTHER_TOPIC
            topics.append(
                Topic(
                    number=index + 1,
                    title=str(topic_title),
                    articles=[
                        ArticleGroup(number, str(ARTICLE_TITLES.get(number, "")), grouped[index][number])
                        for number in numbers
                    ],
                )
            )
        parts.append(Part(key=key, title=title, intro=intro, topics=topics))
    return parts


def _item(question: Question, answers: list[Answer], agreed: AgreedAnswer | None, language: str) -> Item:
    options: dict[str, ScaleOption] = {option.value: option for option in question.scale.options.all()}

    def label(value: str) -> str:
        option = options.get(value)
        return option.translated("label", language) if option else value

    references: dict[tuple[str, str], list[str]] = {}
    for answer in answers:
        for ref in answer.legal_references or []:
            key = (str(ref.get("instrument", "")).strip(), str(ref.get("provision", "")).strip())
            if key[0] or key[1]:
                agencies = references.setdefault(key, [])
                if answer.agency.name not in agencies:
                    agencies.append(answer.agency.name)
    notes = tuple(Note(a.agency.name, a.notes.strip()) for a in answers if a.notes.strip())
    answered = any(answer.value for answer in answers)
    option = options.get(agreed.value) if agreed else None
    answer_label = label(agreed.value) if agreed else ""
    kind, reason = open_state(
        agreed_value=agreed.value if agreed else None,
        score=option.score if option else None,
        answer_label=answer_label,
        answered=answered,
    )
    return Item(
        code=question.code,
        text=question.translated("text", language),
        articles=tuple(question.articles),
        article=filed_under(question.articles, question.section.articles),
        obligation=question.obligation,
        obligation_label=str(Obligation(question.obligation).label),
        answer=answer_label,
        agreed_reason=agreed.reason if agreed else "",
        positions=() if agreed else tuple(Position(a.agency.name, label(a.value)) for a in answers if a.value),
        legal_references=tuple(LegalReference(i, p, tuple(a)) for (i, p), a in references.items()),
        notes=notes,
        open_kind=kind,
        open_reason=reason,
    )


def build_initial_report(*, assessment: Assessment, language: str | None = None) -> InitialReport:
    """The draft initial report of a compliance assessment, in the given (or active) language.

    Four queries, however large the bank or the team: questions, their scale options, the agencies'
    answers and the agreed answers.
    """
    if not is_available(assessment):
        raise ValueError("The initial report is drafted from a compliance assessment only.")
    language = language or translation.get_language() or "en"
    with translation.override(language):
        questions = (
            Question.objects.filter(framework_id=assessment.framework_id)
            .select_related("section", "scale")
            .prefetch_related(Prefetch("scale__options"))
            .order_by("section__order", "order")
        )
        answers = defaultdict(list)
        for answer in (
            Answer.objects.filter(assessment=assessment)
            .select_related("agency__agency_type")
            .order_by("agency__agency_type__order", "agency__name")
        ):
            answers[answer.question_id].append(answer)
        agreed = {a.question_id: a for a in AgreedAnswer.objects.filter(assessment=assessment)}
        items = [_item(q, answers[q.pk], agreed.get(q.pk), language) for q in questions]
        return InitialReport(
            assessment=assessment,
            language=language,
            generated_on=timezone.localdate(),
            parts=arrange(items),
        )
