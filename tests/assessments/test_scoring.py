"""The scoring core is pure: these tests build plain values and need neither Django nor a database."""

import pytest

from assessments.scoring import (
    OBLIGATION_FACTOR,
    OBLIGATION_ORDER,
    Gap,
    QuestionInput,
    Score,
    analyse,
    article_number,
    gaps_for_agency,
    question_weight,
    score_group,
)

_next_id = iter(range(1, 100_000))


def question(**overrides) -> QuestionInput:
    """A fully answered, binding, weight-1 question in ART5 unless told otherwise."""
    qid = overrides.pop("id", None) or next(_next_id)
    fields = {
        "id": qid,
        "code": f"Q{qid}",
        "section": "ART5",
        "articles": ("5",),
        "obligation": "binding",
        "weight": 1,
        "value": "in_place",
        "score": 1.0,
    }
    fields.update(overrides)
    return QuestionInput(**fields)


def known(score: float, **overrides) -> QuestionInput:
    return question(value=f"scored_{score}", score=score, **overrides)


def unknown(**overrides) -> QuestionInput:
    return question(value="unknown", score=None, **overrides)


def unanswered(**overrides) -> QuestionInput:
    return question(value=None, score=None, **overrides)


def not_applicable(reason: str = "No arms industry", **overrides) -> QuestionInput:
    return question(value="not_applicable", score=None, not_applicable=True, reason=reason, **overrides)


# Weights


def test_question_weight_is_bank_weight_times_obligation_factor():
    assert question_weight(question(weight=2, obligation="qualified")) == 4.0
    assert question_weight(question(weight=5, obligation="good_practice")) == 2.5


def test_obligation_order_and_factors_cover_the_same_levels():
    assert set(OBLIGATION_ORDER) == set(OBLIGATION_FACTOR)


def test_binding_outweighs_good_practice_with_the_same_weight():
    binding_met = known(1.0, obligation="binding", weight=2)
    good_practice_missed = known(0.0, obligation="good_practice", weight=2)

    readiness = score_group([binding_met, good_practice_missed]).readiness

    assert readiness == pytest.approx(3.0 / 3.5)


def test_weight_three_counts_three_times_weight_one():
    heavy_met = known(1.0, weight=3)
    light_missed = known(0.0, weight=1)

    assert score_group([heavy_met, light_missed]).readiness == pytest.approx(0.75)


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((1.0,), 1.0),
        ((0.0,), 0.0),
        ((0.5,), 0.5),
        ((1.0, 0.5, 0.0), 0.5),
        ((0.25, 0.75), 0.5),
        ((1.0, 1.0, 0.5, 0.5), 0.75),
    ],
)
def test_partial_scores_average_with_equal_weights(scores, expected):
    result = score_group(known(score) for score in scores)

    assert result.readiness == pytest.approx(expected)
    assert result.answered == len(scores)
    assert result.coverage == 1.0


# Not applicable, unknown and their mixture


def test_all_not_applicable_gives_no_readiness_no_coverage_and_no_gaps():
    analysis = analyse([not_applicable(), not_applicable()])

    assert analysis.overall.readiness is None
    assert analysis.overall.coverage is None
    assert analysis.overall.not_applicable == 2
    assert analysis.overall.total == 2
    assert analysis.gaps == ()


def test_not_applicable_leaves_the_denominator_and_keeps_its_reason():
    na = not_applicable(reason="Landlocked: no sea transit", weight=5)
    result = score_group([known(1.0), na])

    assert result.readiness == 1.0
    assert result.coverage == 1.0
    assert result.not_applicable == 1
    assert analyse([na]).overall.question_ids == (na.id,)
    assert na.reason == "Landlocked: no sea transit"


def test_not_applicable_value_counts_as_not_applicable_even_without_the_flag():
    result = score_group([question(value="not_applicable", score=None)])

    assert result.not_applicable == 1
    assert result.to_investigate == 0


def test_all_unknown_gives_no_readiness_zero_coverage_and_investigates_everything():
    questions = [unknown(), unanswered(), unknown()]

    analysis = analyse(questions)

    assert analysis.overall.readiness is None
    assert analysis.overall.coverage == 0.0
    assert analysis.overall.to_investigate == 3
    assert [gap.kind for gap in analysis.gaps] == ["investigate"] * 3
    assert {gap.question.id for gap in analysis.gaps} == {q.id for q in questions}


def test_unknown_is_neither_a_zero_nor_ignored():
    questions = [known(1.0), known(0.5), unknown(weight=5), unanswered(), not_applicable()]

    analysis = analyse(questions)
    overall = analysis.overall

    assert overall.readiness == pytest.approx(0.75), "a zero for the unknowns would pull this down"
    assert overall.answered == 2
    assert overall.to_investigate == 2
    assert overall.not_applicable == 1
    assert overall.total == 5
    assert overall.coverage == pytest.approx(2 / 4), "ignoring the unknowns would claim full coverage"
    assert sorted(gap.kind for gap in analysis.gaps) == ["gap", "investigate", "investigate"]


def test_full_score_is_not_a_gap():
    assert analyse([known(1.0)]).gaps == ()


