"""The accession path in its legal order, and milestones that agree with the actions that achieve them.

The order is stated here again, on its own, from the treaty and the constitutional steps (not read from
roadmaps.accession_path), so that a slip there cannot also slip into the test. Action codes are what the
shipped universalization bank uses; the bank files are found by globbing, so new versions are tested too.
"""

from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.services import save_position
from frameworks.models import Framework
from frameworks.services import load_framework
from roadmaps import accession_path
from roadmaps.milestones import universalization_milestones
from roadmaps.pdf import roadmap_html
from roadmaps.scheduling import ActionSpec, schedule
from roadmaps.selectors import roadmap_view
from roadmaps.services import generate_roadmap, update_action
from tests.factories import make_team

BANK_FILES = sorted((Path(__file__).parents[2] / "fixtures" / "frameworks").glob("*.yaml"))

# The domestic path in its legal order.
LEGAL_ORDER = (
    "ACT-UNI-LEAD-AGENCY",
    "ACT-UNI-WORKING-GROUP",
    "ACT-UNI-SELF-ASSESS",
    "ACT-UNI-LEGAL-REVIEW",
    "ACT-UNI-CABINET-SUBMISSION",
    "ACT-UNI-PARL-APPROVAL",
    "ACT-UNI-INSTRUMENT",
    "ACT-UNI-DEPOSIT",
    "ACT-UNI-POST-EIF-PLAN",
)
PARLIAMENT = "ACT-UNI-PARL-APPROVAL"
# Which action's end achieves which milestone.
ACHIEVED_BY = {
    "committee": "ACT-UNI-WORKING-GROUP",
    "self_assessment": "ACT-UNI-SELF-ASSESS",
    "legal_review": "ACT-UNI-LEGAL-REVIEW",
    "cabinet": "ACT-UNI-CABINET-SUBMISSION",
    "parliament": PARLIAMENT,
    "instrument": "ACT-UNI-INSTRUMENT",
    "deposit": "ACT-UNI-DEPOSIT",
}
PATH_MILESTONES = tuple(ACHIEVED_BY)


def _bank_specs(path: Path) -> list[ActionSpec]:
    bank = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        ActionSpec(
            code=action["code"],
            phase=action["phase"],
            duration_months=action["duration_months"],
            requires=tuple(action.get("requires", ())),
        )
        for section in bank["sections"]
        for question in section["questions"]
        for action in question.get("actions", [])
        if not action.get("ref")
    ]


BANK_SPECS = {path.name: _bank_specs(path) for path in BANK_FILES}


def _order(needs_parliament):
    return [code for code in LEGAL_ORDER if needs_parliament or code != PARLIAMENT]


def check_path(*, dates, needs_parliament, milestones, edited=frozenset()):
    """The invariants of a dated roadmap: ``dates`` maps action codes to (start, end); ``edited`` holds the codes
    whose dates the team set. Returns nothing; asserts."""
    line = [code for code in _order(needs_parliament) if code in dates]
    if not needs_parliament:
        assert PARLIAMENT not in dates
    # Each generated path action starts on or after the end of the path action before it.
    for before, after in zip(line, line[1:], strict=False):
        if after not in edited:
            assert dates[after][0] >= dates[before][1], (before, after)
    due = {milestone.code: milestone.due for milestone in milestones}
    assert ("parliament" in due) == needs_parliament
    for code, action in ACHIEVED_BY.items():
        if code in due and action in dates:
            assert due[code] == dates[action][1], code  # the milestone and its action agree
    consistent = all(dates[after][0] >= dates[before][1] for before, after in zip(line, line[1:], strict=False))
    if consistent:  # the team's own dates may break the order, which the roadmap then shows at the action
        position = {code: index for index, code in enumerate(_order(needs_parliament))}
        for code in PATH_MILESTONES:
            if code not in due:
                continue
            where = position[ACHIEVED_BY[code]]
            assert all(due[code] >= dates[a][1] for a in line if position[a] <= where), code
            assert all(due[code] <= dates[a][0] for a in line if position[a] > where), code
        path_dues = [due[code] for code in PATH_MILESTONES if code in due]
        assert path_dues == sorted(path_dues)
    assert due["entry_into_force"] == due["deposit"] + timedelta(days=90)
    assert due["deposit"] < due["initial_report"]


# The pure core, over both shipped banks: any start, either parliament, any steps already done, any team dates.

