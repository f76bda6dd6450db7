from dataclasses import FrozenInstanceError
from datetime import date
from pathlib import Path

import pytest
import yaml

from roadmaps.milestones import (
    CONTROL_LIST_QUESTION,
    INITIAL_REPORT_QUESTION,
    Milestone,
    annual_report_due,
    compliance_milestones,
    control_list_outstanding,
    entry_into_force,
    first_annual_report_due,
    initial_report_due,
    initial_report_outstanding,
    next_annual_report_due,
    universalization_milestones,
)

START = date(2026, 1, 15)


def codes(milestones):
    return [milestone.code for milestone in milestones]


def due_of(milestones, code):
    return [milestone.due for milestone in milestones if milestone.code == code]


def one(milestones, code):
    (milestone,) = (milestone for milestone in milestones if milestone.code == code)
    return milestone


def compliance(**overrides):
    arguments = {
        "start": START,
        "entry_into_force_date": date(2015, 3, 1),
        "initial_report_submitted": True,
        "control_list_gap": False,
        "points_of_contact_gap": False,
    } | overrides
    return compliance_milestones(**arguments)


# treaty dates


def test_entry_into_force_is_ninety_days_after_deposit_as_for_palau():
    assert entry_into_force(date(2019, 4, 8)) == date(2019, 7, 7)


def test_entry_into_force_is_ninety_days_after_deposit_as_for_china():
    assert entry_into_force(date(2020, 7, 6)) == date(2020, 10, 4)


def test_entry_into_force_runs_across_a_year_end():
    assert entry_into_force(date(2026, 11, 15)) == date(2027, 2, 13)


def test_initial_report_is_due_the_day_before_the_anniversary_of_entry_into_force():
    # The Secretariat's count: the treaty entered into force on 24 December 2014, reports fell due 23 December 2015.
    assert initial_report_due(date(2014, 12, 24)) == date(2015, 12, 23)
    assert initial_report_due(date(2020, 10, 4)) == date(2021, 10, 3)


def test_initial_report_for_entry_into_force_on_1_january_is_due_31_december():
    assert initial_report_due(date(2027, 1, 1)) == date(2027, 12, 31)


def test_initial_report_for_entry_into_force_on_29_february_is_due_28_february():
    # No 29 February in 2029: the first year runs to the end of February, the anniversary being 1 March.
    assert initial_report_due(date(2028, 2, 29)) == date(2029, 2, 28)


def test_initial_report_for_entry_into_force_on_1_march_before_a_leap_year_is_due_29_february():
    assert initial_report_due(date(2027, 3, 1)) == date(2028, 2, 29)


def test_initial_report_for_entry_into_force_on_28_february_of_a_leap_year_is_due_27_february():
    assert initial_report_due(date(2028, 2, 28)) == date(2029, 2, 27)


def test_annual_report_for_a_year_is_due_31_may_of_the_next_year():
    assert annual_report_due(2026) == date(2027, 5, 31)


def test_first_annual_report_covers_the_first_full_calendar_year_after_entry_into_force():
    assert first_annual_report_due(date(2026, 10, 4)) == date(2028, 5, 31)


def test_first_annual_report_for_entry_into_force_on_1_january_covers_that_year():
    assert first_annual_report_due(date(2027, 1, 1)) == date(2028, 5, 31)


def test_first_annual_report_for_entry_into_force_on_31_december_covers_the_next_year():
    assert first_annual_report_due(date(2026, 12, 31)) == date(2028, 5, 31)


def test_next_annual_report_on_31_may_itself_is_due_that_day():
    assert next_annual_report_due(date(2026, 5, 31)) == date(2026, 5, 31)


def test_next_annual_report_on_1_june_is_due_the_following_year():
    assert next_annual_report_due(date(2026, 6, 1)) == date(2027, 5, 31)


def test_next_annual_report_early_in_the_year_is_due_that_may():
    assert next_annual_report_due(date(2026, 1, 1)) == date(2026, 5, 31)


