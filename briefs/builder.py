"""The content of an agency brief, and of the parliament brief, assembled in a constant number of queries.

A brief is one or two pages for one agency of the team: what the treaty asks of that kind of
agency (the questions tagged with its type, grouped by treaty article, in the reader's
language), what it gains (curated per agency type), the open gaps of the assessment it owns,
and the roadmap actions it leads, with dates. The framing follows the track: on the
universalization track the brief argues the case for joining to a sceptical ministry, gains
first; on the compliance track it tells the ministry what it must do next, gaps first.

The parliament brief is for the members who oversee the process: where the state stands, the
approval path (the roadmap's milestones) and which laws are needed (the legal actions of the
roadmap, and the binding gaps in the articles that need law: scope, the national control
system and enforcement).

Lists are capped so that the PDF stays within two pages; each capped list says how many items
it left out, and the portal's pages hold them all.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.gaps import GapReport, build_report
from assessments.models import Assessment, SectionAssignment
from assessments.scoring import GAP, Gap, Score, article_number
from frameworks.articles import ARTICLE_TITLES
from frameworks.models import OBLIGATION_RANK, Obligation, Question, Track
from reference import region
from reference.models import Agency, AgencyType
from roadmaps.models import Milestone, Roadmap, RoadmapAction
from roadmaps.selectors import in_reader_language
from roadmaps.services import LAW_MAKERS

from .models import AgencyBenefit

# How much of each list a one- or two-page brief can hold: two questions an article when few articles
# concern the agency, one when many do (foreign affairs and licensing are named in most of them).
MAX_QUESTIONS_PER_ARTICLE = 2
FEW_ARTICLES = 6
MAX_GAPS = 6
MAX_ACTIONS = 6
MAX_LAW_ITEMS = 6

# Articles whose obligations need law: the scope of control (2), the national control system (5), enforcement (14).
LAW_ARTICLES = {"2", "5", "14"}
STRICT_OBLIGATIONS = {Obligation.BINDING, Obligation.QUALIFIED}


@dataclass
class AskedQuestion:
    code: str
    text: str
    obligation: str  # the level's label
    strict: bool  # binding, or binding with a qualifier


@dataclass
class ArticleGroup:
    """The questions of one article (or of none: ``number`` is empty), most binding first."""

    number: str
    title: str
    questions: list[AskedQuestion]
    more: int = 0  # questions of this article left out of the brief


@dataclass
class OpenGap:
    code: str
    text: str
    articles: str
    obligation: str
    standing: str  # the agreed answer's label, "Don't know" or "Agencies disagree"
    is_gap: bool  # a known shortfall (not an open question)


@dataclass
class BriefAction:
    title: str
    start: date
    end: date
    status: str
    lead: str
    done: bool


@dataclass
class PathStep:
    title: str
    due: date
    done: bool
    is_parliament: bool


@dataclass
class Brief:
    """Everything one brief shows; the HTML page and the PDF are two renderings of it."""

    assessment: Assessment
    agency: Agency | None  # None: the parliament brief
    agency_type: AgencyType | None
    language: str
    generated_on: date
    persuade: bool  # universalization: argue the case for joining; compliance: say what to do next
    benefit: AgencyBenefit | None
    asks: list[ArticleGroup]
    asked_total: int
    gaps: list[OpenGap]
    gaps_total: int
    unanswered: int  # owned questions nobody has answered yet (not listed as gaps)
    actions: list[BriefAction]
    actions_total: int
    has_roadmap: bool
    country_facts: object = None
    readiness: Score | None = None
    # The parliament brief only.
    path: list[PathStep] = field(default_factory=list)
    laws: list[BriefAction] = field(default_factory=list)
    laws_total: int = 0
    law_gaps: list[OpenGap] = field(default_factory=list)
    law_gaps_total: int = 0

    @property
    def is_parliament(self) -> bool:
        return self.agency is None

    @property
    def reader(self) -> str:
        return str(self.agency) if self.agency is not None else _("Parliament")

    @property
    def order(self) -> list[str]:
        """The agency brief's parts: the case for joining opens with the gains; the compliance brief with the gaps."""
        return ["gains", "asks", "gaps", "actions"] if self.persuade else ["gaps", "actions", "asks", "gains"]

    @property
    def title(self) -> str:
        if self.is_parliament:
            return _("Parliament brief on the Arms Trade Treaty: %(country)s") % {
                "country": self.assessment.country.display_name
            }
        if self.persuade:
            return _("Why the Arms Trade Treaty matters to %(agency)s") % {"agency": self.reader}
        return _("What %(agency)s must do next under the Arms Trade Treaty") % {"agency": self.reader}

    def benefit_html(self, name: str) -> str:
        return self.benefit.html_for(name, self.language) if self.benefit is not None else ""

    @property
    def benefits_html(self) -> str:
        return self.benefit_html("benefits")

    @property
    def framing_html(self) -> str:
        return self.benefit_html("universalization_pitch" if self.persuade else "compliance_next_steps")


