import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.urls import reverse

from roadmaps.models import Roadmap, RoadmapAction
from roadmaps.services import generate_roadmap
from tests.factories import AgencyFactory

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def roadmap(team):
    return generate_roadmap(assessment=team["assessment"], user=team["coordinator"], start_date=date(2027, 1, 4))


def _edit(action, **changes):
    data = {
        "title": action.title,
        "description": action.description,
        "indicator": action.indicator,
        "lead_agency": action.lead_agency_id or "",
        "phase": action.phase,
        "start": action.start.isoformat(),
        "end": action.end.isoformat(),
        "status": action.status,
        "cost_amount": "",
        "cost_currency": "USD",
        "funding": action.funding,
        "assistance": action.assistance,
        "assistance_notes": "",
        "notes": "",
        "version": action.version,
    }
    return data | changes


def test_coordinator_generates_the_roadmap(team, client_for):
    assessment = team["assessment"]
    response = client_for(team["coordinator"]).post(
        reverse("roadmaps:generate", args=[assessment.pk]), {"start_date": "2027-01-04"}
    )
    assert response.status_code == 302
    assert Roadmap.objects.get(assessment=assessment).actions.count() == 2


def test_contributors_cannot_generate(team, client_for):
    url = reverse("roadmaps:generate", args=[team["assessment"].pk])
    assert client_for(team["licensing"]).post(url, {"start_date": "2027-01-04"}).status_code == 403


def test_a_bad_start_date_changes_nothing(team, client_for):
    url = reverse("roadmaps:generate", args=[team["assessment"].pk])
    response = client_for(team["coordinator"]).post(url, {"start_date": "next spring"}, follow=True)
    assert "Give a valid start date" in response.text
    assert not Roadmap.objects.exists()


def test_roadmap_page_shows_actions_costs_milestones_and_a_timeline(team, client_for, roadmap):
    law = roadmap.actions.get(code="ACT-LAW")
    client_for(team["licensing"]).post(
        reverse("roadmaps:action", args=[team["assessment"].pk, law.pk]),
        _edit(law, cost_amount="50000", funding="donor"),
    )
    page = client_for(team["observer"]).get(reverse("roadmaps:detail", args=[team["assessment"].pk]))
    assert page.status_code == 200
    text = page.text
    assert "Pass the law" in text and "Adopt the list" in text
    assert "50,000.00 USD" in text
    svg = ET.fromstring(
        text[text.index('<svg xmlns="http://www.w3.org/2000/svg" class="timeline"') : text.index("</svg>") + 6]
    )
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Pass the law" in labels and "Adopt the list" in labels
    assert any("report" in (label or "").lower() for label in labels)  # milestones are on it too


def test_the_team_edits_an_action_and_history_records_it(team, client_for, roadmap):
    law = roadmap.actions.get(code="ACT-LAW")
    url = reverse("roadmaps:action", args=[team["assessment"].pk, law.pk])
    response = client_for(team["customs"]).post(url, _edit(law, status="in_progress", notes="Started"))
    assert response.status_code == 302
    law.refresh_from_db()
    assert (law.status, law.notes, law.updated_by) == ("in_progress", "Started", team["customs"])
    assert law.history.first().history_user == team["customs"]


def test_a_stale_edit_is_refused_and_shows_their_version(team, client_for, roadmap):
    law = roadmap.actions.get(code="ACT-LAW")
    url = reverse("roadmaps:action", args=[team["assessment"].pk, law.pk])
    client_for(team["customs"]).post(url, _edit(law, notes="Theirs"))
    response = client_for(team["licensing"]).post(url, _edit(law, notes="Mine"))
    assert response.status_code == 409
    assert "after you opened it" in response.text and "Theirs" in response.text and "Mine" in response.text
    law.refresh_from_db()
    assert law.notes == "Theirs"