def test_gap_severity_for_a_known_shortfall_and_for_an_investigation():
    shortfall = known(0.25, weight=2, obligation="qualified")
    open_question = unknown(weight=3, obligation="encouraged")

    severities = {gap.question.id: (gap.kind, gap.severity) for gap in analyse([shortfall, open_question]).gaps}

    assert severities[shortfall.id] == ("gap", pytest.approx(0.75 * 2 * 2.0))
    assert severities[open_question.id] == ("investigate", pytest.approx(3 * 1.0))


# Disputes


def test_unresolved_dispute_is_investigated_even_if_a_score_was_passed():
    disputed = question(value=None, score=0.5, disputed=True)

    analysis = analyse([known(1.0), disputed])

    assert analysis.overall.readiness == 1.0
    assert analysis.overall.to_investigate == 1
    assert [(gap.question.id, gap.kind) for gap in analysis.gaps] == [(disputed.id, "investigate")]


def test_disputed_flag_wins_over_a_not_applicable_claim():
    contested_na = not_applicable(disputed=True)

    result = score_group([contested_na])

    assert result.to_investigate == 1
    assert result.not_applicable == 0


def test_agreed_answer_is_scored_once_the_dispute_is_settled():
    agreed = question(value="partly", score=0.5, disputed=False)

    analysis = analyse([agreed])

    assert analysis.overall.readiness == 0.5
    assert analysis.overall.to_investigate == 0
    assert [(gap.kind, gap.severity) for gap in analysis.gaps] == [("gap", pytest.approx(1.5))]


def test_answer_without_value_is_unanswered_whatever_the_score():
    assert score_group([question(value=None, score=1.0)]).to_investigate == 1


# Articles


@pytest.mark.parametrize(
    ("ref", "number"),
    [("9", "9"), ("5(2)", "5"), ("7(1)(b)(ii)", "7"), ("11(5)", "11"), (" 6(3) ", "6")],
)
def test_article_number_is_the_top_level_article(ref, number):
    assert article_number(ref) == number


@pytest.mark.parametrize("ref", ["", "(2)", "Art. 5", "five"])
def test_article_number_rejects_refs_without_an_article_number(ref):
    with pytest.raises(ValueError):
        article_number(ref)


def test_sub_paragraph_refs_roll_up_to_their_article():
    a = known(1.0, articles=("5(2)",))
    b = known(0.0, articles=("5(5)",))

    by_article = analyse([a, b]).by_article

    assert list(by_article) == ["5"]
    assert by_article["5"].readiness == 0.5
    assert by_article["5"].question_ids == (a.id, b.id)


def test_question_naming_several_articles_counts_once_in_each():
    multi = known(0.5, articles=("7(1)", "7(4)", "11(2)"))
    other = known(1.0, articles=("11",))

    by_article = analyse([multi, other]).by_article

    assert by_article["7"].total == 1, "two refs to article 7 still count once"
    assert by_article["7"].question_ids == (multi.id,)
    assert by_article["11"].total == 2
    assert by_article["11"].readiness == 0.75


def test_articles_sort_numerically():
    questions = [known(1.0, articles=(ref,)) for ref in ("10", "9", "2", "11(1)", "7(1)(a)")]

    assert list(analyse(questions).by_article) == ["2", "7", "9", "10", "11"]


def test_question_without_articles_counts_overall_but_in_no_article():
    analysis = analyse([known(1.0, articles=())])

    assert analysis.overall.total == 1
    assert analysis.by_article == {}


# Sections


def test_sections_keep_first_seen_order_and_score_separately():
    questions = [
        known(1.0, section="ART7"),
        known(0.0, section="ART5"),
        known(0.5, section="ART7"),
        unknown(section="ART11"),
    ]

    by_section = analyse(questions).by_section

    assert list(by_section) == ["ART7", "ART5", "ART11"]
    assert by_section["ART7"].readiness == 0.75
    assert by_section["ART5"].readiness == 0.0
    assert by_section["ART11"].readiness is None
    assert by_section["ART11"].coverage == 0.0


# Gap ordering and agencies


def test_gaps_order_by_obligation_then_weight_then_kind_then_score_then_code():
    good_practice_heavy = known(0.0, code="A", obligation="good_practice", weight=5)
    binding_light = known(0.5, code="B", obligation="binding", weight=1)
    binding_heavy_investigate = unknown(code="C", obligation="binding", weight=4)
    binding_heavy_gap_mild = known(0.5, code="D", obligation="binding", weight=4)
    binding_heavy_gap_worse = known(0.25, code="E", obligation="binding", weight=4)
    binding_heavy_gap_tie_z = known(0.25, code="Z", obligation="binding", weight=4)
    binding_heavy_gap_tie_f = known(0.25, code="F", obligation="binding", weight=4)
    qualified = known(0.0, code="G", obligation="qualified", weight=5)

    shuffled = [
        good_practice_heavy,
        binding_heavy_gap_tie_z,
        qualified,
        binding_light,
        binding_heavy_investigate,
        binding_heavy_gap_mild,
        binding_heavy_gap_tie_f,
        binding_heavy_gap_worse,
    ]

    codes = [gap.question.code for gap in analyse(shuffled).gaps]

    assert codes == ["E", "F", "Z", "D", "C", "B", "G", "A"]