def _strict(question: Question) -> bool:
    return question.obligation in STRICT_OBLIGATIONS


def _first_article(question: Question) -> str:
    return article_number(question.articles[0]) if question.articles else ""


def group_by_article(questions: list[Question], language: str) -> tuple[list[ArticleGroup], int]:
    """Questions grouped by the first treaty article they name (those naming none last), each group
    most binding first and capped; returns the groups and the number of questions in them all."""
    grouped = defaultdict(list)
    for question in questions:
        grouped[_first_article(question)].append(question)
    cap = MAX_QUESTIONS_PER_ARTICLE if len(grouped) <= FEW_ARTICLES else 1
    groups = []
    for number in sorted(grouped, key=lambda n: int(n) if n else 99):
        members = sorted(
            grouped[number], key=lambda q: (OBLIGATION_RANK[q.obligation], -q.weight, q.section.order, q.order)
        )
        shown = members[:cap]
        groups.append(
            ArticleGroup(
                number=number,
                title=str(ARTICLE_TITLES.get(number, "")) if number else _("Beyond a single article"),
                questions=[
                    AskedQuestion(q.code, q.translated("text", language), q.get_obligation_display(), _strict(q))
                    for q in shown
                ],
                more=len(members) - len(shown),
            )
        )
    return groups, len(questions)


def _standing(gap: Gap, question: Question) -> str:
    if gap.question.disputed:
        return _("Agencies disagree")
    for option in question.scale.options.all():
        if option.value == gap.question.value:
            return option.translated("label")
    return gap.question.value or ""


def _open_gap(gap: Gap, question: Question, language: str) -> OpenGap:
    return OpenGap(
        code=question.code,
        text=question.translated("text", language),
        articles=", ".join(question.articles),
        obligation=question.get_obligation_display(),
        standing=_standing(gap, question),
        is_gap=gap.kind == GAP,
    )


def _is_open(gap: Gap) -> bool:
    """A known shortfall, a "don't know" or an open dispute; a question nobody answered yet is counted apart."""
    return gap.kind == GAP or gap.question.disputed or gap.question.value is not None


def _brief_action(action: RoadmapAction) -> BriefAction:
    return BriefAction(
        title=action.in_reader_language().title,
        start=action.start,
        end=action.end,
        status=action.get_status_display(),
        lead=str(action.lead_agency or action.lead_agency_type or "—"),
        done=action.status == "done",
    )


def _roadmap(assessment: Assessment) -> Roadmap | None:
    return Roadmap.objects.filter(assessment=assessment).first()


def _benefit(agency_type_code: str) -> AgencyBenefit | None:
    return AgencyBenefit.objects.select_related("agency_type").filter(agency_type__code=agency_type_code).first()


def _frame(assessment: Assessment) -> dict:
    language = translation.get_language() or "en"
    return {
        "assessment": assessment,
        "language": language,
        "generated_on": timezone.localdate(),
        "persuade": assessment.track == Track.UNIVERSALIZATION,
        "country_facts": region.state_rows([assessment.country])[0],
    }


