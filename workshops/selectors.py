"""Read side of the workshop pages, in a constant number of queries whatever the number of answers."""

from dataclasses import dataclass

from assessments.models import AgreedAnswer, Answer, Role
from frameworks.content import section_content
from frameworks.models import Question, ScaleOption, Section
from reference.models import Agency

from .models import Decision, Workshop
from .tally import Tally, tally


@dataclass
class QuestionTally:
    question: Question
    options: tuple[ScaleOption, ...]
    tally: Tally
    agreed: AgreedAnswer | None
    decision: Decision | None
    form: object = None  # the coordinator's decision form, set by the view


def agency_label(agency: Agency) -> str:
    return agency.name


def team_agencies(workshop: Workshop) -> list[Agency]:
    """The agencies that can give a position: those of active coordinators and contributors."""
    return list(
        Agency.objects.filter(
            memberships__assessment_id=workshop.assessment_id,
            memberships__removed_at__isnull=True,
            memberships__role__in=(Role.COORDINATOR, Role.CONTRIBUTOR),
        )
        .distinct()
        .order_by("name")
    )


def section_tallies(*, workshop: Workshop, section: Section) -> list[QuestionTally]:
    """Each question of the section with the agencies' positions counted, the agreed answer and
    this workshop's decision. The questions come from the per-worker section content (one query on
    a hit); answers, team, agreed answers and decisions take one query each."""
    content = section_content(section)
    ids = [item.question.pk for item in content]
    positions: dict[int, list[tuple[str, str]]] = {pk: [] for pk in ids}
    for answer in (
        Answer.objects.filter(assessment_id=workshop.assessment_id, question_id__in=ids)
        .select_related("agency")
        .only("question_id", "value", "agency__name")
    ):
        positions[answer.question_id].append((agency_label(answer.agency), answer.value))
    team = [agency_label(agency) for agency in team_agencies(workshop)]
    agreed = {
        item.question_id: item
        for item in AgreedAnswer.objects.filter(
            assessment_id=workshop.assessment_id, question_id__in=ids
        ).select_related("decided_by")
    }
    decisions = {
        item.question_id: item
        for item in Decision.objects.filter(workshop=workshop, question_id__in=ids).select_related("decided_by")
    }
    return [
        QuestionTally(
            question=item.question,
            options=item.options,
            tally=tally(
                options=[(option.value, option.translated("label")) for option in item.options],
                positions=positions[item.question.pk],
                team=team,
            ),
            agreed=agreed.get(item.question.pk),
            decision=decisions.get(item.question.pk),
        )
        for item in content
    ]


def decisions(workshop: Workshop) -> list[Decision]:
    """The workshop's decisions in the questionnaire's order, with what the pages show of each."""
    return list(
        Decision.objects.filter(workshop=workshop)
        .select_related("question__section", "decided_by", "agreed_answer")
        .prefetch_related("question__scale__options")
        .order_by("question__section__order", "question__order")
    )
