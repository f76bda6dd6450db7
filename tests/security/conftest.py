import pytest

from tests.factories import make_team


@pytest.fixture
def team(framework):
    return make_team(framework)
