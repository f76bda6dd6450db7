from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse


def test_a_database_outage_during_a_request_gives_a_clean_503(team_client_on_section):
    client, url = team_client_on_section
    with mock.patch("assessments.views.answers.selectors.question_rows", side_effect=OperationalError("gone")):
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Temporarily unavailable" in response.text


def test_other_errors_are_not_disguised(team_client_on_section):
    client, url = team_client_on_section
    client.raise_request_exception = False
    with mock.patch("assessments.views.answers.selectors.question_rows", side_effect=ValueError("bug")):
        assert client.get(url).status_code == 500


@pytest.fixture
def team_client_on_section(framework, client):
    from tests.factories import make_team

    team = make_team(framework)
    client.force_login(team["licensing"])
    return client, reverse("assessments:section", args=[team["assessment"].pk, "ART5"])


def test_an_outage_met_before_the_view_also_gets_the_503_page(rf):
    from portal.middleware import server_error

    try:
        raise OperationalError("connection refused while loading the session")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503 and b"Temporarily unavailable" in response.content


def test_other_server_errors_keep_the_usual_500_page(rf):
    from portal.middleware import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
