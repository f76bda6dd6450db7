from datetime import date

import pytest

from roadmaps.scheduling import (
    PHASE_END_MONTH,
    PHASE_START_MONTH,
    ActionSpec,
    CycleError,
    Slot,
    add_months,
    months_between,
    order_actions,
    schedule,
)

START = date(2026, 1, 15)


def codes(items):
    return [item.code for item in items]


def slot_for(slots, code):
    return next(slot for slot in slots if slot.code == code)


# add_months


def test_adding_a_month_to_31_january_lands_on_the_last_day_of_february():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_adding_a_month_to_31_january_in_a_leap_year_lands_on_29_february():
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)


def test_adding_two_months_to_31_december_crosses_the_year_and_clamps_to_february():
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)


def test_adding_a_month_to_31_december_gives_31_january_next_year():
    assert add_months(date(2026, 12, 31), 1) == date(2027, 1, 31)


def test_adding_twelve_months_to_29_february_gives_28_february():
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert add_months(date(2028, 2, 29), 48) == date(2032, 2, 29)


def test_adding_months_keeps_the_day_when_the_target_month_has_it():
    assert add_months(date(2026, 3, 15), 0) == date(2026, 3, 15)
    assert add_months(date(2026, 3, 15), 10) == date(2027, 1, 15)
    assert add_months(date(2026, 1, 30), 25) == date(2028, 2, 29)


def test_negative_months_move_backwards_with_the_same_clamping():
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 15), -2) == date(2025, 11, 15)


def test_months_between_agrees_with_add_months_at_month_ends():
    assert months_between(date(2026, 1, 31), date(2026, 2, 28)) == 1
    assert months_between(date(2026, 1, 31), date(2026, 2, 27)) == 0
    assert months_between(date(2026, 8, 31), add_months(date(2026, 8, 31), 6)) == 6
    assert months_between(date(2026, 1, 15), date(2026, 7, 14)) == 5


# action specs


def test_an_action_spec_refuses_a_phase_outside_one_to_three():
    with pytest.raises(ValueError, match="phase"):
        ActionSpec("ACT-LAW", phase=4, duration_months=6)


def test_an_action_spec_refuses_a_duration_under_one_month():
    with pytest.raises(ValueError, match="duration_months"):
        ActionSpec("ACT-LAW", phase=1, duration_months=0)


def test_an_action_spec_refuses_requires_given_as_a_bare_string():
    with pytest.raises(TypeError, match="requires"):
        ActionSpec("ACT-LIST", phase=1, duration_months=6, requires="ACT-LAW")


def test_phase_windows_cover_thirty_six_months_without_gaps():
    assert [(PHASE_START_MONTH[p], PHASE_END_MONTH[p]) for p in (1, 2, 3)] == [(0, 6), (6, 18), (18, 36)]


# ordering


def test_prerequisites_come_first_law_before_procedures_before_training():
    specs = [
        ActionSpec("TRAINING", phase=1, duration_months=2, requires=("PROCEDURES",)),
        ActionSpec("PROCEDURES", phase=1, duration_months=3, requires=("LAW",)),
        ActionSpec("LAW", phase=1, duration_months=6),
    ]
    assert codes(order_actions(specs)) == ["LAW", "PROCEDURES", "TRAINING"]


def test_independent_actions_are_ordered_by_phase_then_code():
    specs = [
        ActionSpec("B", phase=2, duration_months=1),
        ActionSpec("C", phase=1, duration_months=1),
        ActionSpec("A", phase=2, duration_months=1),
        ActionSpec("D", phase=1, duration_months=1),
    ]
    assert codes(order_actions(specs)) == ["C", "D", "A", "B"]


def test_ordering_does_not_depend_on_the_input_order():
    specs = [
        ActionSpec("LAW", phase=1, duration_months=6),
        ActionSpec("LIST", phase=1, duration_months=3),
        ActionSpec("PROCEDURES", phase=1, duration_months=3, requires=("LAW",)),
        ActionSpec("TRAINING", phase=2, duration_months=2, requires=("PROCEDURES", "LIST")),
    ]
    assert codes(order_actions(specs)) == codes(order_actions(reversed(specs)))
    assert codes(order_actions(specs)) == ["LAW", "LIST", "PROCEDURES", "TRAINING"]


