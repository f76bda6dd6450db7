"""Turn a roadmap's actions into dated slots.

A national roadmap is split into three phases (first 6 months, 6-18 months, 18-36 months) so that a
team can see what to do first. Actions also depend on each other (the law comes before the procedures
that apply it, and the procedures before the training on them), so a date that only respects the phase
would be a promise the team cannot keep. This module is the pure core of that calculation: plain values
in, plain values out, no Django and no database, so the rules can be tested on their own and reused by
views, PDF exports and management commands alike.
"""

import calendar
import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

__all__ = [
    "PHASE_END_MONTH",
    "PHASE_START_MONTH",
    "ActionSpec",
    "CycleError",
    "Slot",
    "add_months",
    "months_between",
    "order_actions",
    "phase_for_offset",
    "schedule",
]

# Month offsets from the roadmap start: phase 1 = first 6 months, 2 = months 6-18, 3 = months 18-36.
PHASE_START_MONTH: dict[int, int] = {1: 0, 2: 6, 3: 18}
PHASE_END_MONTH: dict[int, int] = {1: 6, 2: 18, 3: 36}


@dataclass(frozen=True)
class ActionSpec:
    """What the roadmap knows about an action before it is dated.

    ``requires`` lists prerequisite codes. Codes that are not among the specs being scheduled are
    ignored: the roadmap only holds the actions for the gaps found, so a prerequisite that is already
    in place simply does not appear.
    """

    code: str
    phase: int
    duration_months: int
    requires: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Checked here so that a bad question bank fails loudly at load time, not as a wrong date later.
        if self.phase not in PHASE_START_MONTH:
            raise ValueError(f"{self.code}: phase must be one of {sorted(PHASE_START_MONTH)}, not {self.phase!r}")
        if self.duration_months < 1:
            raise ValueError(f"{self.code}: duration_months must be at least 1, not {self.duration_months!r}")
        if isinstance(self.requires, str):
            # A bare string would be read as a tuple of one-letter codes and silently ignored.
            raise TypeError(f"{self.code}: requires must be a tuple of codes, not a string")


@dataclass(frozen=True)
class Slot:
    """An action placed on the calendar.

    ``phase`` is the phase the action actually falls in, which can be later than the one asked for
    when its prerequisites only finish later: the roadmap must show the team the real picture.
    """

    code: str
    start: date
    end: date
    phase: int


