"""Regional readiness: a pure core over plain values, with no Django and no database.

What goes in is already reduced to numbers: for each assessment its sharing level, its overall readiness, its
readiness per treaty article and, at the roadmap-summary level, how many roadmap actions it has in each phase and
status. Answers, notes and action texts never reach this module, so they cannot reach a regional page.

The rules, in one place:

* Only assessments started and shared by the state's verified officials count, and of those only the one the state's
  coordinator marked as the state's current one, in each track (a newer assessment does not replace it by being
  newer); states outside the organization are ignored.
* Each state counts once in a cell, whatever the size of its question bank: a cell is the plain mean of the states'
  readiness. A state with no known answer for a cell is not in it (no value is not a zero).
* A cell built from fewer than ``MIN_STATES`` states is withheld, and a withheld cell carries neither its value nor
  its number of states. A cell of ``MIN_STATES`` to ``EXACT_STATES - 1`` states gives only the ``BAND`` its mean falls
  in: states that know their own values (two colluding states and the one they target, say) cannot subtract them
  from an exact mean to get the target's value back; from a band they get it no closer than a band's width.
  Per-state values are never in the output.
* The all-states row is shown only when every subregion in which states share is shown exactly, or when all of them
  share in one subregion (then the row is that subregion's cell): otherwise subtracting the shown subregions from
  it, or intersecting its band with theirs, would narrow the hidden states' values.
* Roadmap action counts are sums, which a band does not hide: they show from ``EXACT_STATES`` states.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

MIN_STATES = 3
EXACT_STATES = 5
BAND = 0.1  # ten points of readiness

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
    # Started and shared by verified officials of its state; marked by its coordinator as the state's current one.
    verified: bool = False
    current: bool = False

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"assessment {self.assessment_id}: unknown sharing level {self.level!r}")
        for value in (self.overall, *self.articles.values()):
            if value is not None and not 0.0 <= value <= 1.0:
                raise ValueError(f"assessment {self.assessment_id}: readiness must be between 0 and 1")


@dataclass(frozen=True)
class Cell:
    """A mean over at least EXACT_STATES states; the band of a mean over MIN_STATES to EXACT_STATES - 1 states (then
    ``readiness`` is None); or withheld (then it says nothing, not even how many)."""

    readiness: float | None = None
    states: int | None = None
    band: tuple[float, float] | None = None

    @property
    def withheld(self) -> bool:
        return self.states is None

    @property
    def banded(self) -> bool:
        return self.band is not None


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


def counted(assessments: Iterable[SharedAssessment], countries: Mapping[str, str]) -> list[SharedAssessment]:
    """The assessment that gives each of the organization's states its figure in each track.

    `countries` maps the organization's country codes to their subregions. Only shared, verified assessments marked
    current count; should two be marked, the most recently started wins (the id breaks a tie), so the choice never
    depends on input order.
    """
    chosen: dict[tuple[str, str], SharedAssessment] = {}
    for item in assessments:
        if item.level not in SHARED_LEVELS or item.country not in countries or not (item.verified and item.current):
            continue
        key = (item.country, item.track)
        current = chosen.get(key)
        if current is None or (item.started, item.assessment_id) > (current.started, current.assessment_id):
            chosen[key] = item
    return sorted(chosen.values(), key=lambda item: (item.track, item.country))


def band_of(mean: float) -> tuple[float, float]:
    """The BAND-wide interval the mean falls in: [0.3, 0.4) for 0.34; a mean of 1 falls in the top band."""
    bands = round(1 / BAND)
    index = min(math.floor(mean * bands + 1e-9), bands - 1)
    return (index / bands, (index + 1) / bands)


def mean_cell(values: Iterable[float | None]) -> Cell:
    """The plain mean of the known values; only its band under EXACT_STATES; WITHHELD under MIN_STATES."""
    known = [value for value in values if value is not None]
    if len(known) < MIN_STATES:
        return WITHHELD
    mean = math.fsum(known) / len(known)
    if len(known) < EXACT_STATES:
        return Cell(states=len(known), band=band_of(mean))
    return Cell(readiness=mean, states=len(known))


def _article_order(number: str) -> tuple:
    return (0, int(number)) if number.isdecimal() else (1, number)


def _subregion_cells(states: list[SharedAssessment], countries: Mapping[str, str]) -> tuple[dict[str, Cell], int]:
    """A cell for every subregion of the organization (even one where nobody shares), and in how many subregions
    states with a known readiness share."""
    subregions = sorted(set(countries.values()), key=lambda code: (code == "", code))  # states without one last
    values: dict[str, list[float]] = {subregion: [] for subregion in subregions}
    for state in states:
        if state.overall is not None:
            values[countries[state.country]].append(state.overall)
    cells = {subregion: mean_cell(values[subregion]) for subregion in subregions}
    inexact = [subregion for subregion, cell in cells.items() if values[subregion] and cell.readiness is None]
    populated = [subregion for subregion in subregions if values[subregion]]
    return cells, (len(populated) if inexact else 0)


def _actions(states: list[SharedAssessment]) -> ActionSummary:
    sharing = [state for state in states if state.level == ROADMAP_SUMMARY and state.actions is not None]
    if len(sharing) < EXACT_STATES:
        return ActionSummary()
    counts: dict[tuple[int, str], int] = {}
    for state in sharing:
        for key, number in state.actions.items():
            counts[key] = counts.get(key, 0) + number
    return ActionSummary(states=len(sharing), counts=counts)


def summarise_track(track: str, states: list[SharedAssessment], countries: Mapping[str, str]) -> TrackSummary:
    """One track's aggregates from the states chosen by `counted`."""
    if len(states) < MIN_STATES:
        return TrackSummary(track=track, states=None)
    by_subregion, inexact_among = _subregion_cells(states, countries)
    overall = mean_cell(state.overall for state in states)
    if inexact_among > 1:
        # Some subregion is banded or withheld, and others share too: the row would narrow its states' values.
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
    chosen = counted(assessments, countries)
    return [summarise_track(track, [s for s in chosen if s.track == track], countries) for track in TRACKS]
