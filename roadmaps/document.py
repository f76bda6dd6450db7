"""Everything the roadmap documents show, assembled once in a constant number of
queries: the PDF and the DOCX are two renderings of this content."""

import functools
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments import charts as gap_charts
from assessments.comparison import completed_since
from assessments.follow_up import FollowUpComparison, build_comparison
from assessments.gaps import GapReport, build_report
from assessments.models import AgreedAnswer, Answer, Assessment, Membership
from assessments.stamps import baseline_parts, history_marks, team_data_parts
from assistance.selectors import RequestSummary, request_data_parts, request_summary
from attportal import __version__
from frameworks.models import Obligation
from portal.documents import templates_fingerprint
from reference.models import Agency

from .charts import roadmap_timeline_pages
from .models import Milestone, Roadmap, RoadmapAction
from .narrative import Paragraph
from .selectors import RoadmapView, roadmap_view
from .summary import build_summary


@dataclass
class AnnexEntry:
    question: object
    value: str | None
    positions: list[Answer]
    agreed: AgreedAnswer | None


@dataclass
class Progress:
    """A follow-up's progress since its baseline: readiness before and after, and the actions done since."""

    comparison: FollowUpComparison
    completed: list[RoadmapAction]


@dataclass
class RoadmapDocument:
    assessment: Assessment
    roadmap: Roadmap
    view: RoadmapView
    report: GapReport
    language: str
    generated_on: date
    charts: dict  # "sections": an SVG; "timeline": a list of SVGs, one per page
    gaps_by_level: list[tuple[str, int]]
    members: list[Membership]
    agencies: list[Agency]
    assistance: list[tuple[object, list[RoadmapAction]]]
    annex: list[tuple[object, list[AnnexEntry]]] = field(default_factory=list)
    assistance_without_source: list[RoadmapAction] = field(default_factory=list)  # needed, no source chosen yet
    progress: Progress | None = None  # a follow-up's progress since its baseline

    @functools.cached_property
    def assistance_requests(self) -> RequestSummary:
        """The team's requests to donors, with totals by status: fetched only by the renderings that show them."""
        return request_summary(self.assessment.pk)

    @property
    def title(self) -> str:
        return _("National roadmap: %(title)s") % {"title": self.assessment.title}

    @functools.cached_property
    def summary(self) -> list[Paragraph]:
        """The executive summary's narrative, from what the document already holds (no query)."""
        return build_summary(assessment=self.assessment, report=self.report, view=self.view, members=self.members)


def _charts(report: GapReport, view: RoadmapView, roadmap: Roadmap) -> dict:
    sections = list(report.analysis.by_section.items())
    return {
        "sections": gap_charts.readiness_bars(
            chart_id="pdf-readiness",
            title=_("Readiness by section"),
            description=_("Weighted readiness of each section, in percent."),
            rows=[(code, score.readiness, score.low_coverage) for code, score in sections],
        ),
        "timeline": roadmap_timeline_pages(roadmap, view),
    }


def _annex(assessment: Assessment, report: GapReport) -> list[tuple[object, list[AnnexEntry]]]:
    positions = defaultdict(list)
    for answer in (
        Answer.objects.filter(assessment=assessment)
        .exclude(value="", reason="", notes="", legal_references=[])
        .select_related("agency", "author")
        .order_by("agency__name")
    ):
        positions[answer.question_id].append(answer)
    agreed = {a.question_id: a for a in AgreedAnswer.objects.filter(assessment=assessment).select_related("decided_by")}
    by_section = defaultdict(list)
    for question in report.questions.values():
        by_section[question.section_id].append(
            AnnexEntry(question, report.effective.get(question.pk), positions[question.pk], agreed.get(question.pk))
        )
    return [(section, by_section[section.pk]) for section in report.sections]


def _assistance(view: RoadmapView) -> list[tuple[object, list[RoadmapAction]]]:
    grouped, sources = defaultdict(list), {}
    for action in view.actions:
        if action.assistance and action.status != "dropped":
            for source in action.assistance_sources.all():
                sources[source.pk] = source
                grouped[source.pk].append(action)
    return [(sources[pk], grouped[pk]) for pk in sorted(grouped, key=lambda pk: sources[pk].name)]


def _assistance_without_source(view: RoadmapView) -> list[RoadmapAction]:
    return [
        action
        for action in view.actions
        if action.assistance and action.status != "dropped" and not action.assistance_sources.all()
    ]


def _progress(assessment: Assessment, report: GapReport, view: RoadmapView) -> Progress | None:
    comparison = build_comparison(assessment, report=report)
    if comparison is None:
        return None
    before = dict(
        RoadmapAction.objects.filter(roadmap__assessment_id=assessment.baseline_id).values_list("code", "status")
    )
    done = set(completed_since(baseline_statuses=before, follow_up_statuses={a.code: a.status for a in view.actions}))
    return Progress(comparison=comparison, completed=[action for action in view.actions if action.code in done])


def build_document(*, assessment: Assessment, roadmap: Roadmap) -> RoadmapDocument:
    report = build_report(assessment)
    view = roadmap_view(roadmap)
    levels = Counter(gap.question.obligation for gap in report.analysis.gaps)
    members = list(
        assessment.memberships.active()
        .select_related("user", "agency__agency_type")
        .order_by("agency__agency_type__order", "agency__name", "user__full_name")
    )
    agencies = list({m.agency_id: m.agency for m in members}.values())
    return RoadmapDocument(
        assessment=assessment,
        roadmap=roadmap,
        view=view,
        report=report,
        language=translation.get_language() or "en",
        generated_on=timezone.localdate(),
        charts=_charts(report, view, roadmap),
        gaps_by_level=[(label, levels[value]) for value, label in Obligation.choices if levels[value]],
        members=members,
        agencies=agencies,
        assistance=_assistance(view),
        annex=_annex(assessment, report),
        assistance_without_source=_assistance_without_source(view),
        progress=_progress(assessment, report, view),
    )


# The document's templates are part of what it shows: a deployment that changes them renders anew.
TEMPLATES = (
    "roadmaps/pdf/roadmap.html",
    "roadmaps/pdf/_summary.html",
    "roadmaps/_narrative.html",
    "roadmaps/pdf/roadmap.css",
    "roadmaps/_timeline.svg",
    "roadmaps/_order_warning.html",
)


def roadmap_data_parts(assessment: Assessment, roadmap: Roadmap) -> list:
    """What every rendering of a roadmap depends on: the team's data and the roadmap's own rows."""
    return [
        *team_data_parts(assessment),
        roadmap.updated_at,
        *history_marks((RoadmapAction.history, Milestone.history), roadmap_id=roadmap.pk),
        *request_data_parts(assessment.pk),  # the page and the PDF summarise the assistance requests
    ]


def content_stamp(*, assessment: Assessment, roadmap: Roadmap, language: str) -> str:
    """A key that changes whenever anything the documents show changes (see assessments.stamps):
    cheap, so that a cached PDF is found without building the document."""
    parts = [
        __version__,
        templates_fingerprint(TEMPLATES),
        language,
        timezone.localdate(),
        *roadmap_data_parts(assessment, roadmap),
        assessment.title,
        assessment.marking,
        assessment.status,
        assessment.country.name,
        assessment.country.entry_into_force_date,
        list(assessment.memberships.values_list("pk", "user__full_name", "user__email")),
        # A follow-up's progress section shows the baseline's scores and its roadmap's statuses.
        *baseline_parts(assessment),
        *(
            history_marks((RoadmapAction.history,), roadmap__assessment_id=assessment.baseline_id)
            if assessment.baseline_id
            else []
        ),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()