starts = st.dates(min_value=date(2025, 1, 1), max_value=date(2035, 12, 31))


@st.composite
def team_dates(draw, codes, start):
    """The dates the team set by hand: (start, None), (None, end) or (start, end) for a few actions."""
    pinned = {}
    for code in draw(st.lists(st.sampled_from(codes), max_size=4, unique=True)):
        first = start + timedelta(days=draw(st.integers(-60, 1500)))
        last = first + timedelta(days=draw(st.integers(0, 400)))
        pinned[code] = draw(st.sampled_from([(first, None), (None, last), (first, last)]))
    return pinned


@settings(max_examples=150, deadline=None)
@given(data=st.data(), bank=st.sampled_from(sorted(BANK_SPECS)), start=starts, needs_parliament=st.booleans())
def test_no_generated_action_starts_before_its_prerequisites_end(data, bank, start, needs_parliament):
    specs = BANK_SPECS[bank]
    codes = sorted(spec.code for spec in specs)
    done = data.draw(st.sets(st.sampled_from(codes), max_size=len(codes) // 2))
    present = [spec for spec in specs if spec.code not in done]
    pinned = data.draw(team_dates(sorted(spec.code for spec in present), start))

    arranged = accession_path.arrange(present, needs_parliament=needs_parliament)
    slots = {slot.code: slot for slot in schedule(arranged, start=start, pinned=pinned)}
    for code, (team_start, team_end) in pinned.items():  # the team's dates are never moved
        if code in slots:  # (parliamentary approval leaves the plan when parliament need not approve)
            assert team_start in (None, slots[code].start) and team_end in (None, slots[code].end)
    for spec in arranged:
        if spec.code not in pinned:
            assert all(slots[spec.code].start >= slots[r].end for r in spec.requires if r in slots), spec.code
        # What the bank asks for is still asked for (only parliament, when not needed, leaves the plan).
        assert {r for r in next(s for s in specs if s.code == spec.code).requires if r != PARLIAMENT} <= set(
            spec.requires
        )
    dates = {code: (slot.start, slot.end) for code, slot in slots.items()}
    milestones = universalization_milestones(start=start, needs_parliament=needs_parliament, actions=dates)
    check_path(dates=dates, needs_parliament=needs_parliament, milestones=milestones, edited=frozenset(pinned))


@settings(max_examples=100, deadline=None)
@given(start=starts, needs_parliament=st.booleans(), data=st.data())
def test_milestones_without_their_actions_still_fall_between_the_actions_around_them(start, needs_parliament, data):
    codes = _order(needs_parliament)
    present = data.draw(st.sets(st.sampled_from(codes)))
    dates, day = {}, start
    for code in codes:  # a consistent plan: each path action after the one before it
        day += timedelta(days=data.draw(st.integers(0, 200)))
        if code in present:
            end = day + timedelta(days=data.draw(st.integers(0, 400)))
            dates[code], day = (day, end), end
    milestones = universalization_milestones(start=start, needs_parliament=needs_parliament, actions=dates)
    check_path(dates=dates, needs_parliament=needs_parliament, milestones=milestones)


def test_the_instrument_waits_for_parliament_only_when_parliament_must_approve():
    specs = BANK_SPECS["att-universalization.yaml"]
    with_parliament = {s.code: s for s in accession_path.arrange(specs, needs_parliament=True)}
    without = {s.code: s for s in accession_path.arrange(specs, needs_parliament=False)}
    assert PARLIAMENT in with_parliament["ACT-UNI-INSTRUMENT"].requires
    assert PARLIAMENT not in without and "ACT-UNI-CABINET-SUBMISSION" in without["ACT-UNI-INSTRUMENT"].requires


# The roadmap as generated from the shipped banks, with the team's edits. Each bank is large: a test loads only
# the one it needs, and checks several cases in one go, each in a savepoint that is rolled back.


def _shipped(track):
    """The last shipped bank file of a track, loaded."""
    paths = [path for path in BANK_FILES if yaml.safe_load(path.read_text(encoding="utf-8"))["track"] == track]
    return load_framework(path=paths[-1]).framework


@pytest.fixture
def joining(catalogues):
    return make_team(_shipped("universalization"), country_code="TH")


@pytest.fixture
def party(catalogues):
    return make_team(_shipped("compliance"), country_code="PH")


def _coordinator(team):
    return next(m for m in team["memberships"].values() if m.user_id == team["coordinator"].pk)


def _active(roadmap):
    return {a.code: a for a in roadmap_view(roadmap).actions if not a.gaps_closed}


def _edit(team, action, **dates):
    return update_action(membership=_coordinator(team), action=action, data=dates, base_version=action.version)


def test_the_found_roadmap_now_runs_in_its_legal_order(joining):
    """Start 15 January 2027, parliament must approve: the deposit ran 15 Jul-15 Aug 2028, before parliament
    (15 Aug 2028-15 Feb 2029); the milestones said parliament 15 Nov 2028, deposit 15 Dec 2028, and cabinet
    decision 15 Jul 2028 though the cabinet paper ended 15 Aug 2028."""
    roadmap = generate_roadmap(
        assessment=joining["assessment"],
        user=joining["coordinator"],
        start_date=date(2027, 1, 15),
        needs_parliament=True,
    )
    actions = _active(roadmap)
    dates = {code: (actions[code].start, actions[code].end) for code in LEGAL_ORDER}
    assert dates["ACT-UNI-CABINET-SUBMISSION"] == (date(2028, 5, 15), date(2028, 8, 15))
    assert dates[PARLIAMENT] == (date(2028, 8, 15), date(2029, 2, 15))
    assert dates["ACT-UNI-INSTRUMENT"] == (date(2029, 2, 15), date(2029, 4, 15))
    assert dates["ACT-UNI-DEPOSIT"] == (date(2029, 4, 15), date(2029, 5, 15))
    assert actions[PARLIAMENT] in actions["ACT-UNI-INSTRUMENT"].depends_on.all()
    due = dict(roadmap.milestones.values_list("code", "due"))
    assert due["cabinet"] == date(2028, 8, 15)
    assert due["parliament"] == date(2029, 2, 15)
    assert due["instrument"] == date(2029, 4, 15)
    assert due["deposit"] == date(2029, 5, 15)
    assert due["entry_into_force"] == date(2029, 8, 13)
    assert due["initial_report"] == date(2030, 8, 12)
    check_path(dates=dates, needs_parliament=True, milestones=list(roadmap.milestones.all()))
    titles = set(roadmap.milestones.values_list("title", flat=True))
    assert "Instrument of ratification, acceptance, approval or accession deposited with the UN Secretary-General" in (
        titles
    )

    # The same roadmap when parliament need not approve: the instrument follows the cabinet decision.
    roadmap = generate_roadmap(assessment=joining["assessment"], user=joining["coordinator"], needs_parliament=False)
    actions = _active(roadmap)
    assert PARLIAMENT not in actions
    assert actions["ACT-UNI-INSTRUMENT"].start == actions["ACT-UNI-CABINET-SUBMISSION"].end == date(2028, 8, 15)
    assert not roadmap.milestones.filter(code="parliament").exists()


edits = st.lists(
    st.tuples(st.integers(0, 10**6), st.sampled_from(["start", "end", "both"]), st.integers(-400, 900)),
    max_size=3,
)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=starts, needs_parliament=st.booleans(), edits=edits)
def test_regenerating_after_team_edits_keeps_them_and_the_order(joining, start, needs_parliament, edits):
    # The pure test above covers both banks; this one runs the whole generator, with the database.
    team = joining
    with transaction.atomic():
        roadmap = generate_roadmap(
            assessment=team["assessment"], user=team["coordinator"], start_date=start, needs_parliament=needs_parliament
        )
        actions = sorted(_active(roadmap).values(), key=lambda a: a.code)
        kept = {}
        for pick, which, days in edits:
            action = actions[pick % len(actions)]
            action.refresh_from_db()
            if which == "start":  # never past the end: the form refuses that
                data = {"start": min(action.start + timedelta(days=days), action.end)}
            elif which == "end":
                data = {"end": max(action.end + timedelta(days=days), action.start)}
            else:
                first = action.start + timedelta(days=days)
                data = {"start": first, "end": first + timedelta(days=abs(days) // 3)}
            _edit(team, action, **data)
            kept.setdefault(action.code, {}).update(data)
        roadmap = generate_roadmap(assessment=team["assessment"], user=team["coordinator"])

        actions = _active(roadmap)
        for code, data in kept.items():  # the team's dates are never moved
            assert all(getattr(actions[code], name) == value for name, value in data.items()), code
        for action in actions.values():
            late = [p for p in action.depends_on.all() if p.end > action.start]
            assert action.starts_before() == sorted(late, key=lambda p: (p.end, p.order))
            if action.code not in kept:
                assert not late, action.code
        dates = {code: (a.start, a.end) for code, a in actions.items() if code in LEGAL_ORDER}
        check_path(
            dates=dates,
            needs_parliament=needs_parliament,
            milestones=list(roadmap.milestones.all()),
            edited=frozenset(kept),
        )
        transaction.set_rollback(True)


def test_team_dates_that_break_the_order_are_kept_and_said_at_the_action(joining, client_for):
    roadmap = generate_roadmap(
        assessment=joining["assessment"], user=joining["coordinator"], start_date=date(2027, 1, 15)
    )
    instrument = roadmap.actions.get(code="ACT-UNI-INSTRUMENT")
    _edit(joining, instrument, start=date(2028, 9, 1), end=date(2028, 11, 1))  # parliament runs to 15 Feb 2029
    generate_roadmap(assessment=joining["assessment"], user=joining["coordinator"])

    actions = _active(roadmap)
    instrument, parliament = actions["ACT-UNI-INSTRUMENT"], actions[PARLIAMENT]
    assert (instrument.start, instrument.end) == (date(2028, 9, 1), date(2028, 11, 1))
    assert instrument.starts_before() == [parliament]
    # What follows is planned from the team's dates, and is in order with them.
    assert actions["ACT-UNI-DEPOSIT"].start == date(2028, 11, 1)
    assert not actions["ACT-UNI-DEPOSIT"].starts_before()

    warning = f"Starts before <em>{parliament.title}</em> ends"
    page = client_for(joining["coordinator"]).get(reverse("roadmaps:detail", args=[joining["assessment"].pk]))
    html = page.content.decode()
    assert html.count(warning) == 1
    assert instrument.title in html[: html.index(warning)].rsplit("<tr", 1)[1]  # in the instrument's own row
    pdf_html = roadmap_html(assessment=joining["assessment"], roadmap=roadmap, region_states=[])
    assert pdf_html.count(warning) == 1
    assert instrument.title in pdf_html[: pdf_html.index(warning)].rsplit("<tr", 1)[1]


# Milestones decided by the question that asks, and "not applicable" is never "not done".


def _milestones_after(team, answers):
    """The compliance milestones after the team's answers, in a savepoint rolled back afterwards."""
    framework = Framework.objects.get(pk=team["assessment"].framework_id)
    with transaction.atomic():
        for code, value in answers.items():
            save_position(
                membership=_coordinator(team),
                question=framework.questions.get(code=code),
                value=value,
                reason="Not for this State." if value == "not_applicable" else "",
                notes="",
                legal_references=[],
                base_version=0,
            )
        roadmap = generate_roadmap(
            assessment=team["assessment"], user=team["coordinator"], start_date=date(2027, 1, 15)
        )
        milestones = {m.code: m for m in roadmap.milestones.all()}
        transaction.set_rollback(True)
    return milestones


def test_the_initial_report_milestone_follows_the_question_on_submitting_it(party):
    country = party["assessment"].country
    country.entry_into_force_date = date(2014, 12, 24)
    country.save()
    # Filed, whatever the answer on reporting new measures "when appropriate" (which also cites 13(1)).
    for new_measures in ("partly", "not_applicable", "not_in_place"):
        assert "initial_report" not in _milestones_after(party, {"ART13-01": "in_place", "ART13-02": new_measures})
    # Sent late or incomplete ("partly"), or not owed: not overdue either.
    for value in ("partly", "not_applicable"):
        assert "initial_report" not in _milestones_after(party, {"ART13-01": value})
    # Not filed: overdue since 23 December 2015, the last day of the first year in force.
    basis = _milestones_after(party, {"ART13-01": "not_in_place", "ART13-02": "in_place"})["initial_report"].basis
    assert "overdue" in basis and "23 December 2015" in basis


def test_the_control_list_milestone_follows_the_question_on_sending_it(party):
    for sent, published, milestone in (
        ("in_place", "not_in_place", False),
        ("not_applicable", "not_in_place", False),
        ("not_in_place", "in_place", True),
        ("partly", "in_place", True),
    ):
        found = _milestones_after(party, {"ART5-07": sent, "ART5-08": published})
        assert ("control_list" in found) is milestone, (sent, published)
