"""Follow-up assessments: start one from a previous assessment of the same country, and compare the two.

A follow-up starts from its baseline: the same team, the same agencies' sections, and every agency's
position and agreed answer as a *starting point* (``carried_over``) until a member confirms or changes
it. Questions are matched by code (assessments/comparison.py), so a follow-up may use a newer version
of the questionnaire: questions it adds are new, questions it dropped are retired. Evidence and
comments stay with the baseline: they belong to that round's discussion.

Who sees what: starting a follow-up takes a coordinator of the baseline. The comparison (and the
roadmap PDF's progress section) is shown to every member of the follow-up, baseline members or not,
and shows the baseline as scores only (readiness by section and article, never answers, notes or
names). That coordinator chose to carry the baseline's answers into the follow-up, where its team
reads them in full already; the scores reveal less than that, and one rule keeps the page and the
team's single PDF consistent.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from frameworks.models import Framework, Question, ScaleOption

from .comparison import Change, Comparison, QuestionMatch, compare, match_questions
from .gaps import GapReport, build_report
from .models import AgreedAnswer, Answer, Assessment, Membership, SectionAssignment

CARRIED_OVER_REASON = "Carried over from the baseline assessment"


def follow_up_frameworks(baseline: Assessment):
    """The questionnaires a follow-up may use: published versions of the baseline's track."""
    return Framework.objects.published().filter(track=baseline.framework.track).order_by("-published_at", "slug")


def default_follow_up_title(baseline: Assessment) -> str:
    return (_("Follow-up: %(title)s") % {"title": baseline.title})[:200]


@dataclass
class FollowUpStarted:
    assessment: Assessment
    questions: QuestionMatch
    positions: int  # agencies' positions carried over
    agreed: int  # agreed answers carried over


def _valid_values(framework: Framework) -> dict[int, set[str]]:
    """Each scale's option values, by scale id: a carried answer must be an option of the new question's scale."""
    values = defaultdict(set)
    for scale_id, value in ScaleOption.objects.filter(scale__framework=framework).values_list("scale_id", "value"):
        values[scale_id].add(value)
    return values


def _carry_team(baseline: Assessment, follow_up: Assessment, user: User) -> None:
    members = [
        Membership(assessment=follow_up, user_id=m.user_id, agency_id=m.agency_id, role=m.role)
        for m in baseline.memberships.active()
    ]
    Membership.objects.bulk_create(members)
    Membership.history.bulk_history_create(members, default_user=user, default_change_reason=CARRIED_OVER_REASON)


def _carry_assignments(baseline: Assessment, follow_up: Assessment, user: User) -> None:
    sections = dict(follow_up.framework.sections.values_list("code", "pk"))
    assignments = [
        SectionAssignment(assessment=follow_up, section_id=sections[code], agency_id=agency_id)
        for code, agency_id in baseline.assignments.values_list("section__code", "agency_id")
        if code in sections
    ]
    SectionAssignment.objects.bulk_create(assignments)
    SectionAssignment.history.bulk_history_create(
        assignments, default_user=user, default_change_reason=CARRIED_OVER_REASON
    )


def _carry_answers(baseline: Assessment, follow_up: Assessment, user: User, matched: set[str]) -> tuple[int, int]:
    """Copy positions and agreed answers of matched questions, marked as carried over, with one history record each."""
    targets = {q.code: q for q in Question.objects.filter(framework=follow_up.framework).only("pk", "code", "scale_id")}
    values = _valid_values(follow_up.framework)

    def valid(code: str, value: str) -> bool:
        return value in values[targets[code].scale_id]

    positions = []
    for answer in baseline.answers.filter(question__code__in=matched).select_related("question"):
        code = answer.question.code
        # An option the new version's scale no longer has is dropped: the agency answers afresh, notes kept.
        value = answer.value if valid(code, answer.value) else ""
        if not (value or answer.reason or answer.notes or answer.legal_references):
            continue
        positions.append(
            Answer(
                assessment=follow_up,
                question=targets[code],
                agency_id=answer.agency_id,
                value=value,
                reason=answer.reason,
                notes=answer.notes,
                legal_references=answer.legal_references,
                author_id=answer.author_id,
                carried_over=True,
            )
        )
    Answer.objects.bulk_create(positions)
    Answer.history.bulk_history_create(positions, default_user=user, default_change_reason=CARRIED_OVER_REASON)
    agreed = [
        AgreedAnswer(
            assessment=follow_up,
            question=targets[a.question.code],
            value=a.value,
            reason=a.reason,
            decided_by_id=a.decided_by_id,
            carried_over=True,
        )
        for a in baseline.agreed_answers.filter(question__code__in=matched).select_related("question")
        if valid(a.question.code, a.value)
    ]
    AgreedAnswer.objects.bulk_create(agreed)
    AgreedAnswer.history.bulk_history_create(agreed, default_user=user, default_change_reason=CARRIED_OVER_REASON)
    return len(positions), len(agreed)