def test_a_later_phase_prerequisite_still_comes_before_an_earlier_phase_action_that_needs_it():
    specs = [
        ActionSpec("EARLY", phase=1, duration_months=1, requires=("LATE",)),
        ActionSpec("LATE", phase=3, duration_months=1),
        ActionSpec("OTHER", phase=2, duration_months=1),
    ]
    assert codes(order_actions(specs)) == ["OTHER", "LATE", "EARLY"]


def test_requirements_outside_the_set_are_ignored():
    specs = [
        ActionSpec("PROCEDURES", phase=1, duration_months=3, requires=("LAW-ALREADY-IN-PLACE",)),
        ActionSpec("TRAINING", phase=1, duration_months=2, requires=("PROCEDURES", "NOT-IN-ROADMAP")),
    ]
    assert codes(order_actions(specs)) == ["PROCEDURES", "TRAINING"]
    assert schedule(specs, start=START)[0].start == START


def test_a_cycle_raises_cycle_error_naming_the_codes_in_the_loop():
    specs = [
        ActionSpec("LAW", phase=1, duration_months=6, requires=("TRAINING",)),
        ActionSpec("PROCEDURES", phase=1, duration_months=3, requires=("LAW",)),
        ActionSpec("TRAINING", phase=1, duration_months=2, requires=("PROCEDURES",)),
        ActionSpec("UNRELATED", phase=1, duration_months=2),
    ]
    with pytest.raises(CycleError) as raised:
        order_actions(specs)
    assert raised.value.codes == ("LAW", "TRAINING", "PROCEDURES")
    assert "LAW -> TRAINING -> PROCEDURES -> LAW" in str(raised.value)
    assert "UNRELATED" not in str(raised.value)


def test_a_cycle_names_only_the_loop_not_the_actions_waiting_behind_it():
    specs = [
        ActionSpec("A", phase=1, duration_months=1, requires=("B",)),
        ActionSpec("B", phase=1, duration_months=1, requires=("C",)),
        ActionSpec("C", phase=1, duration_months=1, requires=("B",)),
    ]
    with pytest.raises(CycleError) as raised:
        order_actions(specs)
    assert raised.value.codes == ("B", "C")


def test_an_action_that_requires_itself_is_a_cycle():
    with pytest.raises(CycleError, match="SELF -> SELF"):
        order_actions([ActionSpec("SELF", phase=1, duration_months=1, requires=("SELF",))])


def test_a_cycle_error_is_a_value_error():
    assert issubclass(CycleError, ValueError)


def test_schedule_raises_cycle_error_too():
    specs = [
        ActionSpec("A", phase=1, duration_months=1, requires=("B",)),
        ActionSpec("B", phase=1, duration_months=1, requires=("A",)),
    ]
    with pytest.raises(CycleError, match="A -> B -> A"):
        schedule(specs, start=START)


def test_duplicate_codes_are_refused():
    with pytest.raises(ValueError, match="Duplicate action code: LAW"):
        order_actions([ActionSpec("LAW", phase=1, duration_months=1), ActionSpec("LAW", phase=2, duration_months=1)])


# scheduling


def test_actions_without_prerequisites_start_at_their_phase_offset():
    specs = [
        ActionSpec("ONE", phase=1, duration_months=2),
        ActionSpec("TWO", phase=2, duration_months=2),
        ActionSpec("THREE", phase=3, duration_months=2),
    ]
    assert schedule(specs, start=START) == [
        Slot("ONE", date(2026, 1, 15), date(2026, 3, 15), 1),
        Slot("TWO", date(2026, 7, 15), date(2026, 9, 15), 2),
        Slot("THREE", date(2027, 7, 15), date(2027, 9, 15), 3),
    ]


def test_a_dependent_action_starts_when_its_last_prerequisite_ends():
    specs = [
        ActionSpec("LAW", phase=1, duration_months=4),
        ActionSpec("LIST", phase=1, duration_months=2),
        ActionSpec("PROCEDURES", phase=1, duration_months=1, requires=("LAW", "LIST")),
    ]
    slots = schedule(specs, start=START)
    assert slot_for(slots, "PROCEDURES").start == date(2026, 5, 15)
    assert slot_for(slots, "PROCEDURES").end == date(2026, 6, 15)
    assert slot_for(slots, "PROCEDURES").phase == 1


def test_a_prerequisite_that_ends_early_does_not_pull_an_action_before_its_phase():
    specs = [
        ActionSpec("LAW", phase=1, duration_months=2),
        ActionSpec("TRAINING", phase=3, duration_months=2, requires=("LAW",)),
    ]
    assert slot_for(schedule(specs, start=START), "TRAINING") == Slot(
        "TRAINING", date(2027, 7, 15), date(2027, 9, 15), 3
    )