def test_bad_dates_and_currency_are_refused_and_input_kept(team, client_for, roadmap):
    law = roadmap.actions.get(code="ACT-LAW")
    url = reverse("roadmaps:action", args=[team["assessment"].pk, law.pk])
    response = client_for(team["customs"]).post(
        url, _edit(law, end="2020-01-01", cost_currency="US$", notes="My careful notes")
    )
    assert response.status_code == 422
    assert "cannot be before the start date" in response.text and "three-letter currency" in response.text
    assert "My careful notes" in response.text
    law.refresh_from_db()
    assert law.end != date(2020, 1, 1) and law.notes == ""


def test_a_lead_agency_of_another_country_is_refused(team, client_for, roadmap):
    law = roadmap.actions.get(code="ACT-LAW")
    foreign = AgencyFactory(country__code="TH", country__name="Thailand")
    response = client_for(team["customs"]).post(
        reverse("roadmaps:action", args=[team["assessment"].pk, law.pk]), _edit(law, lead_agency=foreign.pk)
    )
    assert response.status_code == 422 and "Select a valid choice" in response.text


def test_an_action_of_another_roadmap_is_404(team, client_for, roadmap, framework):
    from tests.factories import make_team

    other = make_team(framework, country_code="TH")
    other_roadmap = generate_roadmap(assessment=other["assessment"], user=other["coordinator"])
    foreign_action = other_roadmap.actions.first()
    url = reverse("roadmaps:action", args=[team["assessment"].pk, foreign_action.pk])
    assert client_for(team["coordinator"]).get(url).status_code == 404
    assert client_for(team["coordinator"]).post(url, _edit(foreign_action, notes="x")).status_code == 404


def test_the_team_adds_its_own_action(team, client_for, roadmap):
    url = reverse("roadmaps:add_action", args=[team["assessment"].pk])
    response = client_for(team["customs"]).post(
        url,
        {
            "title": "National workshop",
            "phase": 1,
            "start": "2027-02-01",
            "end": "2027-02-03",
            "status": "planned",
            "cost_currency": "USD",
            "funding": "not_funded",
            "assistance": "",
        },
    )
    assert response.status_code == 302
    assert RoadmapAction.objects.get(is_custom=True).title == "National workshop"


def test_milestone_edit(team, client_for, roadmap):
    milestone = roadmap.milestones.first()
    url = reverse("roadmaps:milestone", args=[team["assessment"].pk, milestone.pk])
    client_for(team["customs"]).post(url, {"due": "2031-05-31", "done": "on"})
    milestone.refresh_from_db()
    assert milestone.due == date(2031, 5, 31) and milestone.done and milestone.edited
    assert "valid date" in client_for(team["customs"]).post(url, {"due": "soon"}, follow=True).text


def test_roadmap_views_refuse_wrong_methods(team, client_for, roadmap):
    client = client_for(team["coordinator"])
    assert client.get(reverse("roadmaps:generate", args=[team["assessment"].pk])).status_code == 405
    assert client.post(reverse("roadmaps:detail", args=[team["assessment"].pk])).status_code == 405


def test_the_roadmap_page_is_cached_until_an_action_changes(team, client_for, roadmap):
    from unittest import mock

    from django.core.cache import cache

    from roadmaps.views import roadmap as roadmap_views

    cache.clear()
    client = client_for(team["customs"])
    url = reverse("roadmaps:detail", args=[team["assessment"].pk])
    with mock.patch.object(roadmap_views, "roadmap_view", wraps=roadmap_views.roadmap_view) as build:
        client.get(url)
        client.get(url)
        assert build.call_count == 1
        law = roadmap.actions.get(code="ACT-LAW")
        client.post(reverse("roadmaps:action", args=[team["assessment"].pk, law.pk]), _edit(law, title="Renamed law"))
        page = client.get(url).text
    assert build.call_count == 2 and "Renamed law" in page
    # An observer sees the same data without the editing controls.
    observer_page = client_for(team["observer"]).get(url).text
    assert "Renamed law" in observer_page and "Add an action of your own" not in observer_page
