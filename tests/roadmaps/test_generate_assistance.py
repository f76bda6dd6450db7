"""Which generated actions start as "assistance needed": only those whose template says so."""

from datetime import date

import pytest

from roadmaps.services import generate_roadmap

START = date(2027, 1, 4)


@pytest.fixture
def bank(bank):
    """The test bank with ACT-LIST flagged as typically needing outside help; ACT-LAW only suggests the VTF."""
    actions = bank["sections"][0]["questions"][0]["actions"]
    assert actions[0]["code"] == "ACT-LAW" and actions[0]["assistance"] == ["vtf"]
    actions[0]["needs_assistance"] = False
    actions[1]["needs_assistance"] = True
    return bank


def test_only_actions_of_flagged_templates_start_as_assistance_needed(team):
    roadmap = generate_roadmap(assessment=team["assessment"], user=team["coordinator"], start_date=START)
    actions = {action.code: action for action in roadmap.actions.prefetch_related("assistance_sources")}
    assert actions["ACT-LIST"].assistance == "needed"
    # A suggested source is not a need: the team decides, or the curators' flag does.
    assert actions["ACT-LAW"].assistance == ""
    assert [source.code for source in actions["ACT-LAW"].assistance_sources.all()] == ["vtf"]


def test_regenerating_keeps_what_the_team_decided_about_assistance(team):
    roadmap = generate_roadmap(assessment=team["assessment"], user=team["coordinator"], start_date=START)
    listing = roadmap.actions.get(code="ACT-LIST")
    listing.assistance = ""
    listing.save(update_fields=["assistance"])
    generate_roadmap(assessment=team["assessment"], user=team["coordinator"])
    listing.refresh_from_db()
    assert listing.assistance == ""
