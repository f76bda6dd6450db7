"""Assistance request workflows: draft a project outline from the roadmap's actions, edit it without
losing anyone's work, and record its status with the donor."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.models import Assessment, Membership
from reference.models import AssistanceSource
from roadmaps.models import RoadmapAction
from roadmaps.scheduling import add_months, months_between

from .models import MAX_DURATION_MONTHS, AssistanceRequest, BudgetLine, RequestStatus
from .selectors import actions_needing_assistance
from .totals import budget_total

DEFAULT_CURRENCY = "USD"


class StaleRequest(Exception):
    def __init__(self, current: AssistanceRequest):
        super().__init__("stale assistance request")
        self.current = current


class NotEligible(ValueError):
    """An action that is not one of this assessment's actions needing assistance."""


@dataclass
class Outline:
    title: str
    need: str
    objective: str
    activities: str
    outputs: str
    duration_months: int | None
    currency: str
    national_counterpart: object | None
    lines: list[tuple[str, Decimal | None]] = field(default_factory=list)


def _articles(questions) -> list[str]:
    seen = {}
    for question in questions:
        for article in question.articles:
            seen.setdefault(article, None)
    return list(seen)


def _need(actions: list[RoadmapAction], questions: list) -> str:
    lines = []
    if questions:
        lines.append(_("The national assessment found these gaps, which the project addresses:"))
        for question in questions:
            about = [_("Article %(number)s") % {"number": ", ".join(question.articles)}] if question.articles else []
            about.append(question.get_obligation_display())
            lines.append(f"- {question.code} ({'; '.join(about)}): {question.translated('text')}")
        lines.append(_("Treaty articles concerned: %(articles)s.") % {"articles": ", ".join(_articles(questions))})
    unlinked = [action for action in actions if not action.gaps.all()]
    if unlinked:
        lines.append(_("Roadmap actions the team added, without a linked question:"))
        lines += [f"- {action.title}" for action in unlinked]
    return "\n".join(lines)


def _objective(assessment: Assessment, articles: list[str]) -> str:
    country = assessment.country.name
    if assessment.track == "universalization":
        return _("To help %(country)s prepare to join the Arms Trade Treaty, as its national roadmap sets out.") % {
            "country": country
        }
    if articles:
        return _(
            "To help %(country)s implement the Arms Trade Treaty (articles %(articles)s), "
            "as its national roadmap sets out."
        ) % {"country": country, "articles": ", ".join(articles)}
    return _("To help %(country)s implement the Arms Trade Treaty, as its national roadmap sets out.") % {
        "country": country
    }


def _activities(actions: list[RoadmapAction]) -> str:
    lines = []
    for number, action in enumerate(actions, start=1):
        when = f"{date_format(action.start, 'DATE_FORMAT')} – {date_format(action.end, 'DATE_FORMAT')}"
        lead = action.lead_agency or action.lead_agency_type
        detail = f"{when}; {_('lead')}: {lead}" if lead else when
        lines.append(f"{number}. {action.title} ({detail})")
        if action.description:
            lines.append(f"   {action.description}")
    return "\n".join(lines)


def _span_months(actions: list[RoadmapAction]) -> int | None:
    """Whole months from the first start to the last end, a part month counting as one."""
    start, end = min(a.start for a in actions), max(a.end for a in actions)
    months = months_between(start, end)
    if add_months(start, months) < end:
        months += 1
    return min(max(months, 1), MAX_DURATION_MONTHS)


def _currency(actions: list[RoadmapAction]) -> str:
    """The currency most of the actions' estimates are in (the first one on a tie)."""
    counts = Counter(action.cost_currency for action in actions if action.cost_amount is not None)
    return counts.most_common(1)[0][0] if counts else DEFAULT_CURRENCY


def _budget_lines(actions: list[RoadmapAction], currency: str) -> list[tuple[str, Decimal | None]]:
    """One line per action with its estimate; an estimate in another currency is shown, never converted."""
    lines = []
    for action in actions:
        description, amount = action.title, action.cost_amount
        if amount is not None and action.cost_currency != currency:
            estimate = f"{number_format(amount, decimal_pos=2, force_grouping=True)} {action.cost_currency}"
            description = _("%(title)s (estimated at %(estimate)s, not converted)") % {
                "title": action.title,
                "estimate": estimate,
            }
            amount = None
        lines.append((description[:300], amount))
    return lines


def _counterpart(assessment: Assessment, actions: list[RoadmapAction]):
    """The agency that leads most of the actions: the state's natural counterpart for the donor."""
    leads = Counter(
        a.lead_agency for a in actions if a.lead_agency and a.lead_agency.country_id == assessment.country_id
    )
    return leads.most_common(1)[0][0] if leads else None


