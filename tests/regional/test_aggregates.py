"""The pure core of the regional view: which assessments count, and what is withheld."""

import itertools
from datetime import datetime

import pytest

from regional.aggregates import (
    BAND,
    EXACT_STATES,
    MIN_STATES,
    TRACKS,
    SharedAssessment,
    band_of,
    counted,
    mean_cell,
    summarise,
)

SEA = {"PH": "south_east_asia", "TH": "south_east_asia", "ID": "south_east_asia", "VN": "south_east_asia"}
OCEANIA = {"FJ": "oceania", "WS": "oceania", "TO": "oceania"}
EAST = {"JP": "east_asia"}
_ids = itertools.count(1000)


def state(
    country,
    overall,
    *,
    level="aggregated",
    track="compliance",
    pk=None,
    day=1,
    articles=None,
    actions=None,
    verified=True,
    current=True,
):
    return SharedAssessment(
        assessment_id=pk if pk is not None else next(_ids),
        country=country,
        track=track,
        level=level,
        started=datetime(2026, 1, day),
        overall=overall,
        articles=articles if articles is not None else {"5": overall},
        actions=actions,
        verified=verified,
        current=current,
    )


def compliance(summaries):
    return next(summary for summary in summaries if summary.track == "compliance")


def test_a_cell_of_fewer_than_three_states_is_withheld_and_says_nothing():
    assert MIN_STATES == 3
    for values in ([], [0.5], [0.5, 0.7], [0.5, None, None, 0.7]):
        cell = mean_cell(values)
        assert cell.withheld and cell.readiness is None and cell.states is None
    cell = mean_cell([0.5, 0.7, 0.9])
    assert not cell.withheld and cell.states == 3 and cell.readiness is None and cell.band == pytest.approx((0.7, 0.8))


def test_three_or_four_states_give_a_ten_point_band_and_five_an_exact_mean():
    assert (MIN_STATES, EXACT_STATES, BAND) == (3, 5, 0.1)
    four = mean_cell([0.31, 0.32, 0.33, 0.40])
    assert four.banded and four.states == 4 and four.readiness is None and four.band == pytest.approx((0.3, 0.4))
    five = mean_cell([0.31, 0.32, 0.33, 0.40, 0.39])
    assert not five.banded and five.states == 5 and five.readiness == pytest.approx(0.35)


@pytest.mark.parametrize(
    ("mean", "band"), [(0.0, (0.0, 0.1)), (0.1, (0.1, 0.2)), (0.34, (0.3, 0.4)), (0.999, (0.9, 1.0)), (1.0, (0.9, 1.0))]
)
def test_a_band_holds_its_mean(mean, band):
    assert band_of(mean) == pytest.approx(band)


def test_two_sharing_states_give_a_withheld_track_with_no_numbers():
    summary = compliance(summarise([state("PH", 0.8), state("TH", 0.4)], SEA))
    assert summary.withheld and summary.states is None
    assert summary.overall.withheld and not summary.by_subregion and not summary.by_article


def test_three_sharing_states_give_means_by_subregion_and_by_article():
    states = [
        state("PH", 0.9, articles={"5": 1.0, "7": 0.5}),
        state("TH", 0.6, articles={"5": 0.5, "7": None}),
        state("ID", 0.3, articles={"5": 0.0, "7": 0.5}),
    ]
    summary = compliance(summarise(states, SEA))
    assert summary.states == 3
    assert summary.by_subregion["south_east_asia"].band == pytest.approx((0.6, 0.7))
    assert summary.by_subregion["south_east_asia"].states == 3
    assert summary.overall.band == pytest.approx((0.6, 0.7))  # the same three states: the same cell
    assert summary.by_article["5"].band == pytest.approx((0.5, 0.6))
    assert all(cell.readiness is None for cell in (summary.overall, *summary.by_article.values()))
    # Article 7 is known for two states only: withheld, although the track is shown.
    assert summary.by_article["7"].withheld


def test_a_subregion_with_fewer_than_three_states_is_withheld_while_others_show():
    countries = SEA | OCEANIA | EAST
    states = [state(code, 0.5) for code in ("PH", "TH", "ID", "FJ", "WS", "TO")] + [state("JP", 0.9)]
    summary = compliance(summarise(states, countries))
    assert not summary.by_subregion["south_east_asia"].withheld
    assert not summary.by_subregion["oceania"].withheld
    assert summary.by_subregion["east_asia"].withheld  # one state: its own value
    # And the all-states row would give it back by subtraction: withheld too.
    assert summary.overall.withheld


def test_the_all_states_row_shows_only_when_every_subregion_that_shares_is_exact_or_only_one_shares():
    countries = SEA | OCEANIA | EAST | {"MY": "south_east_asia", "FM": "oceania", "PW": "oceania"}
    exact_everywhere = [state(code, 0.5) for code in ("PH", "TH", "ID", "VN", "MY", "FJ", "WS", "TO", "FM", "PW")]
    summary = compliance(summarise(exact_everywhere, countries))
    assert summary.overall.states == 10 and summary.overall.readiness == pytest.approx(0.5)
    assert summary.by_subregion["east_asia"].withheld  # nobody there: nobody hidden
    # Five exact in South-east Asia, three banded in Oceania: the row minus the exact subregion would give the
    # Oceanian states' exact mean, finer than their band.
    one_banded = [state(code, 0.5) for code in ("PH", "TH", "ID", "VN", "MY", "FJ", "WS", "TO")]
    assert compliance(summarise(one_banded, countries)).overall.withheld
    two_hidden_in_two_subregions = [state(code, 0.5) for code in ("PH", "TH", "ID", "FJ", "JP")]
    assert compliance(summarise(two_hidden_in_two_subregions, countries)).overall.withheld


