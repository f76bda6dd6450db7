"""Generated roadmap texts are read in the reader's language: action titles from the bank's translation until
the team edits them, milestone titles and reasons from the catalogue, with dates in the language's format."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from assessments.services import save_position
from roadmaps.selectors import roadmap_view
from roadmaps.services import generate_roadmap, update_action
from tests.assessments.conftest import membership_of

START = date(2027, 1, 4)


@pytest.fixture
def bank(bank):
    law = bank["sections"][0]["questions"][0]["actions"][0]
    law["indicator"] = "The law is in the official gazette"
    law["translations"] = {"fr": {"title": "Adopter la loi", "indicator": "La loi est publiée au journal officiel"}}
    return bank


@pytest.fixture
def roadmap(team, framework):
    save_position(
        membership=membership_of(team, "licensing"),
        question=framework.questions.get(code="ART5-01"),
        value="not_in_place",
        reason="",
        notes="",
        legal_references=[],
        base_version=0,
    )
    return generate_roadmap(assessment=team["assessment"], user=team["coordinator"], start_date=START)


def _law(view):
    return next(action for action in view.actions if action.code == "ACT-LAW")


def test_action_and_milestone_texts_follow_the_reader(roadmap):
    stored = roadmap.actions.get(code="ACT-LAW")
    assert stored.title == "Pass the law", "the row keeps the bank's English"
    with translation.override("fr"):
        view = roadmap_view(roadmap)
        assert (_law(view).title, _law(view).indicator) == ("Adopter la loi", "La loi est publiée au journal officiel")
        annual = next(m for m in view.milestones if m.code in ("annual_report", "first_annual_report"))
        assert annual.title.startswith(("Rapport annuel", "Premier rapport annuel"))
        assert "13(3)" in annual.basis and "31 mai" in annual.basis and "annual report" not in annual.basis
    with translation.override("en"):
        view = roadmap_view(roadmap)
        assert _law(view).title == "Pass the law"
        assert any(m.title.startswith("Annual report for") for m in view.milestones)


def test_a_milestone_date_in_its_reason_is_written_the_readers_way(roadmap):
    milestone = roadmap.milestones.first()
    milestone.texts = {
        "basis": [
            "Article 13(1) required the initial report within one year of entry into force, by %(date)s, so it is "
            "overdue; planning target three months from the start.",
            {"date": "2026-12-23"},
        ]
    }
    with translation.override("fr"):
        assert "23 décembre 2026" in milestone.in_reader_language().basis
    with translation.override("en"):
        assert "by 23 Dec 2026, so it is overdue" in milestone.in_reader_language().basis


def test_a_title_the_team_typed_reads_as_typed_in_every_language(roadmap, team):
    law = roadmap.actions.get(code="ACT-LAW")
    data = {"title": "Pass the Strategic Trade Act", "description": law.description, "indicator": law.indicator}
    update_action(membership=membership_of(team, "coordinator"), action=law, data=data, base_version=law.version)
    with translation.override("fr"):
        assert _law(roadmap_view(roadmap)).title == "Pass the Strategic Trade Act"


def test_saving_the_form_as_shown_in_french_is_not_an_edit(roadmap, team):
    law = roadmap.actions.get(code="ACT-LAW")
    with translation.override("fr"):
        shown = roadmap.actions.get(code="ACT-LAW").in_reader_language()
        data = {"title": shown.title, "description": shown.description, "indicator": shown.indicator, "notes": "ok"}
        update_action(membership=membership_of(team, "coordinator"), action=law, data=data, base_version=law.version)
    law.refresh_from_db()
    assert (law.title, law.notes) == ("Pass the law", "ok")
    assert "title" not in law.edited_fields and "indicator" not in law.edited_fields


def test_the_roadmap_page_in_french_shows_the_french_action_title(roadmap, team, client_for):
    coordinator = team["coordinator"]
    coordinator.preferred_language = "fr"
    coordinator.save()
    page = client_for(coordinator).get(reverse("roadmaps:detail", args=[team["assessment"].pk])).text
    assert "Adopter la loi" in page and "Pass the law" not in page
