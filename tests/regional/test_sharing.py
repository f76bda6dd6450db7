"""The coordinator's sharing choice: who may make it, what it records, and what the team sees."""

import pytest
from django.urls import reverse

from accounts.models import SecurityEvent
from regional.models import RegionalOrganization, Sharing
from regional.services import SHARING_CHANGED
from tests.conftest import sign_in
from tests.factories import UserFactory


def _url(team):
    return reverse("regional:sharing", args=[team["assessment"].pk])


def _overview(team):
    return reverse("assessments:detail", args=[team["assessment"].pk])


def test_a_coordinator_sets_the_level_and_it_is_logged_and_kept_in_history(team, client):
    response = sign_in(client, team["coordinator"]).post(_url(team), {"level": "roadmap_summary"})
    assert response.status_code == 302 and response.url == _overview(team) + "#sharing"
    sharing = Sharing.objects.get(assessment=team["assessment"])
    assert sharing.level == "roadmap_summary" and sharing.changed_by == team["coordinator"]
    client.post(_url(team), {"level": "aggregated"})
    sharing.refresh_from_db()
    assert sharing.level == "aggregated"
    assert [h.level for h in sharing.history.order_by("history_date")] == ["roadmap_summary", "aggregated"]
    assert sharing.history.latest().history_user == team["coordinator"]
    events = SecurityEvent.objects.filter(kind=SHARING_CHANGED).order_by("created_at")
    assert [e.detail for e in events] == [
        f"assessment {team['assessment'].pk}: private -> roadmap_summary",
        f"assessment {team['assessment'].pk}: roadmap_summary -> aggregated",
    ]
    assert all(e.user == team["coordinator"] for e in events)


def test_setting_the_same_level_again_changes_and_logs_nothing(team, client):
    sign_in(client, team["coordinator"]).post(_url(team), {"level": "aggregated"})
    client.post(_url(team), {"level": "aggregated"})
    assert SecurityEvent.objects.filter(kind=SHARING_CHANGED).count() == 1
    assert Sharing.objects.get(assessment=team["assessment"]).history.count() == 1


@pytest.mark.parametrize("bad", ["", "public", "PRIVATE", "aggregated ", "<script>", "\x00"])
def test_an_unknown_level_is_refused_and_changes_nothing(team, client, bad):
    response = sign_in(client, team["coordinator"]).post(_url(team), {"level": bad})
    assert response.status_code == 302
    page = client.get(response.url).text
    assert "Choose a sharing level from the list." in page
    assert not Sharing.objects.exists() and not SecurityEvent.objects.filter(kind=SHARING_CHANGED).exists()


@pytest.mark.parametrize("who", ["licensing", "observer"])
def test_other_members_may_not_change_it(team, client, who):
    assert sign_in(client, team[who]).post(_url(team), {"level": "aggregated"}).status_code == 403
    assert not Sharing.objects.exists()


@pytest.mark.parametrize("staff", [False, True])
def test_outsiders_get_404(team, client, staff):
    sign_in(client, UserFactory(is_staff=staff, is_superuser=staff))
    assert client.post(_url(team), {"level": "aggregated"}).status_code == 404
    assert not Sharing.objects.exists()


def test_anonymous_users_are_sent_to_sign_in(team, client):
    for response in (client.get(_url(team)), client.post(_url(team), {"level": "aggregated"})):
        assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not Sharing.objects.exists()


@pytest.mark.parametrize("staff", [False, True])
def test_outsiders_cannot_even_see_the_level(team, client, staff):
    sign_in(client, UserFactory(is_staff=staff, is_superuser=staff))
    assert client.get(_url(team)).status_code == 404
    assert client.get(_url(team), headers={"HX-Request": "true"}).status_code == 404


def test_a_locked_assessment_can_still_be_shared(team, client):
    # Locking freezes the answers; sharing the final result is exactly what a team may want then.
    team["assessment"].status = "locked"
    team["assessment"].save()
    sign_in(client, team["coordinator"]).post(_url(team), {"level": "aggregated"})
    assert Sharing.objects.get(assessment=team["assessment"]).level == "aggregated"


def test_the_overview_loads_the_sharing_panel_in_place_and_links_to_it(team, client):
    page = sign_in(client, team["licensing"]).get(_overview(team)).text
    assert f'data-hx-get="{_url(team)}"' in page and f'href="{_url(team)}"' in page


def test_the_panel_explains_each_level_and_names_the_organizations(team, client):
    organization = RegionalOrganization.objects.create(name="South-East Asian Secretariat")
    organization.countries.add(team["assessment"].country)
    sign_in(client, team["coordinator"])
    partial = client.get(_url(team), headers={"HX-Request": "true"}).text
    assert "<html" not in partial and f'action="{_url(team)}"' in partial
    page = client.get(_url(team)).text
    assert "<html" in page and f'action="{_url(team)}"' in page
    assert "Nothing leaves the team." in page
    assert "count towards averages over at least three states" in page
    assert "No action titles, descriptions, agencies, dates or costs." in page
    assert organization.name in page
    assert 'value="private" aria-describedby="sharing-private-help" checked' in page


@pytest.mark.parametrize("who", ["licensing", "observer"])
def test_members_see_the_level_but_only_coordinators_get_the_form(team, client, who):
    Sharing.objects.create(assessment=team["assessment"], level="aggregated")
    page = sign_in(client, team[who]).get(_url(team)).text
    assert "This assessment shares:" in page and "<strong>Aggregated scores</strong>" in page
    assert f'action="{_url(team)}"' not in page
    assert "Only the team's coordinators can change it." in page


def test_the_panel_takes_a_constant_number_of_queries(team, client, django_assert_max_num_queries):
    sign_in(client, team["licensing"])
    client.get(_url(team))  # the first request of a session writes it; count a later one
    with django_assert_max_num_queries(8) as few:
        assert client.get(_url(team), headers={"HX-Request": "true"}).status_code == 200
    for name in ("First desk", "Second desk", "Third desk"):
        RegionalOrganization.objects.create(name=name).countries.add(team["assessment"].country)
    Sharing.objects.create(assessment=team["assessment"], level="aggregated")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Third desk" in client.get(_url(team), headers={"HX-Request": "true"}).text