def test_a_prerequisite_pushes_an_action_into_a_later_phase():
    specs = [
        ActionSpec("LAW", phase=1, duration_months=12),
        ActionSpec("PROCEDURES", phase=1, duration_months=3, requires=("LAW",)),
        ActionSpec("TRAINING", phase=2, duration_months=6, requires=("PROCEDURES",)),
    ]
    assert schedule(specs, start=START) == [
        Slot("LAW", date(2026, 1, 15), date(2027, 1, 15), 1),
        Slot("PROCEDURES", date(2027, 1, 15), date(2027, 4, 15), 2),
        Slot("TRAINING", date(2027, 4, 15), date(2027, 10, 15), 2),
    ]


def test_an_action_pushed_past_month_eighteen_falls_in_phase_three_even_past_the_horizon():
    specs = [
        ActionSpec("LAW", phase=1, duration_months=40),
        ActionSpec("PROCEDURES", phase=2, duration_months=1, requires=("LAW",)),
    ]
    assert slot_for(schedule(specs, start=START), "PROCEDURES").phase == 3


def test_an_action_starting_exactly_at_month_six_is_in_phase_two():
    specs = [
        ActionSpec("LAW", phase=1, duration_months=6),
        ActionSpec("PROCEDURES", phase=1, duration_months=1, requires=("LAW",)),
    ]
    assert slot_for(schedule(specs, start=START), "PROCEDURES") == Slot(
        "PROCEDURES", date(2026, 7, 15), date(2026, 8, 15), 2
    )


def test_a_prerequisite_ending_on_a_clamped_month_six_pushes_the_next_action_into_phase_two():
    # From 31 Aug, month six is 28 Feb (clamped): an action starting that day is in phase 2, not phase 1.
    start = date(2026, 8, 31)
    specs = [
        ActionSpec("LAW", phase=1, duration_months=1),
        ActionSpec("PROCEDURES", phase=1, duration_months=5, requires=("LAW",)),
        ActionSpec("TRAINING", phase=1, duration_months=1, requires=("PROCEDURES",)),
    ]
    assert schedule(specs, start=start) == [
        Slot("LAW", date(2026, 8, 31), date(2026, 9, 30), 1),
        Slot("PROCEDURES", date(2026, 9, 30), date(2027, 2, 28), 1),
        Slot("TRAINING", date(2027, 2, 28), date(2027, 3, 28), 2),
    ]


def test_month_end_starts_keep_phase_boundaries_consistent():
    start = date(2026, 8, 31)
    slots = schedule([ActionSpec("TWO", phase=2, duration_months=1)], start=start)
    assert slots == [Slot("TWO", date(2027, 2, 28), date(2027, 3, 28), 2)]


def test_dates_run_across_year_ends():
    start = date(2026, 11, 30)
    specs = [
        ActionSpec("LAW", phase=1, duration_months=3),
        ActionSpec("PROCEDURES", phase=1, duration_months=14, requires=("LAW",)),
        ActionSpec("TRAINING", phase=2, duration_months=1, requires=("PROCEDURES",)),
    ]
    assert schedule(specs, start=start) == [
        Slot("LAW", date(2026, 11, 30), date(2027, 2, 28), 1),
        Slot("PROCEDURES", date(2027, 2, 28), date(2028, 4, 28), 1),
        Slot("TRAINING", date(2028, 4, 28), date(2028, 5, 28), 2),
    ]


def test_schedule_returns_slots_in_dependency_order():
    specs = [
        ActionSpec("TRAINING", phase=1, duration_months=2, requires=("PROCEDURES",)),
        ActionSpec("AWARENESS", phase=1, duration_months=1),
        ActionSpec("PROCEDURES", phase=1, duration_months=3, requires=("LAW",)),
        ActionSpec("LAW", phase=1, duration_months=6),
    ]
    assert codes(schedule(specs, start=START)) == ["AWARENESS", "LAW", "PROCEDURES", "TRAINING"]


def test_an_empty_roadmap_has_no_slots():
    assert schedule([], start=START) == []
    assert order_actions([]) == []


def test_schedule_accepts_a_generator():
    specs = (ActionSpec(code, phase=1, duration_months=1) for code in ("B", "A"))
    assert codes(schedule(specs, start=START)) == ["A", "B"]
