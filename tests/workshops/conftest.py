import copy
from datetime import date

import pytest

from tests.assessments.conftest import membership_of
from tests.factories import UserFactory, make_team
from workshops.services import create_workshop


@pytest.fixture
def bank(bank):
    """The minimal bank with a second section, so that the projector has somewhere to move."""
    second = copy.deepcopy(bank["sections"][0]["questions"][1]) | {"code": "ART6-01", "text": "Are embargoes applied?"}
    bank["sections"].append({"code": "ART6", "title": "Prohibitions", "articles": ["6"], "questions": [second]})
    return bank


@pytest.fixture
def team(framework):
    return make_team(framework)


@pytest.fixture
def assessment(team):
    return team["assessment"]


@pytest.fixture
def outsider(db):
    return UserFactory()


@pytest.fixture
def workshop(team):
    return create_workshop(
        membership=membership_of(team, "coordinator"), title="National validation workshop", date=date(2027, 3, 2)
    )
