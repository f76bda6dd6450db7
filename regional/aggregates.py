"""Regional readiness: a pure core over plain values, with no Django and no database.

What goes in is already reduced to numbers: for each assessment its sharing level, its overall readiness, its
readiness per treaty article and, at the roadmap-summary level, how many roadmap actions it has in each phase and
status. Answers, notes and action texts never reach this module, so they cannot reach a regional page.

The rules, in one place:

* Only assessments shared by their coordinator count, and of those only the latest one of each state in each track
  (a follow-up replaces its baseline); states outside the organization are ignored.
* Each state counts once in a cell, whatever the size of its question bank: a cell is the plain mean of the states'
  readiness. A state with no known answer for a cell is not in it (no value is not a zero).
* A cell built from fewer than ``MIN_STATES`` states is withheld, and a withheld cell carries neither its value nor
  its number of states. Per-state values are never in the output.
* The all-states row is withheld too when the states hidden in withheld subregions number one or two: subtracting
  the shown subregions from it would otherwise give those states' value back.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

MIN_STATES = 3

PRIVATE = "private"
AGGREGATED = "aggregated"
ROADMAP_SUMMARY = "roadmap_summary"
SHARED_LEVELS = (AGGREGATED, ROADMAP_SUMMARY)
LEVELS = (PRIVATE, *SHARED_LEVELS)

TRACKS = ("universalization", "compliance")
PHASES = (1, 2, 3)
ACTION_STATUSES = ("planned", "in_progress", "done", "dropped")


@dataclass(frozen=True)
class SharedAssessment:
    """One assessment, reduced to what it may contribute; private ones are dropped by the core itself."""

    assessment_id: int
    country: str
    track: str
    level: str
    started: datetime
    overall: float | None = None
    articles: Mapping[str, float | None] = field(default_factory=dict)
    actions: Mapping[tuple[int, str], int] | None = None  # (phase, status) -> count; None: no roadmap

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"assessment {self.assessment_id}: unknown sharing level {self.level!r}")
        for value in (self.overall, *self.articles.values()):
            if value is not None and not 0.0 <= value <= 1.0:
                raise ValueError(f"assessment {self.assessment_id}: readiness must be between 0 and 1")


@dataclass(frozen=True)
class Cell:
    """A mean over at least MIN_STATES states, or withheld (then it says nothing, not even how many)."""

    readiness: float | None = None
    states: int | None = None

    @property
    def withheld(self) -> bool:
        return self.states is None


WITHHELD = Cell()


@dataclass(frozen=True)
class ActionSummary:
    """Roadmap actions by phase and status, summed over the states that share their roadmap summary."""

    states: int | None = None  # None: withheld
    counts: Mapping[tuple[int, str], int] = field(default_factory=dict)

    @property
    def withheld(self) -> bool:
        return self.states is None

    def count(self, phase: int, status: str) -> int:
        return self.counts.get((phase, status), 0)

    def phase_total(self, phase: int) -> int:
        return sum(self.count(phase, status) for status in ACTION_STATUSES)


@dataclass(frozen=True)
class TrackSummary:
    """One track's regional picture; ``withheld`` when fewer than MIN_STATES states share in it at all."""

    track: str
    states: int | None  # None: withheld, like a cell
    overall: Cell = WITHHELD
    by_subregion: Mapping[str, Cell] = field(default_factory=dict)
    by_article: Mapping[str, Cell] = field(default_factory=dict)
    actions: ActionSummary = ActionSummary()

    @property
    def withheld(self) -> bool:
        return self.states is None


def latest_shared(assessments: Iterable[SharedAssessment], countries: Mapping[str, str]) -> list[SharedAssessment]:
    """The latest shared assessment of each of the organization's states in each track.

    `countries` maps the organization's country codes to their subregions. "Latest" is the most recently started;
    the assessment id breaks a tie, so the choice never depends on input order.
    """
    latest: dict[tuple[str, str], SharedAssessment] = {}
    for item in assessments:
        if item.level not in SHARED_LEVELS or item.country not in countries:
            continue
        key = (item.country, item.track)
        current = latest.get(key)
        if current is None or (item.started, item.assessment_id) > (current.started, current.assessment_id):
            latest[key] = item
    return sorted(latest.values(), key=lambda item: (item.track, item.country))


def mean_cell(values: Iterable[float | None]) -> Cell:
    """The plain mean of the known values, or WITHHELD when fewer than MIN_STATES are known."""
    known = [value for value in values if value is not None]
    if len(known) < MIN_STATES:
        return WITHHELD
    return Cell(readiness=math.fsum(known) / len(known), states=len(known))


def _article_order(number: str) -> tuple:
    return (0, int(number)) if number.isdecimal() else (1, number)


def _subregion_cells(states: list[SharedAssessment], countries: Mapping[str, str]) -> tuple[dict[str, Cell], int]:
    """A cell for every subregion of the organization (even one where nobody shares), and how many states with a
    known readiness the withheld cells hide."""
    subregions = sorted(set(countries.values()), key=lambda code: (code == "", code))  # states without one last
    values: dict[str, list[float]] = {subregion: [] for subregion in subregions}
    for state in states:
        if state.overall is not None:
            values[countries[state.country]].append(state.overall)
    cells = {subregion: mean_cell(values[subregion]) for subregion in subregions}
    hidden = sum(len(values[subregion]) for subregion, cell in cells.items() if cell.withheld)
    return cells, hidden


def _actions(states: list[SharedAssessment]) -> ActionSummary:
    sharing = [state for state in states if state.level == ROADMAP_SUMMARY and state.actions is not None]
    if len(sharing) < MIN_STATES:
        return ActionSummary()
    counts: dict[tuple[int, str], int] = {}
    for state in sharing:
        for key, number in state.actions.items():
            counts[key] = counts.get(key, 0) + number
    return ActionSummary(states=len(sharing), counts=counts)


def summarise_track(track: str, states: list[SharedAssessment], countries: Mapping[str, str]) -> TrackSummary:
    """One track's aggregates from the states chosen by `latest_shared`."""
    if len(states) < MIN_STATES:
        return TrackSummary(track=track, states=None)
    by_subregion, hidden = _subregion_cells(states, countries)
    overall = mean_cell(state.overall for state in states)
    if 0 < hidden < MIN_STATES:
        overall = WITHHELD
    articles = sorted({number for state in states for number in state.articles}, key=_article_order)
    return TrackSummary(
        track=track,
        states=len(states),
        overall=overall,
        by_subregion=by_subregion,
        by_article={number: mean_cell(state.articles.get(number) for state in states) for number in articles},
        actions=_actions(states),
    )


def summarise(assessments: Iterable[SharedAssessment], countries: Mapping[str, str]) -> list[TrackSummary]:
    """The regional view of an organization: one summary per track, in a fixed order, whoever shares.

    Every track is listed even where nobody shares, so that the page's shape reveals nothing either.
    """
    chosen = latest_shared(assessments, countries)
    return [summarise_track(track, [s for s in chosen if s.track == track], countries) for track in TRACKS]