@transaction.atomic
def start_follow_up(*, baseline: Assessment, framework: Framework, title: str, user: User) -> FollowUpStarted:
    """Open a follow-up of ``baseline`` on ``framework`` (a published version of the same track).

    The caller has checked that ``user`` coordinates the baseline (membership_or_404(coordinator=True)).
    The follow-up gets the baseline's active team with the same agencies and roles, the section
    assignments of sections that keep their code, and every position and agreed answer of questions
    that keep their code, marked as carried over. Its roadmap, once generated, carries the baseline's
    action statuses over (roadmaps.services.generate_roadmap).
    """
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the follow-up a title.")})
    if not framework.is_published or framework.track != baseline.framework.track:
        raise ValidationError({"framework": _("Choose a published questionnaire of the same track as the baseline.")})
    follow_up = Assessment(
        country_id=baseline.country_id,
        framework=framework,
        title=title,
        description=baseline.description,
        marking=baseline.marking,
        require_two_factor=baseline.require_two_factor,
        created_by=user,
        baseline=baseline,
    )
    follow_up._history_user = user
    follow_up.save()
    questions = match_questions(
        baseline.framework.questions.values_list("code", flat=True),
        framework.questions.values_list("code", flat=True),
    )
    _carry_team(baseline, follow_up, user)
    _carry_assignments(baseline, follow_up, user)
    positions, agreed = _carry_answers(baseline, follow_up, user, set(questions.matched))
    return FollowUpStarted(assessment=follow_up, questions=questions, positions=positions, agreed=agreed)


@dataclass
class FollowUpComparison:
    """What the comparison page and the roadmap PDF show: the baseline as scores, and the questions matched."""

    baseline: Assessment
    comparison: Comparison
    sections: list[tuple[str, str, Change]]  # code, title, change
    new_questions: list[Question]
    retired_questions: list[Question]

    @property
    def overall(self) -> Change:
        return self.comparison.overall

    @property
    def by_article(self) -> tuple[Change, ...]:
        return self.comparison.by_article


def build_comparison(assessment: Assessment, *, report: GapReport | None = None) -> FollowUpComparison | None:
    """The follow-up against its baseline (None without a baseline), in a constant number of queries.

    ``report``: the follow-up's own gap report when the caller has built it already (the roadmap document).
    """
    if assessment.baseline_id is None:
        return None
    baseline = Assessment.objects.select_related("framework", "country").get(pk=assessment.baseline_id)
    before = build_report(baseline)
    after = report or build_report(assessment)
    comparison = compare(
        baseline=before.analysis,
        follow_up=after.analysis,
        baseline_codes=[q.code for q in before.questions.values()],
        follow_up_codes=[q.code for q in after.questions.values()],
    )
    titles = {s.code: s.translated("title") for s in before.sections} | {
        s.code: s.translated("title") for s in after.sections
    }
    by_code_before = {q.code: q for q in before.questions.values()}
    by_code_after = {q.code: q for q in after.questions.values()}
    return FollowUpComparison(
        baseline=baseline,
        comparison=comparison,
        sections=[(change.key, titles.get(change.key, change.key), change) for change in comparison.by_section],
        new_questions=[by_code_after[code] for code in comparison.questions.new],
        retired_questions=[by_code_before[code] for code in comparison.questions.retired],
    )
