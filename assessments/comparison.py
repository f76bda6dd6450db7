"""A follow-up against its baseline: a pure core over plain values, tested without the database.

Two things are compared, each by the key both rounds share:

* **questions, by code.** A new framework version keeps the codes of the questions it carries on;
  a code only in the follow-up's version is *new*, a code only in the baseline's is *retired*.
  The same rule decides which answers a follow-up starts from (assessments/follow_up.py).
* **readiness, by section code and by article number**, as assessments/scoring.py computes it
  for each round. A section or article present in one round only has no change: it is shown
  with the side it has, never as a rise from (or fall to) zero, which would claim a measurement.

And for the roadmap: the actions completed since the baseline, matched by action code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .scoring import GapAnalysis, Score

DONE = "done"


@dataclass(frozen=True)
class QuestionMatch:
    """How two framework versions' questions line up, by code, in the follow-up's order."""

    matched: tuple[str, ...]
    new: tuple[str, ...]  # in the follow-up's version only
    retired: tuple[str, ...]  # in the baseline's version only


def match_questions(baseline_codes: Iterable[str], follow_up_codes: Iterable[str]) -> QuestionMatch:
    """Pair questions by code: the order of each version is kept (follow-up's for matched and new)."""
    before = list(dict.fromkeys(baseline_codes))
    after = list(dict.fromkeys(follow_up_codes))
    known_before, known_after = set(before), set(after)
    return QuestionMatch(
        matched=tuple(code for code in after if code in known_before),
        new=tuple(code for code in after if code not in known_before),
        retired=tuple(code for code in before if code not in known_after),
    )


@dataclass(frozen=True)
class Change:
    """One line of the comparison: a section, an article or the whole, before and after."""

    key: str
    before: float | None
    after: float | None
    in_baseline: bool = True
    in_follow_up: bool = True

    @property
    def delta(self) -> float | None:
        """After minus before, when both rounds measured it; None otherwise (unknown is not zero)."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def points(self) -> int | None:
        """The change in whole percentage points, as the pages print readiness in whole percents."""
        if self.delta is None:
            return None
        return round(100 * self.after) - round(100 * self.before)

    @property
    def direction(self) -> str:
        """Up, down, same, or unknown when one side has no measure (or the line exists on one side only)."""
        points = self.points
        if points is None:
            return "unknown"
        return "up" if points > 0 else "down" if points < 0 else "same"


@dataclass(frozen=True)
class Comparison:
    overall: Change
    by_section: tuple[Change, ...]
    by_article: tuple[Change, ...]
    questions: QuestionMatch


def _readiness(score: Score | None) -> float | None:
    return score.readiness if score is not None else None


def _changes(before: Mapping[str, Score], after: Mapping[str, Score], order: list[str]) -> tuple[Change, ...]:
    return tuple(
        Change(
            key=key,
            before=_readiness(before.get(key)),
            after=_readiness(after.get(key)),
            in_baseline=key in before,
            in_follow_up=key in after,
        )
        for key in order
    )


def _keys_in_order(after: Iterable[str], before: Iterable[str]) -> list[str]:
    """The follow-up's keys in its order, then any the baseline alone had, in the baseline's order."""
    return list(dict.fromkeys([*after, *before]))


def compare(
    *,
    baseline: GapAnalysis,
    follow_up: GapAnalysis,
    baseline_codes: Iterable[str],
    follow_up_codes: Iterable[str],
) -> Comparison:
    """Readiness before and after, overall, by section and by article, and the questions matched by code."""
    articles = sorted(set(baseline.by_article) | set(follow_up.by_article), key=int)
    return Comparison(
        overall=Change(key="", before=baseline.overall.readiness, after=follow_up.overall.readiness),
        by_section=_changes(
            baseline.by_section,
            follow_up.by_section,
            _keys_in_order(follow_up.by_section, baseline.by_section),
        ),
        by_article=_changes(baseline.by_article, follow_up.by_article, articles),
        questions=match_questions(baseline_codes, follow_up_codes),
    )


def completed_since(*, baseline_statuses: Mapping[str, str], follow_up_statuses: Mapping[str, str]) -> list[str]:
    """Codes of the follow-up's actions that are done now and were not done in the baseline's roadmap.

    An action done already at the baseline (and carried over as done) is not progress of this round.
    The follow-up's order is kept.
    """
    return [
        code for code, status in follow_up_statuses.items() if status == DONE and baseline_statuses.get(code) != DONE
    ]
