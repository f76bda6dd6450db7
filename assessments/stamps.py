"""Content stamps: short keys that change whenever a team's data changes.

Pages and documents that are expensive to build (gap analysis, roadmap, PDF)
are cached under a stamp instead of being rebuilt on every request. A stamp
costs a few aggregate queries: every write to answers, agreed answers,
assignments and the team leaves a history row with a new id, so the newest
history ids cover edits and deletions alike.
"""

import hashlib

from django.db.models import Count, Max

from reference.models import Agency

from .models import AgreedAnswer, Answer, Assessment, Comment, Membership, SectionAssignment, SectionReview

TEAM_HISTORIES = (Answer.history, AgreedAnswer.history, Membership.history, SectionAssignment.history)


def history_marks(histories, **filters) -> list[dict]:
    return [history.filter(**filters).aggregate(n=Count("history_id"), last=Max("history_id")) for history in histories]


def digest(parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def team_data_parts(assessment: Assessment) -> list:
    """What every page built from the team's answers depends on."""
    return [
        assessment.pk,
        assessment.framework_id,
        assessment.updated_at,
        *history_marks(TEAM_HISTORIES, assessment_id=assessment.pk),
        list(Agency.objects.filter(country_id=assessment.country_id).values_list("pk", "name", "acronym")),
    ]


def baseline_parts(assessment: Assessment) -> list:
    """What a follow-up's comparison shows of its baseline depends on: the baseline's team data ([] for others)."""
    if assessment.baseline_id is None:
        return []
    baseline = Assessment.objects.only("pk", "framework_id", "country_id", "updated_at").get(pk=assessment.baseline_id)
    return ["baseline", *team_data_parts(baseline)]


def team_data_stamp(assessment: Assessment) -> str:
    return digest(team_data_parts(assessment))


def overview_stamp(assessment: Assessment) -> str:
    """The overview also shows section reviews and the latest comments."""
    comments = Comment.objects.filter(assessment=assessment).aggregate(n=Count("id"), last=Max("id"))
    return digest(
        [*team_data_parts(assessment), *history_marks((SectionReview.history,), assessment_id=assessment.pk), comments]
    )