def test_a_milestone_cannot_be_changed_once_made():
    milestone = Milestone("deposit", "Deposit", date(2027, 1, 1), "Because.")
    with pytest.raises(FrozenInstanceError):
        milestone.due = date(2028, 1, 1)


# universalization


def test_universalization_runs_from_committee_to_first_annual_report_in_order():
    milestones = universalization_milestones(start=START)
    assert codes(milestones) == [
        "committee",
        "self_assessment",
        "legal_review",
        "cabinet",
        "parliament",
        "instrument",
        "deposit",
        "entry_into_force",
        "initial_report",
        "first_annual_report",
    ]
    assert [milestone.due for milestone in milestones] == [
        date(2026, 2, 15),
        date(2026, 4, 15),
        date(2026, 10, 15),
        date(2026, 12, 15),
        date(2027, 4, 15),
        date(2027, 5, 15),
        date(2027, 6, 15),
        date(2027, 9, 13),
        date(2028, 9, 12),
        date(2029, 5, 31),
    ]


def test_universalization_without_parliament_executes_the_instrument_a_month_after_cabinet():
    milestones = universalization_milestones(start=START, needs_parliament=False)
    assert "parliament" not in codes(milestones)
    assert due_of(milestones, "cabinet") == [date(2026, 12, 15)]
    assert due_of(milestones, "instrument") == [date(2027, 1, 15)]
    assert due_of(milestones, "deposit") == [date(2027, 2, 15)]
    assert due_of(milestones, "entry_into_force") == [date(2027, 5, 16)]
    assert due_of(milestones, "initial_report") == [date(2028, 5, 15)]
    assert due_of(milestones, "first_annual_report") == [date(2029, 5, 31)]


def test_universalization_milestones_take_the_end_of_the_actions_that_achieve_them():
    actions = {
        "ACT-UNI-LEGAL-REVIEW": (date(2026, 1, 15), date(2026, 6, 30)),
        "ACT-UNI-PARL-APPROVAL": (date(2026, 9, 1), date(2027, 3, 1)),
        "ACT-UNI-DEPOSIT": (date(2027, 5, 1), date(2027, 6, 1)),
    }
    milestones = universalization_milestones(start=START, actions=actions)
    assert due_of(milestones, "legal_review") == [date(2026, 6, 30)]
    assert due_of(milestones, "parliament") == [date(2027, 3, 1)]
    assert due_of(milestones, "deposit") == [date(2027, 6, 1)]
    assert due_of(milestones, "entry_into_force") == [date(2027, 8, 30)]
    # Between two actions, a default step keeps the order: after the review, before parliament starts.
    assert due_of(milestones, "cabinet") == [date(2026, 8, 30)]
    # After parliament, before the deposit starts, though the default would fall a month later.
    assert due_of(milestones, "instrument") == [date(2027, 4, 1)]
    assert "Planning assumption" not in one(milestones, "parliament").basis
    assert one(milestones, "cabinet").basis.startswith("Planning assumption")


def test_universalization_default_step_never_falls_after_the_next_action_on_the_path_starts():
    # The cabinet paper starts before the legal review's default date: the review milestone moves up to it.
    actions = {"ACT-UNI-CABINET-SUBMISSION": (date(2026, 5, 1), date(2026, 8, 1))}
    milestones = universalization_milestones(start=START, actions=actions)
    assert due_of(milestones, "legal_review") == [date(2026, 5, 1)]
    assert due_of(milestones, "self_assessment") == [date(2026, 4, 15)]
    assert due_of(milestones, "cabinet") == [date(2026, 8, 1)]


def test_universalization_clamps_month_ends():
    milestones = universalization_milestones(start=date(2026, 1, 31))
    assert due_of(milestones, "committee") == [date(2026, 2, 28)]


def test_universalization_marks_planning_defaults_and_cites_the_treaty_for_fixed_dates():
    milestones = universalization_milestones(start=START)
    for code in ("committee", "self_assessment", "legal_review", "cabinet", "parliament", "instrument", "deposit"):
        assert one(milestones, code).basis.startswith("Planning assumption")
    assert "Article 22(2)" in one(milestones, "entry_into_force").basis
    assert "90 days after deposit" in one(milestones, "entry_into_force").basis
    assert "Article 13(1)" in one(milestones, "initial_report").basis
    assert "not yet confirmed" in one(milestones, "first_annual_report").basis
    assert one(milestones, "deposit").title == (
        "Instrument of ratification, acceptance, approval or accession deposited with the UN Secretary-General"
    )


