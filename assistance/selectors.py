"""Read-side assembly of assistance requests, in a constant number of queries."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from assessments.stamps import history_marks
from roadmaps.models import RoadmapAction

from .models import AssistanceRequest, RequestStatus
from .totals import RequestFigures, StatusTotal, status_totals


def actions_needing_assistance(assessment_id: int) -> QuerySet[RoadmapAction]:
    """The actions a request may cover: those of the assessment's roadmap marked as needing (or having
    requested or received) assistance, except dropped ones."""
    return (
        RoadmapAction.objects.filter(roadmap__assessment_id=assessment_id)
        .exclude(assistance="")
        .exclude(status="dropped")
        .order_by("order", "start", "code")
    )


@dataclass
class RequestSummary:
    requests: list[AssistanceRequest]
    totals: list[StatusTotal]


def request_summary(assessment_id: int) -> RequestSummary:
    """The team's requests with their source, status and amounts, and the totals by status (one query)."""
    requests = list(
        AssistanceRequest.objects.filter(assessment_id=assessment_id)
        .select_related("source", "national_counterpart")
        .annotate(action_count=Count("actions"))
        .order_by("-created_at", "-pk")
    )
    figures = (RequestFigures(r.status, r.currency, r.amount_requested, r.amount_granted) for r in requests)
    return RequestSummary(requests, status_totals(figures, RequestStatus.values))


def request_data_parts(assessment_id: int) -> list:
    """What every rendering of the team's requests depends on. Every write goes through the services, which
    save the request itself (budget lines and actions included), so its history rows are enough."""
    return history_marks((AssistanceRequest.history,), assessment_id=assessment_id)
