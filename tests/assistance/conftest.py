from datetime import date
from decimal import Decimal

import pytest

from assistance.services import draft_request
from reference.models import AssistanceSource
from roadmaps.services import generate_roadmap
from tests.factories import make_team

START = date(2027, 1, 4)


@pytest.fixture
def bank(bank):
    """The test bank, with ACT-LAW flagged by curators as typically needing outside help (drafting a law)."""
    bank["sections"][0]["questions"][0]["actions"][0]["needs_assistance"] = True
    return bank


@pytest.fixture
def team(framework):
    return make_team(framework)


@pytest.fixture
def roadmap(team):
    """Two actions: ACT-LAW (12 months, needs the VTF's help, costed) and ACT-LIST (no assistance needed)."""
    roadmap = generate_roadmap(assessment=team["assessment"], user=team["coordinator"], start_date=START)
    law = roadmap.actions.get(code="ACT-LAW")
    law.cost_amount, law.cost_currency, law.indicator = Decimal("48000.00"), "USD", "Law in force"
    law.save()
    return roadmap


@pytest.fixture
def vtf(catalogues):
    return AssistanceSource.objects.get(code="vtf")


@pytest.fixture
def law(roadmap):
    return roadmap.actions.get(code="ACT-LAW")


@pytest.fixture
def draft(team, roadmap, vtf, law):
    return draft_request(assessment=team["assessment"], source=vtf, actions=[law], user=team["coordinator"])
