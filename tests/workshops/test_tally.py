"""The tally is a pure function: counted without the database."""

from workshops.tally import tally

OPTIONS = [("in_place", "In place"), ("partly", "Partly in place"), ("unknown", "Don't know")]


def test_positions_are_counted_per_option_with_the_agencies_named():
    result = tally(
        options=OPTIONS,
        positions=[("Licensing", "in_place"), ("Customs", "partly"), ("Defence", "in_place")],
        team=["Customs", "Defence", "Foreign Affairs", "Licensing"],
    )
    assert [(o.value, o.count, o.agencies) for o in result.options] == [
        ("in_place", 2, ("Defence", "Licensing")),
        ("partly", 1, ("Customs",)),
        ("unknown", 0, ()),
    ]
    assert result.answered == 3 and result.total == 4
    assert result.waiting == ("Foreign Affairs",)
    assert result.disputed


def test_notes_without_an_answer_are_no_position():
    result = tally(
        options=OPTIONS, positions=[("Customs", ""), ("Licensing", "in_place")], team=["Customs", "Licensing"]
    )
    assert result.answered == 1
    assert result.waiting == ("Customs",)
    assert not result.disputed


def test_dont_know_is_counted_but_is_no_disagreement():
    result = tally(options=OPTIONS, positions=[("Customs", "unknown"), ("Licensing", "in_place")], team=[])
    assert [o.count for o in result.options] == [1, 0, 1]
    assert not result.disputed


def test_a_value_the_scale_no_longer_has_is_still_shown():
    result = tally(options=OPTIONS, positions=[("Customs", "retired_option")], team=["Customs"])
    assert result.options[-1].value == "retired_option" and result.options[-1].label == "retired_option"
    assert result.options[-1].agencies == ("Customs",)


def test_an_agency_that_left_the_team_keeps_its_position_counted():
    result = tally(options=OPTIONS, positions=[("Police", "partly")], team=["Customs"])
    assert result.options[1].agencies == ("Police",)
    assert result.waiting == ("Customs",) and result.total == 2