def build_agency_brief(*, assessment: Assessment, agency: Agency, report: GapReport | None = None) -> Brief:
    """The brief of one agency of the team, in the active language."""
    frame = _frame(assessment)
    language = frame["language"]
    report = report or build_report(assessment)
    questions = list(report.questions.values())
    asked = [q for q in questions if any(t.pk == agency.agency_type_id for t in q.agency_types.all())]
    asks, asked_total = group_by_article(asked, language)

    assigned = set(
        SectionAssignment.objects.filter(assessment=assessment, agency=agency).values_list("section_id", flat=True)
    )
    asked_ids = {q.pk for q in asked}
    owned = [
        gap
        for gap in report.analysis.gaps
        if gap.question.id in asked_ids or report.questions[gap.question.id].section_id in assigned
    ]
    open_gaps = [gap for gap in owned if _is_open(gap)]

    roadmap = _roadmap(assessment)
    led = []
    if roadmap is not None:
        led = list(
            roadmap.actions.filter(lead_agency=agency)
            .exclude(status="dropped")
            .select_related("lead_agency", "lead_agency_type", "template")
            .order_by("start", "order", "code")
        )
    return Brief(
        **frame,
        agency=agency,
        agency_type=agency.agency_type,
        benefit=_benefit(agency.agency_type.code),
        asks=asks,
        asked_total=asked_total,
        gaps=[_open_gap(gap, report.questions[gap.question.id], language) for gap in open_gaps[:MAX_GAPS]],
        gaps_total=len(open_gaps),
        unanswered=len(owned) - len(open_gaps),
        actions=[_brief_action(action) for action in led[:MAX_ACTIONS]],
        actions_total=len(led),
        has_roadmap=roadmap is not None,
        readiness=report.analysis.overall,
    )


def _in_law_articles(question: Question) -> bool:
    return any(article_number(ref) in LAW_ARTICLES for ref in question.articles)


def _is_legal_action(action: RoadmapAction) -> bool:
    """Led by a law-maker (justice, parliament), or closing a binding gap in an article that needs law."""
    lead_type = action.lead_agency.agency_type.code if action.lead_agency else None
    if (action.lead_agency_type and action.lead_agency_type.code in LAW_MAKERS) or lead_type in LAW_MAKERS:
        return True
    return any(_strict(question) and _in_law_articles(question) for question in action.gaps.all())


def _path_step(milestone: Milestone) -> PathStep:
    return PathStep(
        title=milestone.title,
        due=milestone.due,
        done=milestone.done,
        is_parliament=milestone.code == "parliament",
    )


def build_parliament_brief(*, assessment: Assessment, report: GapReport | None = None) -> Brief:
    """The parliament brief: where the state stands, the approval path and the laws needed."""
    frame = _frame(assessment)
    language = frame["language"]
    report = report or build_report(assessment)
    questions = list(report.questions.values())
    asked = [q for q in questions if any(t.code == "parliament" for t in q.agency_types.all())]
    asks, asked_total = group_by_article(asked, language)
    law_gaps = [
        gap
        for gap in report.analysis.gaps
        if _is_open(gap)
        and gap.question.obligation in STRICT_OBLIGATIONS
        and _in_law_articles(report.questions[gap.question.id])
    ]

    roadmap = _roadmap(assessment)
    path, laws = [], []
    if roadmap is not None:
        actions = list(
            roadmap.actions.exclude(status="dropped")
            .select_related("lead_agency__agency_type", "lead_agency_type", "template")
            .prefetch_related("gaps")
            .order_by("start", "order", "code")
        )
        path = [_path_step(m) for m in in_reader_language(list(roadmap.milestones.order_by("due", "order")), actions)]
        laws = [action for action in actions if _is_legal_action(action)]
    return Brief(
        **frame,
        agency=None,
        agency_type=None,
        benefit=_benefit("parliament"),
        asks=asks,
        asked_total=asked_total,
        gaps=[],
        gaps_total=0,
        unanswered=0,
        actions=[],
        actions_total=0,
        has_roadmap=roadmap is not None,
        readiness=report.analysis.overall,
        path=path,
        laws=[_brief_action(action) for action in laws[:MAX_LAW_ITEMS]],
        laws_total=len(laws),
        law_gaps=[_open_gap(gap, report.questions[gap.question.id], language) for gap in law_gaps[:MAX_LAW_ITEMS]],
        law_gaps_total=len(law_gaps),
    )
