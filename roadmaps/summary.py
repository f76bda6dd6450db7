"""The executive summary of a roadmap: the facts gathered from the data, told by roadmaps.narrative.

``build_summary`` runs no query of its own: it reads the gap report, the roadmap view (actions,
milestones, costs) and the team's memberships that the PDF document already holds. The roadmap page
loads the summary apart (``cached_summary``), so that its own queries stay as they were.
"""

from collections.abc import Iterable
from datetime import date

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.gaps import GapReport, build_report
from assessments.models import Assessment, Membership
from assessments.scoring import GAP
from assessments.stamps import digest
from attportal import __version__
from frameworks.templatetags.frameworks import option_label

from .models import ActionStatus, Roadmap, RoadmapAction
from .narrative import ActionFact, GapFact, MilestoneFact, Paragraph, StateFacts, SummaryFacts, narrative
from .selectors import RoadmapView, roadmap_view
from .services import LAW_MAKERS

CACHE_SECONDS = 60 * 60 * 24 * 7


def coordinating_agency(members: Iterable[Membership]) -> str:
    """The agency of the team's first coordinator: it leads the work the cabinet is asked to approve."""
    coordinators = sorted((m for m in members if m.is_coordinator), key=lambda m: m.pk)
    return str(coordinators[0].agency) if coordinators else ""


def _gap_facts(report: GapReport) -> tuple[GapFact, ...]:
    facts = []
    for gap in report.analysis.gaps:
        question = report.questions[gap.question.id]
        if gap.kind == GAP:
            standing = option_label(question.scale.options.all(), gap.question.value)
        else:
            standing = _("To investigate")
        facts.append(
            GapFact(
                question=question.translated("text"),
                articles=tuple(question.articles),
                obligation=question.obligation,
                level=question.get_obligation_display(),
                standing=standing,
                owners=tuple(agency.name for agency in report.owners.get(question.pk, ())),
            )
        )
    return tuple(facts)


def _action_fact(action: RoadmapAction) -> ActionFact:
    return ActionFact(
        code=action.code,
        title=action.title,
        start=action.start,
        end=action.end,
        status=action.status,
        lead=str(action.lead_agency or action.lead_agency_type or ""),
        depends_on=tuple(required.code for required in action.depends_on.all()),
    )


def _is_legal_step(action: RoadmapAction) -> bool:
    """An open action led by a law-maker (justice, parliament): the law the cabinet is asked to approve."""
    open_action = action.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
    return open_action and action.lead_agency_type is not None and action.lead_agency_type.code in LAW_MAKERS


def summary_facts(
    *, assessment: Assessment, report: GapReport, view: RoadmapView, lead_agency: str, today: date
) -> SummaryFacts:
    country = assessment.country
    overall = report.analysis.overall
    return SummaryFacts(
        state=StateFacts(
            country=country.display_name,
            status=country.att_status,
            signed=country.signature_date,
            deposited=country.deposit_date,
            in_force=country.entry_into_force_date,
        ),
        track=assessment.track,
        today=today,
        readiness=overall.readiness,
        known=overall.answered,
        applicable=overall.total - overall.not_applicable,
        gaps=_gap_facts(report),
        milestones=tuple(MilestoneFact(m.title, m.due, m.done) for m in view.milestones),
        actions=tuple(_action_fact(action) for action in view.actions),
        costs=view.totals,
        lead_agency=lead_agency,
        legal_steps=tuple(action.title for action in view.actions if _is_legal_step(action)),
    )


def build_summary(
    *, assessment: Assessment, report: GapReport, view: RoadmapView, members: Iterable[Membership]
) -> list[Paragraph]:
    """The summary's narrative in the active language."""
    facts = summary_facts(
        assessment=assessment,
        report=report,
        view=view,
        lead_agency=coordinating_agency(members),
        today=timezone.localdate(),
    )
    return narrative(facts)


def cached_summary(*, assessment: Assessment, roadmap: Roadmap, data_parts: list) -> list[Paragraph]:
    """The summary in the active language, from the cache while nothing it tells has changed.

    ``data_parts`` are the roadmap's (``document.roadmap_data_parts``); the country's treaty status, the
    code's version and the day (a milestone becomes overdue) complete the key.
    """
    country = assessment.country
    key = "roadmap-summary:" + digest(
        [
            __version__,
            translation.get_language(),
            timezone.localdate(),
            *data_parts,
            [country.name, country.att_status, country.signature_date, country.deposit_date],
            country.entry_into_force_date,
        ]
    )

    def build() -> list[Paragraph]:
        members = assessment.memberships.active().select_related("agency")
        return build_summary(
            assessment=assessment, report=build_report(assessment), view=roadmap_view(roadmap), members=members
        )

    return cache.get_or_set(key, build, CACHE_SECONDS)
