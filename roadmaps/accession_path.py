"""The domestic path to joining the Arms Trade Treaty, in its legal order, as data.

A State cannot deposit an instrument it has not executed, nor execute one before the cabinet (and,
where the constitution asks for it, parliament) has approved joining. The question bank links each gap
to an action and says which actions need which, but a bank is written question by question and can miss
a link (the instrument once followed the cabinet paper only, and so was dated before parliament had
voted). This module states the path once, keyed on action codes (not on bank files, which are renamed
and re-versioned), and derives from it:

* the prerequisites the path implies: each step on the path waits for the step before it that is in
  the roadmap (``arrange``), and parliamentary approval leaves the plan when parliament need not approve;
* the date of each milestone on the path (``step_dates``): the end of the action that achieves it when
  that action is in the roadmap, otherwise a planning default counted from the step before it.

Pure: plain values in and out, no Django, no database.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from .scheduling import ActionSpec, add_months

__all__ = [
    "INSTRUMENT_ACTION",
    "PARLIAMENT_ACTION",
    "PATH_ACTIONS",
    "STEPS",
    "Step",
    "StepDate",
    "arrange",
    "path_actions",
    "step_dates",
    "steps",
]

LEAD_AGENCY_ACTION = "ACT-UNI-LEAD-AGENCY"
WORKING_GROUP_ACTION = "ACT-UNI-WORKING-GROUP"
SELF_ASSESSMENT_ACTION = "ACT-UNI-SELF-ASSESS"
LEGAL_REVIEW_ACTION = "ACT-UNI-LEGAL-REVIEW"
APPROVAL_PATH_ACTION = "ACT-UNI-APPROVAL-PATH"
CABINET_ACTION = "ACT-UNI-CABINET-SUBMISSION"
PARLIAMENT_ACTION = "ACT-UNI-PARL-APPROVAL"
INSTRUMENT_ACTION = "ACT-UNI-INSTRUMENT"
DEPOSIT_ACTION = "ACT-UNI-DEPOSIT"
POST_ENTRY_INTO_FORCE_ACTION = "ACT-UNI-POST-EIF-PLAN"

# The actions of the domestic path, in the order the law imposes. Each waits for the one before it (or, when
# that one is not in the roadmap because it is done, the nearest one before it that is).
PATH_ACTIONS: tuple[str, ...] = (
    LEAD_AGENCY_ACTION,
    WORKING_GROUP_ACTION,
    SELF_ASSESSMENT_ACTION,
    LEGAL_REVIEW_ACTION,
    CABINET_ACTION,
    PARLIAMENT_ACTION,
    INSTRUMENT_ACTION,
    DEPOSIT_ACTION,
    POST_ENTRY_INTO_FORCE_ACTION,
)

# Actions off the main line that a step still needs: the cabinet paper proposes the approval path.
FEEDERS: dict[str, tuple[str, ...]] = {CABINET_ACTION: (APPROVAL_PATH_ACTION,)}


@dataclass(frozen=True)
class Step:
    """A milestone on the path: its code, the action whose end achieves it, and its planning default.

    ``default_months`` counts from the previous step (from the roadmap start for the first); it is used only
    when the achieving action is not in the roadmap.
    """

    milestone: str
    action: str
    default_months: int
    parliament_only: bool = False


STEPS: tuple[Step, ...] = (
    Step("committee", WORKING_GROUP_ACTION, 1),
    Step("self_assessment", SELF_ASSESSMENT_ACTION, 2),
    Step("legal_review", LEGAL_REVIEW_ACTION, 6),
    # The cabinet paper's output is the cabinet decision: the decision is taken when the paper's work ends.
    Step("cabinet", CABINET_ACTION, 2),
    Step("parliament", PARLIAMENT_ACTION, 4, parliament_only=True),
    Step("instrument", INSTRUMENT_ACTION, 1),
    Step("deposit", DEPOSIT_ACTION, 1),
)


@dataclass(frozen=True)
class StepDate:
    """A path milestone's date; ``action`` names the roadmap action it was taken from, None for a default."""

    milestone: str
    due: date
    action: str | None


def steps(*, needs_parliament: bool) -> tuple[Step, ...]:
    return tuple(step for step in STEPS if needs_parliament or not step.parliament_only)


def path_actions(*, needs_parliament: bool) -> tuple[str, ...]:
    return tuple(code for code in PATH_ACTIONS if needs_parliament or code != PARLIAMENT_ACTION)


def arrange(specs: Iterable[ActionSpec], *, needs_parliament: bool) -> list[ActionSpec]:
    """The roadmap's action specs with the path's order added to what the bank says.

    Without parliament, parliamentary approval leaves the plan (and every ``requires``): a step that is not
    taken must not hold the instrument back. Each path action then also requires the nearest earlier path
    action in the set, and each step its feeders; other actions are returned unchanged.
    """
    kept = [spec for spec in specs if needs_parliament or spec.code != PARLIAMENT_ACTION]
    present = {spec.code for spec in kept}
    line = [code for code in path_actions(needs_parliament=needs_parliament) if code in present]
    before = {code: line[index - 1] for index, code in enumerate(line) if index}
    arranged = []
    for spec in kept:
        requires = [code for code in spec.requires if needs_parliament or code != PARLIAMENT_ACTION]
        implied = [before[spec.code]] if spec.code in before else []
        implied += [code for code in FEEDERS.get(spec.code, ()) if code in present]
        requires += [code for code in implied if code not in requires]
        arranged.append(replace(spec, requires=tuple(requires)))
    return arranged


def step_dates(
    *, start: date, needs_parliament: bool, actions: Mapping[str, tuple[date, date]] | None = None
) -> list[StepDate]:
    """The date of each milestone on the path, in path order.

    ``actions`` maps the codes of the roadmap's actions to their (start, end). A step whose action is there
    takes that action's end, so the milestone and the action never disagree. Otherwise it takes its planning
    default after the previous step, kept no later than the start of the next path action in the roadmap
    (which depends on it), and no earlier than the previous step or the end of any path action before it
    (should the team's own dates make these two bounds cross, the earlier work wins: a milestone is never
    marked before the work that leads to it).
    """
    actions = actions or {}
    line = [code for code in path_actions(needs_parliament=needs_parliament) if code in actions]
    position = {code: index for index, code in enumerate(path_actions(needs_parliament=needs_parliament))}
    dates: list[StepDate] = []
    previous = start
    for step in steps(needs_parliament=needs_parliament):
        if step.action in actions:
            due, source = actions[step.action][1], step.action
        else:
            earlier = [actions[code][1] for code in line if position[code] < position[step.action]]
            later = [actions[code][0] for code in line if position[code] > position[step.action]]
            due, source = add_months(previous, step.default_months), None
            if later:
                due = min(due, later[0])
            due = max(due, previous, *earlier)
        dates.append(StepDate(milestone=step.milestone, due=due, action=source))
        previous = due
    return dates
