"""Readiness scoring and gap analysis: a pure core over plain values.

Nothing here touches Django or the database. Callers turn questions and their effective answers into
`QuestionInput` values; this module turns those into numbers a team can defend and a list of gaps to work on.
Keeping it pure makes the rules (what counts, what is left out, what is ranked first) easy to test and to explain.

The rules, in one place:

* Readiness is a weighted mean of known scores; a question weighs `weight * OBLIGATION_FACTOR[obligation]`, so a
  binding obligation matters more than good practice of the same weight.
* "Don't know", unanswered and unresolved disputes are *to investigate*: never a zero (that would punish honesty
  about not knowing) and never ignored (they lower coverage and appear as gaps, so they cannot hide).
* "Not applicable" leaves the denominator altogether; its reason stays on the question for the report.
* A readiness that rests on fewer than half of the applicable questions (`LOW_COVERAGE`) is shown as *low
  coverage*: one known answer out of six can give 100 %, and a reader must see how little stands behind it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

OBLIGATION_ORDER = ("binding", "qualified", "encouraged", "optional", "good_practice")  # most binding first
OBLIGATION_FACTOR = {"binding": 3.0, "qualified": 2.0, "encouraged": 1.0, "optional": 0.5, "good_practice": 0.5}

MIN_WEIGHT = 1
MAX_WEIGHT = 5
NOT_APPLICABLE_VALUE = "not_applicable"
LOW_COVERAGE = 0.5  # below this share of applicable questions known, a readiness is flagged as low coverage

GAP = "gap"
INVESTIGATE = "investigate"
_KIND_RANK = {GAP: 0, INVESTIGATE: 1}


@dataclass(frozen=True)
class QuestionInput:
    """One question with its effective answer, reduced to what scoring needs.

    Validated on creation so that a bad bank or a bad adapter fails loudly here instead of skewing a number
    that a ministry will read. Lists given for `articles` or `owners` are frozen into tuples.
    """

    id: int
    code: str
    section: str
    articles: tuple[str, ...]
    obligation: str
    weight: int
    value: str | None
    score: float | None
    not_applicable: bool = False
    reason: str = ""
    disputed: bool = False
    owners: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "articles", tuple(self.articles))
        object.__setattr__(self, "owners", tuple(self.owners))
        if self.obligation not in OBLIGATION_FACTOR:
            raise ValueError(f"question {self.code}: obligation must be one of {', '.join(OBLIGATION_ORDER)}")
        if not MIN_WEIGHT <= self.weight <= MAX_WEIGHT:
            raise ValueError(f"question {self.code}: weight must be between {MIN_WEIGHT} and {MAX_WEIGHT}")
        if self.score is not None and not 0.0 <= self.score <= 1.0:
            raise ValueError(f"question {self.code}: score must be between 0 and 1")
        for ref in self.articles:
            article_number(ref)


@dataclass(frozen=True)
class Score:
    """The readiness of a group of questions, with the counts that say how far to trust it."""

    readiness: float | None
    answered: int
    to_investigate: int
    not_applicable: int
    total: int
    question_ids: tuple[int, ...]

    @property
    def coverage(self) -> float | None:
        """Share of applicable questions with a known score: a high readiness on low coverage is a weak claim."""
        applicable = self.total - self.not_applicable
        if applicable == 0:
            return None
        return self.answered / applicable

    @property
    def low_coverage(self) -> bool:
        """A readiness that rests on fewer than half of the applicable questions: shown, but flagged.

        No readiness (nothing known) is not low coverage: there is no number to distrust."""
        return self.readiness is not None and self.coverage is not None and self.coverage < LOW_COVERAGE


@dataclass(frozen=True)
class Gap:
    """A question that needs work: a known shortfall ("gap") or an answer nobody can give yet ("investigate")."""

    question: QuestionInput
    kind: str
    severity: float


@dataclass(frozen=True)
class GapAnalysis:
    """Everything the gap-analysis report shows: overall, per section, per treaty article, and the ranked gaps."""

    overall: Score
    by_section: dict[str, Score]
    by_article: dict[str, Score]
    gaps: tuple[Gap, ...]


class _Status(Enum):
    KNOWN = "known"
    INVESTIGATE = "investigate"
    NOT_APPLICABLE = "not_applicable"


def article_number(ref: str) -> str:
    """The top-level article of an ATT reference ("7(1)(b)(ii)" -> "7"), so sub-paragraphs roll up to articles."""
    stripped = ref.strip()
    number = stripped.split("(", 1)[0].strip()
    if not number.isdecimal():  # not isdigit: "²" is a digit that int() refuses
        raise ValueError(f"article reference {ref!r} does not start with an article number")
    return str(int(number))


def question_weight(q: QuestionInput) -> float:
    """How much a question counts: its bank weight scaled by how binding the obligation behind it is."""
    return q.weight * OBLIGATION_FACTOR[q.obligation]


def _status(q: QuestionInput) -> _Status:
    """Classify a question once, so every count and gap uses the same reading of its answer.

    An open dispute wins over everything else, even a score or a not-applicable claim, because no agreed answer
    exists yet. A "not_applicable" value is honoured even without the flag, so an adapter slip cannot turn it
    into an investigation.
    """
    if q.disputed:
        return _Status.INVESTIGATE
    if q.not_applicable or q.value == NOT_APPLICABLE_VALUE:
        return _Status.NOT_APPLICABLE
    if q.value is None or q.score is None:
        return _Status.INVESTIGATE
    return _Status.KNOWN


def _weighted_mean(known: tuple[QuestionInput, ...]) -> float | None:
    """Weighted mean of known scores; None when nothing is known, because 0 would claim a measured failure."""
    if not known:
        return None
    total_weight = math.fsum(question_weight(q) for q in known)
    return math.fsum(q.score * question_weight(q) for q in known) / total_weight


def score_group(questions: Iterable[QuestionInput]) -> Score:
    """Score any group of questions (all, one section, one article) by the same rules."""
    group = tuple(questions)
    statuses = [_status(q) for q in group]
    known = tuple(q for q, status in zip(group, statuses, strict=True) if status is _Status.KNOWN)
    return Score(
        readiness=_weighted_mean(known),
        answered=len(known),
        to_investigate=statuses.count(_Status.INVESTIGATE),
        not_applicable=statuses.count(_Status.NOT_APPLICABLE),
        total=len(group),
        question_ids=tuple(q.id for q in group),
    )


def _gap_for(q: QuestionInput) -> Gap | None:
    """The gap a question represents, if any: N/A and full scores need no work."""
    status = _status(q)
    if status is _Status.INVESTIGATE:
        return Gap(question=q, kind=INVESTIGATE, severity=question_weight(q))
    if status is _Status.KNOWN and q.score < 1.0:
        return Gap(question=q, kind=GAP, severity=(1.0 - q.score) * question_weight(q))
    return None


def _gap_order(gap: Gap) -> tuple:
    """Most binding first, then heaviest, known gaps before investigations, worst score first, then by code.

    The question id breaks the last ties so that the order never depends on input order.
    """
    q = gap.question
    score = q.score if gap.kind == GAP else 0.0
    return (OBLIGATION_ORDER.index(q.obligation), -q.weight, _KIND_RANK[gap.kind], score, q.code, q.id)


def _group_by_section(questions: tuple[QuestionInput, ...]) -> dict[str, list[QuestionInput]]:
    groups: dict[str, list[QuestionInput]] = {}
    for q in questions:
        groups.setdefault(q.section, []).append(q)
    return groups


def _group_by_article(questions: tuple[QuestionInput, ...]) -> dict[str, list[QuestionInput]]:
    """Top-level articles in numeric order; a question counts once in each article it names."""
    groups: dict[str, list[QuestionInput]] = {}
    for q in questions:
        for number in dict.fromkeys(article_number(ref) for ref in q.articles):
            groups.setdefault(number, []).append(q)
    return {number: groups[number] for number in sorted(groups, key=int)}


def _check_unique_ids(questions: tuple[QuestionInput, ...]) -> None:
    """A repeated question would be counted twice and silently tilt every number it touches."""
    seen: set[int] = set()
    for q in questions:
        if q.id in seen:
            raise ValueError(f"question id {q.id} appears more than once")
        seen.add(q.id)


def analyse(questions: Iterable[QuestionInput]) -> GapAnalysis:
    """The full gap analysis of one assessment: overall score, per section, per article, and ranked gaps."""
    group = tuple(questions)
    _check_unique_ids(group)
    gaps = (gap for gap in map(_gap_for, group) if gap is not None)
    return GapAnalysis(
        overall=score_group(group),
        by_section={section: score_group(qs) for section, qs in _group_by_section(group).items()},
        by_article={number: score_group(qs) for number, qs in _group_by_article(group).items()},
        gaps=tuple(sorted(gaps, key=_gap_order)),
    )


def gaps_for_agency(analysis: GapAnalysis, owner: str) -> tuple[Gap, ...]:
    """The gaps one agency owns, in the analysis's order, so each agency sees its own worklist first-things-first."""
    return tuple(gap for gap in analysis.gaps if owner in gap.question.owners)
