"""Workflows of a validation workshop: open it, move the projector, keep the minutes, decide."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.models import Membership
from assessments.services import agree_answer
from frameworks.models import Question, Section

from .models import Decision, Workshop


class StaleMinutes(Exception):
    """Someone saved the minutes since this user loaded them."""

    def __init__(self, current: Workshop):
        super().__init__("stale minutes")
        self.current = current


def create_workshop(*, membership: Membership, title: str, date: date, venue: str = "") -> Workshop:
    """Open a workshop of the member's assessment, with the projector on the first section."""
    assessment = membership.assessment
    first = Section.objects.filter(framework_id=assessment.framework_id).order_by("order").first()
    workshop = Workshop(
        assessment=assessment,
        title=title,
        date=date,
        venue=venue,
        current_section_code=first.code if first else "",
        created_by=membership.user,
    )
    workshop._history_user = membership.user  # also outside a request (commands, tests)
    workshop.save()
    return workshop


def move_to_section(*, workshop: Workshop, section: Section, user: User) -> None:
    if section.framework_id != workshop.assessment.framework_id:
        raise ValidationError(_("This section is not part of the assessment's questionnaire."))
    if workshop.current_section_code == section.code:
        return
    workshop.current_section_code = section.code
    workshop._history_user = user
    workshop.save(update_fields=["current_section_code"])


def save_minutes(*, workshop: Workshop, minutes: str, base_version: int, user: User) -> Workshop:
    """Save the minutes if nobody saved them since ``base_version``; else StaleMinutes carries theirs.

    Nothing is overwritten unseen: the user sees both texts and saves again from the new version.
    """
    with transaction.atomic():
        current = (
            Workshop.objects.select_for_update(of=("self",)).select_related("minutes_updated_by").get(pk=workshop.pk)
        )
        if current.version != base_version:
            raise StaleMinutes(current)
        if current.minutes == minutes:
            return current  # saved twice: no new version, no history noise
        current.minutes = minutes
        current.version += 1
        current.minutes_updated_by = user
        current.minutes_updated_at = timezone.now()
        current._history_user = user
        current.save(update_fields=["minutes", "version", "minutes_updated_by", "minutes_updated_at"])
    return current


@transaction.atomic
def record_decision(
    *, membership: Membership, workshop: Workshop, question: Question, value: str, reason: str, base_version: int
) -> Decision:
    """Record the room's decision on a question and make it the team's agreed answer.

    The agreed answer goes through the same workflow as the question page
    (``assessments.services.agree_answer``), so scoring and the gap analysis use it at
    once; ``base_version`` is the agreed answer's version the coordinator saw, and a
    newer agreement raises ``StaleAnswer`` with nothing recorded.
    """
    assessment = membership.assessment
    if workshop.assessment_id != assessment.pk or question.framework_id != assessment.framework_id:
        raise ValidationError(_("This question is not part of the workshop's questionnaire."))
    agreed = agree_answer(
        membership=membership, question=question, value=value, reason=reason, base_version=base_version
    )
    decision = Decision.objects.select_for_update().filter(workshop=workshop, question=question).first()
    if decision is None:
        decision = Decision(workshop=workshop, question=question)
    decision.value, decision.reason, decision.decided_by = value, reason, membership.user
    decision.agreed_answer, decision.agreed_version = agreed, agreed.version
    decision._history_user = membership.user
    decision.save()
    return decision
