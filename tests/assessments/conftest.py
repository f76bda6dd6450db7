import pytest

from tests.factories import UserFactory, make_team


@pytest.fixture
def team(framework):
    return make_team(framework)


@pytest.fixture
def assessment(team):
    return team["assessment"]


@pytest.fixture
def outsider(db):
    return UserFactory()


def membership_of(team, who):
    return team["memberships"][team[who].pk]