def test_every_subregion_of_the_organization_has_a_row_even_where_nobody_shares():
    summary = compliance(summarise([state(code, 0.5) for code in ("PH", "TH", "ID")], SEA | OCEANIA | EAST))
    assert set(summary.by_subregion) == {"south_east_asia", "oceania", "east_asia"}


def test_private_assessments_do_not_count():
    states = [state("PH", 0.9), state("TH", 0.6), state("ID", 0.3, level="private")]
    assert compliance(summarise(states, SEA)).withheld
    assert [item.country for item in counted(states, SEA)] == ["PH", "TH"]


def test_the_state_s_current_assessment_counts_not_the_latest_one():
    states = [
        state("PH", 0.9, day=1, pk=1),
        state("PH", 0.1, day=20, pk=2, current=False),  # newer, shared, but not the one the coordinator marked
        state("TH", 0.6),
        state("ID", 0.3),
    ]
    chosen = counted(states, SEA)
    assert sorted(item.assessment_id for item in chosen if item.country == "PH") == [1]
    assert compliance(summarise(states, SEA)).overall.band == pytest.approx((0.6, 0.7))


def test_assessments_not_started_and_shared_by_verified_officials_do_not_count():
    states = [
        state("PH", 0.9, pk=1),
        state("PH", 0.0, day=20, pk=2, verified=False),  # an outsider's "Philippines", marked current by them
        state("TH", 0.6),
        state("ID", 0.3, verified=False),
    ]
    assert [item.assessment_id for item in counted(states, SEA)] == [1, states[2].assessment_id]
    assert compliance(summarise(states, SEA)).withheld


def test_a_newer_private_assessment_leaves_the_older_shared_one_counting():
    states = [
        state("PH", 0.9, day=1, pk=1),
        state("PH", 0.0, day=20, pk=2, level="private"),  # work in progress the team keeps to itself
        state("TH", 0.6),
        state("ID", 0.3),
    ]
    assert [item.assessment_id for item in counted(states, SEA) if item.country == "PH"] == [1]
    assert compliance(summarise(states, SEA)).overall.band == pytest.approx((0.6, 0.7))


def test_between_two_marked_current_the_choice_does_not_depend_on_input_order():
    same_day = [state("PH", 0.2, pk=7), state("PH", 0.8, pk=9)]
    assert counted(same_day, SEA)[0].assessment_id == 9
    assert counted(list(reversed(same_day)), SEA)[0].assessment_id == 9


def test_states_outside_the_organization_are_ignored():
    states = [state("PH", 0.9), state("TH", 0.6), state("FR", 0.3)]
    assert [item.country for item in counted(states, SEA)] == ["PH", "TH"]
    assert compliance(summarise(states, SEA)).withheld


def test_each_track_is_counted_apart_and_both_are_always_listed():
    states = [state(code, 0.5) for code in ("PH", "TH", "ID")] + [state("VN", 0.2, track="universalization")]
    summaries = summarise(states, SEA)
    assert [summary.track for summary in summaries] == list(TRACKS)
    assert compliance(summaries).states == 3
    assert next(s for s in summaries if s.track == "universalization").withheld
    assert summarise([], SEA)[0].withheld and summarise([], SEA)[1].withheld


def test_a_state_with_no_known_readiness_is_not_a_zero():
    countries = SEA | {"MY": "south_east_asia", "SG": "south_east_asia"}
    states = [state("PH", None, articles={})] + [state(c, v) for c, v in (("TH", 0.6), ("ID", 0.4), ("VN", 0.8))]
    states += [state("MY", 0.6), state("SG", 0.6)]
    summary = compliance(summarise(states, countries))
    assert summary.states == 6 and summary.overall.states == 5
    assert summary.overall.readiness == pytest.approx(0.6)


def test_action_counts_need_five_states_sharing_their_roadmap_summary():
    actions = {(1, "planned"): 2, (2, "done"): 1}
    two = [
        state("PH", 0.5, level="roadmap_summary", actions=actions),
        state("TH", 0.5, level="roadmap_summary", actions=actions),
        state("ID", 0.5, level="aggregated", actions=actions),  # scores only: its actions do not count
        state("VN", 0.5, level="roadmap_summary", actions=None),  # no roadmap yet
    ]
    summary = compliance(summarise(two, SEA))
    assert not summary.withheld and summary.actions.withheld and summary.actions.count(1, "planned") == 0
    countries = SEA | {"MY": "south_east_asia", "SG": "south_east_asia"}
    four = [*two[:2], state("ID", 0.5, level="roadmap_summary", actions={(1, "planned"): 1, (3, "dropped"): 4})]
    four.append(state("MY", 0.5, level="roadmap_summary", actions=actions))
    # Four states: a sum is no band, and three colluders would subtract theirs from it.
    assert compliance(summarise(four, countries)).actions.withheld
    five = [*four, state("SG", 0.5, level="roadmap_summary", actions={})]
    summary = compliance(summarise(five, countries))
    assert summary.actions.states == 5
    assert summary.actions.count(1, "planned") == 7
    assert summary.actions.count(2, "done") == 3
    assert summary.actions.phase_total(3) == 4


def test_bad_values_fail_loudly():
    with pytest.raises(ValueError, match="sharing level"):
        state("PH", 0.5, level="public")
    with pytest.raises(ValueError, match="between 0 and 1"):
        state("PH", 1.5)
