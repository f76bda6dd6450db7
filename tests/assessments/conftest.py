import pytest

from tests.factories import UserFactory, make_team


@pytest.fixture
def team(framework):
    return make_team(framework)


@pytest.fixture
def assessment(team):
    return team["assessment"]


@pytest.fixture
def client_for(client):
    """Sign the test client in as one of the team (or anyone)."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def outsider(db):
    return UserFactory()


def membership_of(team, who):
    return team["memberships"][team[who].pk]