class CycleError(ValueError):
    """Prerequisites that loop back on themselves, so no action in the loop can ever start.

    ``codes`` holds the loop in order, starting from its alphabetically first code; the message names
    them so that whoever curates the question bank can find and break the loop.
    """

    def __init__(self, codes: Iterable[str]) -> None:
        self.codes: tuple[str, ...] = tuple(codes)
        loop = " -> ".join((*self.codes, self.codes[0])) if self.codes else ""
        super().__init__(f"Action prerequisites form a cycle: {loop}")


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, clamped to the end of a shorter month.

    Planning works in months ("legal review: 9 months"), and a plan that starts on 31 January must
    still have a date in February rather than spill into March: 31 Jan + 1 month = 28 (or 29) Feb.
    Negative ``months`` move backwards by the same rule.
    """
    years, month_index = divmod(day.month - 1 + months, 12)
    year = day.year + years
    month = month_index + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def months_between(start: date, day: date) -> int:
    """Whole calendar months from ``start`` to ``day``: the largest ``n`` with ``add_months(start, n) <= day``.

    Defined through ``add_months`` so that an action placed at ``add_months(start, 6)`` is always
    counted as exactly 6 months in, even when month-end clamping is involved (31 Jan + 6 = 31 Jul,
    31 Aug + 6 = 28 Feb).
    """
    months = (day.year - start.year) * 12 + day.month - start.month
    if add_months(start, months) > day:
        months -= 1
    return months


def phase_for_offset(months: int) -> int:
    """The phase whose window holds a start ``months`` after the roadmap start.

    Anything from month 18 on is phase 3, including actions pushed past the 36-month horizon: the
    roadmap has no fourth phase, and such an action still belongs to the last one.
    """
    if months < PHASE_END_MONTH[1]:
        return 1
    if months < PHASE_END_MONTH[2]:
        return 2
    return 3


def _index_by_code(specs: Iterable[ActionSpec]) -> dict[str, ActionSpec]:
    by_code: dict[str, ActionSpec] = {}
    for spec in specs:
        if spec.code in by_code:
            # Two specs with one code would make "requires" ambiguous; the roadmap holds each action once.
            raise ValueError(f"Duplicate action code: {spec.code}")
        by_code[spec.code] = spec
    return by_code


def _prerequisites(spec: ActionSpec, by_code: dict[str, ActionSpec]) -> list[str]:
    """The prerequisites that are in the set, each once, in a stable order."""
    return sorted({code for code in spec.requires if code in by_code})


def _find_cycle(remaining: dict[str, ActionSpec], by_code: dict[str, ActionSpec]) -> list[str]:
    """One prerequisite loop among the actions a topological sort could not place.

    Every such action still waits for at least one other such action, so following prerequisites from
    any of them must eventually revisit one; the revisited stretch is a loop. Choosing the smallest code
    at each step keeps the error message the same from run to run.
    """
    path: list[str] = []
    seen: dict[str, int] = {}
    code = min(remaining)
    while code not in seen:
        seen[code] = len(path)
        path.append(code)
        code = min(c for c in _prerequisites(remaining[code], by_code) if c in remaining)
    loop = path[seen[code] :]
    first = loop.index(min(loop))
    return loop[first:] + loop[:first]


def order_actions(specs: Iterable[ActionSpec]) -> list[ActionSpec]:
    """Actions with every prerequisite before the actions that need it.

    Among actions that are free to go next, the earlier phase comes first, then the code, so the order
    (and therefore the roadmap and its PDF) does not depend on the order the actions were loaded in.

    Raises ``CycleError`` naming the codes in a loop, and ``ValueError`` on duplicate codes.
    """
    by_code = _index_by_code(specs)
    waiting_on: dict[str, int] = {}
    needed_by: dict[str, list[str]] = {code: [] for code in by_code}
    for code, spec in by_code.items():
        prerequisites = _prerequisites(spec, by_code)
        waiting_on[code] = len(prerequisites)
        for prerequisite in prerequisites:
            needed_by[prerequisite].append(code)

    ready = [(spec.phase, code) for code, spec in by_code.items() if waiting_on[code] == 0]
    heapq.heapify(ready)
    ordered: list[ActionSpec] = []
    while ready:
        _, code = heapq.heappop(ready)
        ordered.append(by_code[code])
        for dependant in needed_by[code]:
            waiting_on[dependant] -= 1
            if waiting_on[dependant] == 0:
                heapq.heappush(ready, (by_code[dependant].phase, dependant))

    if len(ordered) < len(by_code):
        placed = {spec.code for spec in ordered}
        remaining = {code: spec for code, spec in by_code.items() if code not in placed}
        raise CycleError(_find_cycle(remaining, by_code))
    return ordered


def schedule(
    specs: Iterable[ActionSpec], *, start: date, pinned: Mapping[str, tuple[date | None, date | None]] | None = None
) -> list[Slot]:
    """Dated slots for the actions, in ``order_actions`` order.

    An action starts at the later of its phase's first day and the latest end of its prerequisites in
    the set, and runs for ``duration_months`` calendar months. Its slot's phase is the one whose window
    holds that start, never earlier than the phase asked for, so a law that overruns shows up as
    pushing its procedures into a later phase instead of being hidden.

    ``pinned`` maps a code to the (start, end) the team set by hand, either of them None when the team
    left it to the plan. A pinned date is kept as it is, and the actions after it are dated from it: the
    plan follows the team, never the other way round. A start the team set keeps the action's duration;
    an end the team set before the planned start pulls the start back to it (the team's date wins, and
    the roadmap then warns that the action starts before its prerequisite ends).
    """
    pinned = pinned or {}
    ordered = order_actions(specs)
    in_set = {spec.code for spec in ordered}
    ends: dict[str, date] = {}
    slots: list[Slot] = []
    for spec in ordered:
        pinned_start, pinned_end = pinned.get(spec.code, (None, None))
        action_start = add_months(start, PHASE_START_MONTH[spec.phase])
        for prerequisite in spec.requires:
            if prerequisite in in_set:
                action_start = max(action_start, ends[prerequisite])
        if pinned_start is not None:
            action_start = pinned_start
        if pinned_end is not None:
            action_start = min(action_start, pinned_end)
        action_end = pinned_end if pinned_end is not None else add_months(action_start, spec.duration_months)
        ends[spec.code] = action_end
        phase = max(spec.phase, phase_for_offset(months_between(start, action_start)))
        slots.append(Slot(code=spec.code, start=action_start, end=action_end, phase=phase))
    return slots
