import pytest

from tests.factories import make_team


@pytest.fixture
def bank(bank):
    """The test bank, with ACT-LAW ("Pass the law", VTF suggested) flagged by curators as typically needing
    outside help, so that its generated action starts as "assistance needed"."""
    bank["sections"][0]["questions"][0]["actions"][0]["needs_assistance"] = True
    return bank


@pytest.fixture
def team(framework):
    return make_team(framework)
