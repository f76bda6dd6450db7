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
    return RoadmapView(
        roadmap=roadmap,
        actions=actions,
        milestones=list(roadmap.milestones.order_by("due", "order")),
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