def test_gap_order_does_not_depend_on_input_order():
    questions = [known(0.5, code="X"), unknown(code="Y"), known(0.0, code="W", obligation="qualified")]

    forwards = analyse(questions).gaps
    backwards = analyse(reversed(questions)).gaps

    assert forwards == backwards


def test_gaps_for_agency_keeps_only_that_agencys_gaps_in_order():
    customs_heavy = known(0.0, code="A", weight=5, owners=("Customs", "Defence"))
    customs_open = unknown(code="B", weight=2, owners=("Customs",))
    defence_only = known(0.0, code="C", weight=3, owners=("Defence",))
    customs_done = known(1.0, code="D", owners=("Customs",))
    unowned = known(0.0, code="E")

    analysis = analyse([customs_open, defence_only, customs_done, unowned, customs_heavy])

    assert [gap.question.code for gap in gaps_for_agency(analysis, "Customs")] == ["A", "B"]
    assert [gap.question.code for gap in gaps_for_agency(analysis, "Defence")] == ["A", "C"]
    assert gaps_for_agency(analysis, "Foreign Affairs") == ()


# Explaining the numbers


def test_question_ids_explain_each_number():
    art5_known = known(1.0, section="ART5", articles=("5(1)",))
    art5_unknown = unknown(section="ART5", articles=("5(2)",))
    art7_na = not_applicable(section="ART7", articles=("7",))
    shared = known(0.5, section="ART7", articles=("5(5)", "7(1)"))

    analysis = analyse([art5_known, art5_unknown, art7_na, shared])

    assert analysis.overall.question_ids == (art5_known.id, art5_unknown.id, art7_na.id, shared.id)
    assert analysis.by_section["ART5"].question_ids == (art5_known.id, art5_unknown.id)
    assert analysis.by_section["ART7"].question_ids == (art7_na.id, shared.id)
    assert analysis.by_article["5"].question_ids == (art5_known.id, art5_unknown.id, shared.id)
    assert analysis.by_article["7"].question_ids == (art7_na.id, shared.id)
    for score in [analysis.overall, *analysis.by_section.values(), *analysis.by_article.values()]:
        assert score.answered + score.to_investigate + score.not_applicable == score.total == len(score.question_ids)


# Edge cases and validation


def test_empty_input_gives_an_empty_analysis():
    analysis = analyse([])

    assert analysis.overall == Score(
        readiness=None, answered=0, to_investigate=0, not_applicable=0, total=0, question_ids=()
    )
    assert analysis.overall.coverage is None
    assert analysis.by_section == {}
    assert analysis.by_article == {}
    assert analysis.gaps == ()


def test_analyse_accepts_a_generator():
    analysis = analyse(known(score) for score in (1.0, 0.0))

    assert analysis.overall.readiness == 0.5
    assert len(analysis.gaps) == 1


def test_analyse_rejects_a_question_given_twice():
    repeated = known(0.0)

    with pytest.raises(ValueError, match="more than once"):
        analyse([repeated, repeated])


def test_lists_are_frozen_into_tuples_so_inputs_stay_hashable():
    q = question(articles=["5(1)"], owners=["Customs"])

    assert q.articles == ("5(1)",)
    assert q.owners == ("Customs",)
    assert hash(q) == hash(question(id=q.id, articles=("5(1)",), owners=("Customs",)))


@pytest.mark.parametrize(
    "bad",
    [
        {"obligation": "mandatory"},
        {"weight": 0},
        {"weight": 6},
        {"score": 1.5},
        {"score": -0.1},
        {"articles": ("Art. 5",)},
    ],
)
def test_invalid_question_inputs_fail_loudly(bad):
    with pytest.raises(ValueError):
        question(**bad)


def test_gap_carries_the_whole_question_for_the_report():
    na_reasoned = not_applicable(reason="No brokering activity")
    shortfall = known(0.0, owners=("Customs",))

    analysis = analyse([na_reasoned, shortfall])

    assert analysis.gaps == (Gap(question=shortfall, kind="gap", severity=3.0),)


# Low coverage


def test_one_known_answer_of_six_is_full_readiness_on_low_coverage():
    # The demo's "Maritime, transit and brokering": 100 % from one known answer of six.
    score = score_group([known(1.0), *(unknown() for _ in range(3)), unanswered(), unanswered()])
    assert score.readiness == 1.0 and score.low_coverage


def test_half_of_the_applicable_questions_known_is_enough():
    score = score_group([known(0.5), known(1.0), unknown(), unanswered()])
    assert score.coverage == 0.5 and not score.low_coverage


def test_not_applicable_questions_do_not_count_against_coverage():
    score = score_group([known(1.0), not_applicable(), not_applicable(), unknown()])
    assert score.coverage == 0.5 and not score.low_coverage


def test_a_section_with_nothing_known_has_no_number_to_flag():
    assert not score_group([unknown(), unanswered()]).low_coverage
    assert not score_group([not_applicable()]).low_coverage
