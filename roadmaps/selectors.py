"""Read-side assembly of the roadmap page, in a constant number of queries."""

from dataclasses import dataclass

from django.db.models import Prefetch

from reference.models import Agency

from .costs import CostLine, CostTotals, cost_totals
from .models import Milestone, Roadmap, RoadmapAction


@dataclass
class RoadmapView:
    roadmap: Roadmap
    actions: list[RoadmapAction]
    milestones: list[Milestone]
    totals: CostTotals

    def by_phase(self) -> list[tuple[int, list[RoadmapAction]]]:
        return [(phase, [a for a in self.actions if a.phase == phase]) for phase in (1, 2, 3)]

    @property
    def timeline_actions(self) -> list[RoadmapAction]:
        return sorted((a for a in self.actions if a.status != "dropped"), key=lambda a: (a.start, a.order))

    @property
    def next_actions(self) -> list[RoadmapAction]:
        open_actions = [a for a in self.actions if a.status in ("planned", "in_progress") and not a.gaps_closed]
        return sorted(open_actions, key=lambda a: (a.start, a.order))[:5]


def in_reader_language(milestones: list[Milestone], actions: list[RoadmapAction]) -> list[Milestone]:
    """Milestones and actions as the reader reads them (for display only; nothing is saved).

    A legal step's milestone is titled after its action (stored in English at generation): it takes the
    action's title in the reader's language, as the action itself shows it.
    """
    by_english_title = {action.title: action for action in actions}
    for action in actions:
        action.in_reader_language()
    # Prerequisites are prefetched copies (depends_on): they read as the actions they are.
    shown = {action.pk: action for action in actions}
    for action in actions:
        if "depends_on" in getattr(action, "_prefetched_objects_cache", {}):
            for prerequisite in action.depends_on.all():
                if prerequisite.pk in shown:
                    prerequisite.title = shown[prerequisite.pk].title
    for milestone in milestones:
        milestone.in_reader_language()
        if milestone.code == "legal_step" and milestone.title in by_english_title:
            milestone.title = by_english_title[milestone.title].title
    return milestones


def roadmap_view(roadmap: Roadmap) -> RoadmapView:
    actions = list(
        roadmap.actions.select_related("lead_agency", "lead_agency_type", "template")
        .prefetch_related(
            Prefetch("supporting_agencies", queryset=Agency.objects.order_by("name")),
            "assistance_sources",
            "gaps",
            "depends_on",
        )
        .order_by("order", "start", "code")
    )
    milestones = in_reader_language(list(roadmap.milestones.order_by("due", "order")), actions)
    return RoadmapView(
        roadmap=roadmap,
        actions=actions,
        milestones=milestones,
        totals=cost_totals(
            CostLine(
                phase=a.phase,
                funding=a.funding,
                currency=a.cost_currency,
                amount=a.cost_amount,
                dropped=a.status == "dropped",
            )
            for a in actions
        ),
    )