def test_universalization_first_annual_report_names_the_year_it_covers():
    milestones = universalization_milestones(start=START)
    assert "2028" in one(milestones, "first_annual_report").title


def test_every_milestone_has_a_title_and_a_one_sentence_basis():
    milestones = universalization_milestones(start=START) + compliance(
        initial_report_submitted=False, control_list_gap=True, points_of_contact_gap=True
    )
    for milestone in milestones:
        assert milestone.title
        assert milestone.basis.endswith(".")
        assert milestone.basis.count(". ") == 0


# compliance


def test_compliance_initial_report_due_within_a_year_of_entry_into_force_when_still_ahead():
    milestones = compliance(entry_into_force_date=date(2025, 10, 4), initial_report_submitted=False)
    assert due_of(milestones, "initial_report") == [date(2026, 10, 3)]
    assert "overdue" not in one(milestones, "initial_report").basis


def test_compliance_overdue_initial_report_is_planned_three_months_from_the_start():
    milestones = compliance(entry_into_force_date=date(2020, 10, 4), initial_report_submitted=False)
    report = one(milestones, "initial_report")
    assert report.due == date(2026, 4, 15)
    assert "overdue" in report.basis
    assert "3 October 2021" in report.basis


def test_compliance_initial_report_due_on_the_start_day_is_not_overdue():
    milestones = compliance(entry_into_force_date=date(2025, 1, 16), initial_report_submitted=False)
    assert due_of(milestones, "initial_report") == [START]
    assert "overdue" not in one(milestones, "initial_report").basis


def test_compliance_initial_report_due_the_day_before_the_start_is_overdue():
    milestones = compliance(entry_into_force_date=date(2025, 1, 15), initial_report_submitted=False)
    assert "14 January 2026" in one(milestones, "initial_report").basis
    assert "overdue" in one(milestones, "initial_report").basis


def test_compliance_leaves_out_a_submitted_initial_report():
    assert "initial_report" not in codes(compliance(initial_report_submitted=True))


def test_compliance_leaves_out_the_initial_report_without_an_entry_into_force_date():
    assert "initial_report" not in codes(compliance(entry_into_force_date=None, initial_report_submitted=False))


def test_compliance_plans_the_next_two_annual_reports():
    milestones = compliance()
    assert due_of(milestones, "annual_report") == [date(2026, 5, 31), date(2027, 5, 31)]
    assert [milestone.title for milestone in milestones if milestone.code == "annual_report"] == [
        "Annual report for 2025 sent to the ATT Secretariat",
        "Annual report for 2026 sent to the ATT Secretariat",
    ]


def test_compliance_starting_on_1_june_plans_annual_reports_from_next_year():
    milestones = compliance(start=date(2026, 6, 1))
    assert due_of(milestones, "annual_report") == [date(2027, 5, 31), date(2028, 5, 31)]


def test_compliance_without_an_entry_into_force_date_still_plans_annual_reports():
    milestones = compliance(entry_into_force_date=None)
    assert due_of(milestones, "annual_report") == [date(2026, 5, 31), date(2027, 5, 31)]


def test_compliance_for_a_recent_party_starts_annual_reports_at_its_first_full_year():
    milestones = compliance(entry_into_force_date=date(2025, 10, 4), initial_report_submitted=False)
    assert due_of(milestones, "first_annual_report") == [date(2027, 5, 31)]
    assert due_of(milestones, "annual_report") == [date(2028, 5, 31)]


def test_compliance_calls_a_due_first_report_the_first_annual_report():
    milestones = compliance(entry_into_force_date=date(2025, 1, 1))
    assert due_of(milestones, "first_annual_report") == [date(2026, 5, 31)]
    assert due_of(milestones, "annual_report") == [date(2027, 5, 31)]


