"""The draft initial report's content: what counts as the state's answer, what is open, and the order."""

import pytest

from reports.initial_report import (
    GAP,
    NOT_AGREED,
    UNANSWERED,
    UNKNOWN,
    Item,
    arrange,
    build_initial_report,
    filed_under,
    is_available,
    open_state,
)
from tests.reports.conftest import agree, position


def _item(code, article, obligation="binding"):
    return Item(
        code=code,
        text=code,
        articles=(article,) if article else (),
        article=filed_under((article,) if article else ()),
        obligation=obligation,
        obligation_label=obligation,
    )


def test_binding_obligations_come_first_then_voluntary_ones_in_the_templates_order():
    items = [
        _item("A16", "16(1)"),
        _item("A7", "7(1)"),
        _item("A3", "3"),
        _item("A5", "5(2)"),
        _item("B5", "5(4)", "encouraged"),
        _item("A6", "6(1)", "qualified"),
        _item("B2", "2(3)", "good_practice"),
        _item("B15", "15(2)", "optional"),
        _item("A23", "23"),
        _item("A-none", ""),
    ]
    part_a, part_b = arrange(items)
    assert (part_a.key, part_b.key) == ("A", "B")
    assert [item.code for item in part_a.items] == ["A3", "A5", "A6", "A7", "A16", "A23", "A-none"]
    assert [item.code for item in part_b.items] == ["B2", "B5", "B15"]
    # The template's topics keep their numbers in both parts: the control system (Articles 2 to 5) is 1,
    # cooperation and assistance (15 and 16) is 11; articles outside the template come last.
    assert [(topic.number, [group.number for group in topic.articles]) for topic in part_a.topics] == [
        (1, ["3", "5"]),
        (2, ["6"]),
        (3, ["7"]),
        (11, ["16"]),
        (12, ["23", ""]),
    ]
    assert [topic.number for topic in part_b.topics] == [1, 11]
    assert part_a.topics[0].article_span == "Articles 3–5"
    assert part_a.topics[0].articles[0].heading == "Article 3: Ammunition/munitions"


@pytest.mark.parametrize(
    ("agreed", "score", "answered", "kind"),
    [
        (None, None, False, UNANSWERED),
        (None, None, True, NOT_AGREED),
        ("unknown", None, True, UNKNOWN),
        ("partly", 0.5, True, GAP),
        ("not_in_place", 0.0, True, GAP),
        ("in_place", 1.0, True, ""),
        ("not_applicable", None, True, ""),
    ],
)
def test_everything_short_of_an_agreed_in_place_is_open(agreed, score, answered, kind):
    assert open_state(agreed_value=agreed, score=score, answer_label="x", answered=answered)[0] == kind


def test_only_the_agreed_answer_is_the_states_answer(answered):
    items = {item.code: item for item in build_initial_report(assessment=answered["assessment"]).items}
    control_list = items["ART5-01"]
    assert control_list.answer == "Partly in place" and control_list.agreed_reason == "The list exists in draft only."
    assert control_list.open_kind == GAP and "Partly in place" in control_list.open_reason
    assert control_list.positions == ()  # agreed: the positions no longer speak for the state
    assert items["ART7-01"].answer == "In place" and not items["ART7-01"].is_open
    review = items["ART7-02"]
    assert review.answer == "" and review.open_kind == NOT_AGREED
    assert [(p.agency, p.answer) for p in review.positions] == [("Customs Office", "Not in place")]
    assert items["ART5-02"].open_kind == UNANSWERED and items["ART16-01"].open_kind == UNANSWERED


def test_a_unanimous_position_without_an_agreement_is_not_yet_agreed(team):
    position(team, "licensing", "ART5-02", "in_place")
    position(team, "customs", "ART5-02", "in_place")
    item = next(i for i in build_initial_report(assessment=team["assessment"]).items if i.code == "ART5-02")
    assert item.open_kind == NOT_AGREED and item.answer == ""


def test_legal_references_are_listed_once_with_the_agencies_that_recorded_them(answered):
    item = next(i for i in build_initial_report(assessment=answered["assessment"]).items if i.code == "ART5-01")
    assert [(str(ref), ref.agencies) for ref in item.legal_references] == [
        ("Arms Act 2019: section 4", ("Licensing Office", "Customs Office")),
    ]
    assert [(note.agency, note.text) for note in item.notes] == [
        ("Licensing Office", "A draft control list is with the defence staff."),
    ]


def test_not_applicable_and_dont_know_agreements(team):
    position(team, "customs", "ART16-01", "unknown")
    agree(team, "ART16-01", "unknown")
    agree(team, "ART5-02", "not_applicable", "The list is confidential by law.")
    items = {item.code: item for item in build_initial_report(assessment=team["assessment"]).items}
    assert items["ART16-01"].open_kind == UNKNOWN and items["ART16-01"].answer == "Don't know"
    assert not items["ART5-02"].is_open and items["ART5-02"].agreed_reason == "The list is confidential by law."


def test_the_report_speaks_the_language_asked_for(answered):
    report = build_initial_report(assessment=answered["assessment"], language="fr")
    item = next(i for i in report.items if i.code == "ART5-01")
    assert item.text == "Existe-t-il une liste de contrôle ?"
    assert item.answer == "Partly in place"  # the test bank's scale has no French labels: English, not blank


def test_the_report_costs_four_queries_however_big_the_team(answered, django_assert_num_queries):
    assessment = answered["assessment"]
    with django_assert_num_queries(4):
        build_initial_report(assessment=assessment)
    position(answered, "customs", "ART16-01", "partly", refs=[{"instrument": "Aid Act", "provision": "s. 2"}])
    agree(answered, "ART16-01", "partly")
    with django_assert_num_queries(4):
        build_initial_report(assessment=assessment)


def test_a_universalization_assessment_has_no_initial_report(universalization_team):
    assessment = universalization_team["assessment"]
    assert not is_available(assessment)
    with pytest.raises(ValueError):
        build_initial_report(assessment=assessment)


def test_the_due_date_is_a_year_after_entry_into_force(answered):
    from datetime import date

    country = answered["assessment"].country
    country.entry_into_force_date = date(2024, 2, 29)
    country.save()
    assert build_initial_report(assessment=answered["assessment"]).due_date == date(2025, 2, 28)


def test_the_due_date_is_the_day_before_the_anniversary_as_the_secretariat_counts(answered):
    from datetime import date

    country = answered["assessment"].country
    country.entry_into_force_date = date(2014, 12, 24)
    country.save()
    assert build_initial_report(assessment=answered["assessment"]).due_date == date(2015, 12, 23)
