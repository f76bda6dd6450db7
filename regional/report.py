"""From the database to the regional view: the organization's shared assessments reduced to scores (never
answers), handed to the pure core in `aggregates`, in a constant number of queries however many there are.

Scoring follows `assessments.gaps.build_report` exactly (the same effective answer, the same scale scores, the same
`scoring.analyse`), but for all the chosen assessments at once; a test holds the two to the same numbers.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.models import Official
from assessments.disputes import effective_value, positions_differ
from assessments.models import AgreedAnswer, Answer
from assessments.scoring import NOT_APPLICABLE_VALUE, GapAnalysis, QuestionInput, analyse
from frameworks.models import Question, ScaleOption, Track
from reference.models import Subregion
from roadmaps.models import ActionStatus, Roadmap, RoadmapAction

from .aggregates import (
    ACTION_STATUSES,
    PHASES,
    ROADMAP_SUMMARY,
    SHARED_LEVELS,
    ActionSummary,
    Cell,
    SharedAssessment,
    TrackSummary,
    counted,
    summarise,
)
from .models import RegionalOrganization, Sharing


@dataclass(frozen=True)
class Row:
    label: str
    cell: Cell


@dataclass(frozen=True)
class ActionRow:
    label: str
    counts: list[int]
    total: int


@dataclass(frozen=True)
class TrackView:
    """One track as every output shows it (page, CSV, PDF): labelled rows, nothing per state."""

    summary: TrackSummary
    label: str
    overall: Row
    subregions: list[Row]
    articles: list[Row]
    actions: ActionSummary
    action_rows: list[ActionRow]


@dataclass(frozen=True)
class RegionalReport:
    organization: RegionalOrganization
    countries: list[str]  # the names of the states the organization follows: public, and not who shares
    tracks: list[TrackView]
    generated_on: date

    @property
    def status_labels(self) -> list[str]:
        return [str(ActionStatus(status).label) for status in ACTION_STATUSES]

    def stamp_parts(self) -> tuple:
        """Everything the documents show, for a cache key."""
        return (
            self.organization.pk,
            self.organization.name,
            tuple(self.countries),
            self.generated_on.isoformat(),
            tuple(view.summary for view in self.tracks),
        )


def cell_text(cell: Cell) -> str:
    """A shown cell's readiness, as every output writes it: "73%" exact, "30–40%" for a band, "—" for no value."""
    if cell.banded:
        low, high = (number_format(round(100 * bound), decimal_pos=0) for bound in cell.band)
        return f"{low}–{high}%"
    if cell.readiness is None:
        return "—"
    return f"{number_format(round(100 * cell.readiness), decimal_pos=0)}%"


def subregion_label(code: str) -> str:
    return str(Subregion(code).label) if code in Subregion.values else _("Outside the Indo-Pacific")


def _scored(analyses: dict[int, GapAnalysis], item: SharedAssessment, actions) -> SharedAssessment:
    analysis = analyses[item.assessment_id]
    return SharedAssessment(
        assessment_id=item.assessment_id,
        country=item.country,
        track=item.track,
        level=item.level,
        started=item.started,
        overall=analysis.overall.readiness,
        articles={number: score.readiness for number, score in analysis.by_article.items()},
        actions=actions.get(item.assessment_id),
        verified=item.verified,
        current=item.current,
    )


def _analyses(frameworks: dict[int, int]) -> dict[int, GapAnalysis]:
    """Each assessment's gap analysis from its answer *values* only (assessment id -> analysis), in four queries."""
    questions = defaultdict(list)
    for question in (
        Question.objects.filter(framework_id__in=set(frameworks.values()))
        .order_by("section__order", "order")
        .values("id", "framework_id", "code", "section__code", "articles", "obligation", "weight", "scale_id")
    ):
        questions[question["framework_id"]].append(question)
    scores = {
        (scale, value): score
        for scale, value, score in ScaleOption.objects.filter(
            scale__framework_id__in=set(frameworks.values())
        ).values_list("scale_id", "value", "score")
    }
    positions = defaultdict(list)
    for assessment, question, value in Answer.objects.filter(assessment_id__in=frameworks).values_list(
        "assessment_id", "question_id", "value"
    ):
        positions[(assessment, question)].append(value)
    agreed = {
        (assessment, question): value
        for assessment, question, value in AgreedAnswer.objects.filter(assessment_id__in=frameworks).values_list(
            "assessment_id", "question_id", "value"
        )
    }
    analyses = {}
    for assessment, framework in frameworks.items():
        inputs = []
        for question in questions[framework]:
            values = positions[(assessment, question["id"])]
            agreement = agreed.get((assessment, question["id"]))
            value = effective_value(values, agreement)
            inputs.append(
                QuestionInput(
                    id=question["id"],
                    code=question["code"],
                    section=question["section__code"],
                    articles=tuple(question["articles"]),
                    obligation=question["obligation"],
                    weight=question["weight"],
                    value=value,
                    score=scores.get((question["scale_id"], value or "")),
                    not_applicable=value == NOT_APPLICABLE_VALUE,
                    disputed=positions_differ(values) and agreement is None,
                )
            )
        analyses[assessment] = analyse(inputs)
    return analyses


