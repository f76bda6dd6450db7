"""Read-side assembly of the team's pages, in a constant number of queries."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import chain

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from frameworks.content import section_content
from frameworks.models import Question, Section

from .disputes import NON_POSITIONS, positions_differ
from .models import AgreedAnswer, Answer, Assessment, Comment, Evidence, Membership, SectionAssignment, SectionReview


@dataclass
class QuestionRow:
    question: Question
    options: tuple
    header_html: str
    mine: Answer | None
    positions: list[Answer]
    agreed: AgreedAnswer | None
    comment_count: int
    evidence: list[Evidence]
    form: dict | None = None
    experiences: tuple = ()  # "how others did it": published state experiences linked to the question

    @property
    def disputed(self) -> bool:
        return positions_differ(answer.value for answer in self.positions)

    @property
    def open_dispute(self) -> bool:
        return self.disputed and self.agreed is None


def question_rows(*, assessment: Assessment, section: Section, membership: Membership) -> list[QuestionRow]:
    content = section_content(section)
    ids = [item.question.pk for item in content]
    answers = defaultdict(list)
    for answer in (
        Answer.objects.filter(assessment=assessment, question_id__in=ids)
        .select_related("agency__agency_type", "author")
        .order_by("agency__agency_type__order", "agency__name")
    ):
        answers[answer.question_id].append(answer)
    agreed = {a.question_id: a for a in AgreedAnswer.objects.filter(assessment=assessment, question_id__in=ids)}
    comments = dict(
        Comment.objects.filter(assessment=assessment, question_id__in=ids)
        .values_list("question_id")
        .annotate(n=Count("id"))
        .values_list("question_id", "n")
    )
    evidence = defaultdict(list)
    for item in Evidence.objects.filter(assessment=assessment, question_id__in=ids).select_related("agency"):
        evidence[item.question_id].append(item)
    return [
        QuestionRow(
            question=item.question,
            options=item.options,
            header_html=item.header_html,
            mine=next((a for a in answers[item.question.pk] if a.agency_id == membership.agency_id), None),
            positions=answers[item.question.pk],
            agreed=agreed.get(item.question.pk),
            comment_count=comments.get(item.question.pk, 0),
            evidence=evidence[item.question.pk],
            experiences=item.experiences,
        )
        for item in content
    ]


@dataclass
class SectionProgress:
    section: Section
    total: int
    answered_by_me: int = 0
    answered_by_anyone: int = 0
    status: str = "not_started"
    status_label: str = ""
    agencies: list = field(default_factory=list)
    mine: bool = False
    to_confirm_by_me: int = 0  # positions carried over from the baseline, still to confirm
    to_confirm: int = 0

    @property
    def percent_mine(self) -> int:
        return round(100 * self.answered_by_me / self.total) if self.total else 0

    @property
    def percent_team(self) -> int:
        return round(100 * self.answered_by_anyone / self.total) if self.total else 0


@dataclass
class Overview:
    sections: list[SectionProgress]
    open_disputes: list[Question]
    unanswered: int
    total_questions: int
    activity: list

    @property
    def my_sections(self) -> list[SectionProgress]:
        return [progress for progress in self.sections if progress.mine]

    @property
    def to_confirm(self) -> int:
        return sum(progress.to_confirm for progress in self.sections)

    @property
    def to_confirm_by_me(self) -> int:
        return sum(progress.to_confirm_by_me for progress in self.sections)


def _section_progress(assessment: Assessment, membership: Membership) -> list[SectionProgress]:
    sections = list(
        Section.objects.filter(framework_id=assessment.framework_id)
        .annotate(total=Count("questions"))
        .order_by("order")
    )
    answered = Counter()
    answered_by_me = Counter()
    to_confirm, to_confirm_by_me = Counter(), Counter()
    # Carried-over positions are counted in the same queries: a follow-up costs no extra query.
    carried = Q(carried_over=True)
    mine = (
        Answer.objects.filter(assessment=assessment, agency_id=membership.agency_id)
        .values("question__section_id")
        .annotate(n=Count("id", filter=~Q(value="")), carried=Count("id", filter=carried))
    )
    for row in mine:
        answered_by_me[row["question__section_id"]] = row["n"]
        to_confirm_by_me[row["question__section_id"]] = row["carried"]
    team_answered = (
        Answer.objects.filter(assessment=assessment)
        .values("question__section_id")
        .annotate(n=Count("question_id", distinct=True, filter=~Q(value="")), carried=Count("id", filter=carried))
    )
    for row in team_answered:
        answered[row["question__section_id"]] = row["n"]
        to_confirm[row["question__section_id"]] = row["carried"]
    reviews = {review.section_id: review for review in SectionReview.objects.filter(assessment=assessment)}
    assigned = defaultdict(list)
    for assignment in SectionAssignment.objects.filter(assessment=assessment).select_related("agency"):
        assigned[assignment.section_id].append(assignment.agency)
    progress = []
    for section in sections:
        review = reviews.get(section.pk)
        progress.append(
            SectionProgress(
                section=section,
                total=section.total,
                answered_by_me=answered_by_me[section.pk],
                answered_by_anyone=answered[section.pk],
                status=review.status if review else "not_started",
                status_label=(review or SectionReview()).get_status_display(),
                agencies=assigned[section.pk],
                mine=any(agency.pk == membership.agency_id for agency in assigned[section.pk]),
                to_confirm_by_me=to_confirm_by_me[section.pk],
                to_confirm=to_confirm[section.pk],
            )
        )
    return progress


def open_disputes(assessment: Assessment) -> list[Question]:
    """Questions where agencies hold different positions and no agreed answer is recorded, in one query.

    The same rule as disputes.positions_differ, in SQL: "don't know" and blank are not positions."""
    differing = (
        Answer.objects.filter(assessment=assessment)
        .exclude(value__in=NON_POSITIONS)
        .values("question_id")
        .annotate(positions=Count("value", distinct=True))
        .filter(positions__gt=1)
        .values("question_id")
    )
    agreed = AgreedAnswer.objects.filter(assessment=assessment).values("question_id")
    return list(
        Question.objects.filter(pk__in=differing)
        .exclude(pk__in=agreed)
        .select_related("section")
        .order_by("section__order", "order")
    )


def recent_activity(assessment: Assessment, limit: int = 10) -> list:
    answers = (
        Answer.history.filter(assessment_id=assessment.pk)
        .select_related("history_user", "question", "agency")
        .order_by("-history_date")[:limit]
    )
    comments = (
        Comment.objects.filter(assessment=assessment)
        .select_related("author", "question")
        .order_by("-created_at")[:limit]
    )
    events = [
        {
            "when": record.history_date,
            "who": record.history_user,
            "question": record.question,
            "what": "answer",
            "agency": record.agency,
        }
        for record in answers
    ] + [
        {"when": comment.created_at, "who": comment.author, "question": comment.question, "what": "comment"}
        for comment in comments
    ]
    return sorted(events, key=lambda event: event["when"], reverse=True)[:limit]


def overview(*, assessment: Assessment, membership: Membership) -> Overview:
    sections = _section_progress(assessment, membership)
    total = sum(progress.total for progress in sections)
    answered = sum(progress.answered_by_anyone for progress in sections)
    return Overview(
        sections=sections,
        open_disputes=open_disputes(assessment),
        unanswered=total - answered,
        total_questions=total,
        activity=recent_activity(assessment),
    )


def question_history(*, assessment: Assessment, question: Question) -> list:
    """Every saved version of every agency's position and of the agreed answer, newest first."""
    positions = Answer.history.filter(assessment_id=assessment.pk, question_id=question.pk).select_related(
        "history_user", "agency"
    )
    agreed = AgreedAnswer.history.filter(assessment_id=assessment.pk, question_id=question.pk).select_related(
        "history_user"
    )
    records = sorted(chain(positions, agreed), key=lambda record: record.history_date)
    _mark_changes(records)
    return records[::-1]


