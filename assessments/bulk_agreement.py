"""Agreement in bulk: where every agency that answered gave the same answer, the coordinator records
it as the agreed answer in one step instead of one question at a time.

Only agreed answers count in the scores and the initial report, so a team whose agencies already agree
would otherwise record a hundred agreements by hand. Disputes are never touched: a question qualifies
only when the positions given are all the same (see ``disputes.common_value``).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import SecurityEvent
from accounts.security import log_event
from frameworks.models import Question, Section
from reference.models import Agency

from .disputes import common_value
from .models import AgreedAnswer, Answer, Membership, SectionAssignment

BULK_REASON = "Agreed in bulk"


@dataclass
class CommonAnswer:
    """A question whose agencies all gave the same answer, with who answered and who was asked but did not."""

    question: Question
    value: str
    label: str
    answered: list[Agency] = field(default_factory=list)
    silent: list[Agency] = field(default_factory=list)
    replaces_carried_over: bool = False


def _agency_name(agency: Agency) -> str:
    return agency.acronym or agency.name


def common_answers(*, assessment, section: Section | None = None) -> list[CommonAnswer]:
    """The questions (of one section, or all) that can be agreed in bulk, in questionnaire order.

    A question qualifies when it has no agreed answer of this round (one carried over from a baseline
    may be replaced) and every agency that answered gave the same position. Five queries, whatever
    the number of questions.
    """
    questions = (
        Question.objects.filter(framework_id=assessment.framework_id)
        .select_related("section", "scale")
        .prefetch_related("scale__options")
        .order_by("section__order", "order")
    )
    if section is not None:
        questions = questions.filter(section=section)
    agreed = dict(AgreedAnswer.objects.filter(assessment=assessment).values_list("question_id", "carried_over"))
    positions = defaultdict(list)
    answers = Answer.objects.filter(assessment=assessment).select_related("agency").order_by("agency__name")
    if section is not None:
        answers = answers.filter(question__section=section)
    for answer in answers:
        positions[answer.question_id].append(answer)
    assigned = defaultdict(list)
    for assignment in SectionAssignment.objects.filter(assessment=assessment).select_related("agency"):
        assigned[assignment.section_id].append(assignment.agency)

    found = []
    for question in questions:
        if agreed.get(question.pk) is False:  # agreed in this round already
            continue
        given = positions.get(question.pk, [])
        value = common_value([answer.value for answer in given])
        if value is None:
            continue
        answered = [answer.agency for answer in given if answer.value]
        labels = {option.value: option.translated("label") for option in question.scale.options.all()}
        found.append(
            CommonAnswer(
                question=question,
                value=value,
                label=labels.get(value, value),
                answered=answered,
                silent=sorted(
                    (agency for agency in assigned[question.section_id] if agency not in answered),
                    key=_agency_name,
                ),
                replaces_carried_over=question.pk in agreed,
            )
        )
    return found


def _reason(common: CommonAnswer, user) -> str:
    return _("Same answer from %(agencies)s; agreed in bulk by %(name)s on %(date)s.") % {
        "agencies": get_text_list([_agency_name(agency) for agency in common.answered], _("and")),
        "name": user.get_full_name() or user.email,
        "date": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
    }


@transaction.atomic
def agree_common_answers(
    *, membership: Membership, section: Section | None = None, confirmed: dict[str, str]
) -> list[AgreedAnswer]:
    """Record as agreed each question the coordinator confirmed (code -> the value they saw in the preview).

    The rule is checked again here: a question whose answers changed since the preview, or that was
    agreed meanwhile, is left out rather than agreed on a value the coordinator did not see.
    """
    assessment, user = membership.assessment, membership.user
    # Locks the assessment's agreed answers against a concurrent bulk or single agreement.
    list(AgreedAnswer.objects.select_for_update().filter(assessment=assessment).values_list("pk"))
    chosen = [
        common
        for common in common_answers(assessment=assessment, section=section)
        if confirmed.get(common.question.code) == common.value
    ]
    replaced = {common.question.pk for common in chosen if common.replaces_carried_over}
    if replaced:
        AgreedAnswer.objects.filter(assessment=assessment, question_id__in=replaced).delete()
    created = bulk_create_with_history(
        [
            AgreedAnswer(
                assessment=assessment,
                question=common.question,
                value=common.value,
                reason=_reason(common, user),
                decided_by=user,
                version=1,
            )
            for common in chosen
        ],
        AgreedAnswer,
        default_user=user,
        default_change_reason=BULK_REASON,
    )
    if created:
        scope = section.code if section is not None else _("the whole assessment")
        log_event(
            SecurityEvent.Kind.BULK_AGREED,
            user=user,
            detail=f"{assessment.pk}: {len(created)} agreed in bulk ({scope}): "
            + ", ".join(common.question.code for common in chosen),
        )
    return created