def test_compliance_control_list_milestone_only_when_there_is_a_gap():
    assert "control_list" not in codes(compliance(control_list_gap=False))
    milestones = compliance(control_list_gap=True)
    assert due_of(milestones, "control_list") == [date(2026, 7, 15)]
    assert "Article 5(4)" in one(milestones, "control_list").basis


def test_compliance_points_of_contact_milestone_only_when_there_is_a_gap():
    assert "points_of_contact" not in codes(compliance(points_of_contact_gap=False))
    milestones = compliance(points_of_contact_gap=True)
    assert due_of(milestones, "points_of_contact") == [date(2026, 4, 15)]
    assert "Article 5(6)" in one(milestones, "points_of_contact").basis


def test_compliance_adds_one_milestone_per_legal_step_with_its_title_and_date():
    milestones = compliance(
        legal_steps=[
            ("Arms Act amendment passed", date(2026, 9, 1)),
            ("Brokering regulations issued", date(2027, 3, 1)),
        ]
    )
    steps = [milestone for milestone in milestones if milestone.code == "legal_step"]
    assert [(step.title, step.due) for step in steps] == [
        ("Arms Act amendment passed", date(2026, 9, 1)),
        ("Brokering regulations issued", date(2027, 3, 1)),
    ]


def test_compliance_accepts_legal_steps_from_a_generator():
    steps = ((f"Step {n}", date(2026, n, 1)) for n in (3, 2))
    assert due_of(compliance(legal_steps=steps), "legal_step") == [date(2026, 2, 1), date(2026, 3, 1)]


def test_compliance_milestones_are_sorted_by_due_date():
    milestones = compliance(
        entry_into_force_date=date(2020, 10, 4),
        initial_report_submitted=False,
        control_list_gap=True,
        points_of_contact_gap=True,
        legal_steps=[("Regulations issued", date(2026, 3, 1))],
    )
    assert codes(milestones) == [
        "legal_step",
        "initial_report",
        "points_of_contact",
        "annual_report",
        "control_list",
        "annual_report",
    ]
    assert [milestone.due for milestone in milestones] == sorted(milestone.due for milestone in milestones)


# which answer decides


@pytest.mark.parametrize("value", ["in_place", "partly", "not_applicable"])
def test_an_initial_report_sent_late_incomplete_or_not_owed_is_not_outstanding(value):
    assert not initial_report_outstanding(value)


@pytest.mark.parametrize("value", ["not_in_place", "unknown", None])
def test_an_initial_report_not_sent_or_not_known_to_be_sent_is_outstanding(value):
    assert initial_report_outstanding(value)


@pytest.mark.parametrize("value", ["in_place", "not_applicable"])
def test_a_control_list_sent_or_not_to_be_sent_is_not_outstanding(value):
    assert not control_list_outstanding(value)


@pytest.mark.parametrize("value", ["partly", "not_in_place", "unknown", None])
def test_a_control_list_partly_sent_or_not_sent_is_outstanding(value):
    assert control_list_outstanding(value)


def _shipped_compliance_questions():
    for path in sorted((Path(__file__).parents[2] / "fixtures" / "frameworks").glob("*.yaml")):
        bank = yaml.safe_load(path.read_text(encoding="utf-8"))
        if bank["track"] == "compliance":
            yield from (question for section in bank["sections"] for question in section["questions"])


def test_the_deciding_questions_of_the_shipped_compliance_bank_ask_about_sending():
    questions = {question["code"]: question for question in _shipped_compliance_questions()}
    report, control_list = questions[INITIAL_REPORT_QUESTION], questions[CONTROL_LIST_QUESTION]
    assert report["articles"] == ["13(1)"] and "submitted its initial report" in report["text"]
    assert control_list["articles"] == ["5(4)"] and "sent its national control list" in control_list["text"]
    # The other questions citing these paragraphs ask about something else and must not decide the milestones.
    others = {code for code, q in questions.items() if {"13(1)", "5(4)"} & set(q["articles"])}
    assert others - {INITIAL_REPORT_QUESTION, CONTROL_LIST_QUESTION}