def _action_counts(assessment_ids: list[int]) -> dict[int, dict[tuple[int, str], int]]:
    """Counts of roadmap actions by phase and status (assessment id -> counts), for those that have a roadmap."""
    counts = {
        assessment: {}
        for assessment in Roadmap.objects.filter(assessment_id__in=assessment_ids).values_list(
            "assessment_id", flat=True
        )
    }
    rows = (
        RoadmapAction.objects.filter(roadmap__assessment_id__in=assessment_ids)
        .order_by()
        .values_list("roadmap__assessment_id", "phase", "status")
        .annotate(n=Count("id"))
    )
    for assessment, phase, status, number in rows:
        counts[assessment][(phase, status)] = number
    return counts


def _verified_officials(rows) -> set[tuple[int, str]]:
    """(user id, country code) of every verified state official among the users the rows name: one query."""
    users = {user for row in rows for user in (row[6], row[7]) if user is not None}
    return set(
        Official.objects.verified()
        .filter(user_id__in=users, country__isnull=False)
        .values_list("user_id", "country__code")
    )


def shared_assessments(countries: dict[str, str]) -> list[SharedAssessment]:
    """The assessment that counts for each state in each track, scored; nothing else is read."""
    rows = list(
        Sharing.objects.filter(
            level__in=SHARED_LEVELS, current=True, assessment__country__code__in=list(countries)
        ).values_list(
            "assessment_id",
            "assessment__country__code",
            "assessment__framework__track",
            "assessment__framework_id",
            "assessment__created_at",
            "level",
            "assessment__created_by_id",
            "changed_by_id",
        )
    )
    officials = _verified_officials(rows)
    frameworks = {}
    candidates = []
    for assessment, country, track, framework, started, level, started_by, shared_by in rows:
        frameworks[assessment] = framework
        # Started and shared by officials the state verified: nobody else's figures speak for it.
        verified = (started_by, country) in officials and (shared_by, country) in officials
        candidates.append(SharedAssessment(assessment, country, track, level, started, verified=verified, current=True))
    chosen = counted(candidates, countries)
    analyses = _analyses({item.assessment_id: frameworks[item.assessment_id] for item in chosen})
    actions = _action_counts([item.assessment_id for item in chosen if item.level == ROADMAP_SUMMARY])
    return [_scored(analyses, item, actions) for item in chosen]


def _track_view(summary: TrackSummary) -> TrackView:
    statuses = summary.actions
    return TrackView(
        summary=summary,
        label=str(Track(summary.track).label),
        overall=Row(_("All states of the organization"), summary.overall),
        subregions=[Row(subregion_label(code), cell) for code, cell in summary.by_subregion.items()],
        articles=[Row(_("Article %(number)s") % {"number": n}, cell) for n, cell in summary.by_article.items()],
        actions=statuses,
        action_rows=[
            ActionRow(
                label=_("Phase %(number)s") % {"number": phase},
                counts=[statuses.count(phase, status) for status in ACTION_STATUSES],
                total=statuses.phase_total(phase),
            )
            for phase in PHASES
        ]
        if not statuses.withheld
        else [],
    )


def build_regional_report(*, organization: RegionalOrganization) -> RegionalReport:
    """The organization's regional view: aggregates only, each over at least three states (exact from five), or
    withheld."""
    countries = list(organization.countries.order_by("name").values_list("code", "subregion", "name"))
    subregions = {code: subregion for code, subregion, _name in countries}
    tracks = summarise(shared_assessments(subregions), subregions)
    return RegionalReport(
        organization=organization,
        countries=[name for _code, _subregion, name in countries],
        tracks=[_track_view(summary) for summary in tracks],
        generated_on=timezone.localdate(),
    )
