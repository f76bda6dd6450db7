"""The comparison core: plain values in, plain values out, no database."""

import pytest

from assessments.comparison import Change, compare, completed_since, match_questions
from assessments.scoring import QuestionInput, analyse


def q(id, code, section, articles, value, score, *, obligation="binding", weight=1):
    return QuestionInput(
        id=id,
        code=code,
        section=section,
        articles=articles,
        obligation=obligation,
        weight=weight,
        value=value,
        score=score,
    )


def test_questions_are_matched_by_code_with_new_and_retired_in_each_versions_order():
    match = match_questions(["A-1", "A-2", "B-1", "C-9"], ["A-1", "A-3", "B-1", "D-1"])
    assert match.matched == ("A-1", "B-1")
    assert match.new == ("A-3", "D-1")
    assert match.retired == ("A-2", "C-9")


def test_the_same_version_matches_everything():
    match = match_questions(["A-1", "A-2"], ["A-1", "A-2"])
    assert match.matched == ("A-1", "A-2") and match.new == () and match.retired == ()


def test_change_is_after_minus_before_in_whole_points_as_the_pages_print_them():
    assert Change("5", before=0.55, after=1.0).points == 45
    assert Change("5", before=0.55, after=1.0).direction == "up"
    assert Change("5", before=0.5, after=0.25).points == -25
    assert Change("5", before=0.5, after=0.25).direction == "down"
    # 33.4% and 33.2% both print as 33%: the change printed beside them is "no change", not a rounding artefact.
    assert Change("5", before=0.334, after=0.332).points == 0
    assert Change("5", before=0.334, after=0.332).direction == "same"
    assert Change("5", before=0.5, after=0.5).delta == 0


@pytest.mark.parametrize(("before", "after"), [(None, 0.5), (0.5, None), (None, None)])
def test_an_unknown_side_is_no_change_rather_than_a_rise_from_zero(before, after):
    change = Change("5", before=before, after=after)
    assert change.delta is None and change.points is None and change.direction == "unknown"


def test_comparison_by_section_and_article_with_scoring_on_both_sides():
    baseline = analyse(
        [
            q(1, "ART5-01", "ART5", ["5(2)"], "partly", 0.5, weight=3),  # 3 x 3 = 9
            q(2, "ART5-02", "ART5", ["5(4)"], "in_place", 1.0, obligation="encouraged"),  # 1 x 1 = 1
            q(3, "ART6-01", "ART6", ["6(1)"], "not_in_place", 0.0),
        ]
    )
    follow_up = analyse(
        [
            q(11, "ART5-01", "ART5", ["5(2)"], "in_place", 1.0, weight=3),
            q(13, "ART5-03", "ART5", ["5(5)"], None, None),  # new, not answered yet: to investigate
            q(14, "ART7-01", "ART7", ["7(1)"], "partly", 0.5),
        ]
    )
    result = compare(
        baseline=baseline,
        follow_up=follow_up,
        baseline_codes=["ART5-01", "ART5-02", "ART6-01"],
        follow_up_codes=["ART5-01", "ART5-03", "ART7-01"],
    )
    sections = {change.key: change for change in result.by_section}
    assert [change.key for change in result.by_section] == ["ART5", "ART7", "ART6"]  # follow-up's order, then gone
    assert sections["ART5"].before == pytest.approx(0.55) and sections["ART5"].after == pytest.approx(1.0)
    assert sections["ART5"].points == 45
    assert sections["ART7"].in_baseline is False and sections["ART7"].direction == "unknown"
    assert sections["ART6"].in_follow_up is False and sections["ART6"].before == 0.0
    articles = {change.key: change for change in result.by_article}
    assert list(articles) == ["5", "6", "7"]
    assert articles["5"].points == 45
    assert articles["6"].after is None and articles["7"].before is None
    # Overall: (4.5 + 1 + 0) / (9 + 1 + 3) before; (9 + 1.5) / (9 + 3) after, the new unanswered one left out.
    assert result.overall.before == pytest.approx(5.5 / 13)
    assert result.overall.after == pytest.approx(10.5 / 12)
    assert result.questions.new == ("ART5-03", "ART7-01") and result.questions.retired == ("ART5-02", "ART6-01")


def test_articles_are_in_numeric_order_not_text_order():
    baseline = analyse([q(1, "A", "S", ["10"], "in_place", 1.0), q(2, "B", "S", ["2"], "in_place", 1.0)])
    follow_up = analyse([q(3, "A", "S", ["10"], "partly", 0.5), q(4, "C", "S", ["9"], "in_place", 1.0)])
    result = compare(baseline=baseline, follow_up=follow_up, baseline_codes=["A", "B"], follow_up_codes=["A", "C"])
    assert [change.key for change in result.by_article] == ["2", "9", "10"]


def test_completed_since_leaves_out_what_was_done_already_at_the_baseline():
    before = {"ACT-LAW": "done", "ACT-LIST": "in_progress", "ACT-TRAIN": "planned"}
    after = {"ACT-LAW": "done", "ACT-LIST": "done", "ACT-TRAIN": "in_progress", "ACT-NEW": "done", "ACT-X": "dropped"}
    assert completed_since(baseline_statuses=before, follow_up_statuses=after) == ["ACT-LIST", "ACT-NEW"]
    assert completed_since(baseline_statuses={}, follow_up_statuses={}) == []