# What a saved version can change, in the order the history names them.
HISTORY_FIELDS = (
    ("value", _("answer")),
    ("reason", _("reason")),
    ("notes", _("notes")),
    ("legal_references", _("legal references")),
)


def _mark_changes(records) -> None:
    """Give each history record ``changes``: the names of what it changed from the version before it in the
    same series (one agency's position, or the agreed answer), so that a row that only changed legal
    references does not read as a duplicate of the one before. The first version of a series is ``created``."""
    previous = {}
    for record in records:
        series = getattr(record, "agency_id", None)
        before = previous.get(series)
        if before is None:
            record.created, record.changes = True, []
        else:
            record.created = False
            record.changes = [
                str(label)
                for name, label in HISTORY_FIELDS
                if hasattr(record, name) and getattr(record, name) != getattr(before, name)
            ]
        previous[series] = record


def baseline_title(assessment: Assessment) -> str:
    """The title of the assessment a follow-up started from ("" for others): one query, only for follow-ups."""
    if assessment.baseline_id is None:
        return ""
    return Assessment.objects.filter(pk=assessment.baseline_id).values_list("title", flat=True).first() or ""


def my_assessments(user) -> list[tuple[Assessment, Membership]]:
    memberships = (
        Membership.objects.active()
        .filter(user=user)
        .select_related("assessment__country", "assessment__framework", "agency")
        .order_by("-assessment__updated_at")
    )
    return [(membership.assessment, membership) for membership in memberships]