def prefill(assessment: Assessment, actions: list[RoadmapAction]) -> Outline:
    """The outline the roadmap already holds: the need from the gaps and treaty articles behind the actions,
    the activities and outputs from the actions, the duration from their span, the budget from their costs."""
    questions = sorted({q.pk: q for action in actions for q in action.gaps.all()}.values(), key=lambda q: q.code)
    first = actions[0].title
    title = (
        first
        if len(actions) == 1
        else ngettext(
            "%(title)s and %(count)d related action", "%(title)s and %(count)d related actions", len(actions) - 1
        )
        % {"title": first, "count": len(actions) - 1}
    )
    currency = _currency(actions)
    return Outline(
        title=title[:300],
        need=_need(actions, questions),
        objective=_objective(assessment, _articles(questions)),
        activities=_activities(actions),
        outputs="\n".join(f"- {action.indicator or action.title}" for action in actions),
        duration_months=_span_months(actions),
        currency=currency,
        national_counterpart=_counterpart(assessment, actions),
        lines=_budget_lines(actions, currency),
    )


def _checked_actions(assessment: Assessment, actions, *, also=()) -> list[RoadmapAction]:
    """The actions, fetched again and checked: of this assessment's roadmap and needing assistance
    (or already covered by the request: `also`)."""
    wanted = {action.pk for action in actions}
    allowed = set(actions_needing_assistance(assessment.pk).values_list("pk", flat=True)) | set(also)
    if not wanted or not wanted <= allowed:
        raise NotEligible("Only actions of this roadmap that need assistance can be part of a request.")
    return list(
        RoadmapAction.objects.filter(pk__in=wanted)
        .select_related("lead_agency", "lead_agency_type")
        .prefetch_related("gaps")
        .order_by("start", "order", "code")
    )


def _save_lines(request: AssistanceRequest, lines: list[tuple[str, Decimal | None]], user) -> None:
    """Line n of the form is line n of the request: only the lines that changed leave a history row."""
    existing = list(request.budget_lines.order_by("order", "pk"))
    for order, (description, amount) in enumerate(lines):
        line = existing[order] if order < len(existing) else BudgetLine(request=request)
        if line.pk and (line.description, line.amount, line.order) == (description, amount, order):
            continue
        line.description, line.amount, line.order = description, amount, order
        line._history_user = user
        line.save()
    for line in existing[len(lines) :]:
        line._history_user = user
        line.delete()


def _costed_total(amounts: list[Decimal | None]) -> Decimal | None:
    """The budget total, or None while no line has an amount (nothing to request yet)."""
    total = budget_total(amounts)
    return total.total if total.uncosted < len(amounts) else None


@transaction.atomic
def draft_request(*, assessment: Assessment, source: AssistanceSource, actions, user) -> AssistanceRequest:
    """Draft a request to `source` for some of the roadmap's actions needing assistance, prefilled from them.

    Raises NotEligible for an action of another roadmap or one that does not need assistance.
    """
    chosen = _checked_actions(assessment, actions)
    outline = prefill(assessment, chosen)
    request = AssistanceRequest(
        assessment=assessment,
        source=source,
        title=outline.title,
        need=outline.need,
        objective=outline.objective,
        activities=outline.activities,
        outputs=outline.outputs,
        duration_months=outline.duration_months,
        national_counterpart=outline.national_counterpart,
        currency=outline.currency,
        amount_requested=_costed_total([amount for _description, amount in outline.lines]),
        created_by=user,
        updated_by=user,
    )
    request._history_user = user
    request.save()
    request.actions.set(chosen)
    _save_lines(request, outline.lines, user)
    return request


@transaction.atomic
def update_request(
    *,
    membership: Membership,
    request: AssistanceRequest,
    data: dict,
    actions,
    lines: list[tuple[str, Decimal | None]],
    base_version: int,
) -> AssistanceRequest:
    """Save the team's edit of the outline and its budget; refuse it if someone saved since it was opened.

    The amount requested follows the budget total (left empty, or still the old total) unless the team
    gives another amount.
    """
    current = AssistanceRequest.objects.select_for_update().get(pk=request.pk)
    if current.version != base_version:
        raise StaleRequest(current)
    chosen = _checked_actions(membership.assessment, actions, also=current.actions.values_list("pk", flat=True))
    budget_before = _costed_total([line.amount for line in current.budget_lines.all()])
    for name, value in data.items():
        setattr(current, name, value)
    if current.amount_requested is None or current.amount_requested == budget_before:
        current.amount_requested = _costed_total([amount for _description, amount in lines])
    current.version += 1
    current.updated_by = membership.user
    current._history_user = membership.user
    current.save()
    current.actions.set(chosen)
    _save_lines(current, lines, membership.user)
    return current


@transaction.atomic
def change_status(
    *,
    membership: Membership,
    request: AssistanceRequest,
    status: str,
    amount_granted: Decimal | None,
    base_version: int,
) -> AssistanceRequest:
    """Record where the request stands with the donor: drafted, submitted, funded (with the amount granted)
    or declined. Every change is kept in the request's history."""
    if status not in RequestStatus.values:
        raise ValueError(f"unknown status {status!r}")
    if (status == RequestStatus.FUNDED) != (amount_granted is not None):
        raise ValueError("a funded request, and only a funded one, has an amount granted")
    current = AssistanceRequest.objects.select_for_update().get(pk=request.pk)
    if current.version != base_version:
        raise StaleRequest(current)
    current.status, current.amount_granted = status, amount_granted
    current.version += 1
    current.updated_by = membership.user
    current._history_user = membership.user
    current.save()
    return current
