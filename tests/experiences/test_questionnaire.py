"""'How others did it' beside the guidance, on the question and section pages, at no extra query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.experiences.conftest import make_experience
from tests.factories import CountryFactory, make_team


@pytest.fixture
def team(framework):
    return make_team(framework)


@pytest.fixture
def pages(team):
    pk = team["assessment"].pk
    return {
        "question": reverse("assessments:question", args=[pk, "ART5-01"]),
        "section": reverse("assessments:section", args=[pk, "ART5"]),
    }


@pytest.fixture
def palau(db):
    return CountryFactory(code="PW", name="Palau", subregion="oceania")


def test_linked_published_experiences_show_beside_the_guidance(client, team, pages, palau):
    linked = make_experience(
        country=palau,
        title="Palau's working group",
        start_year=2017,
        end_year=2019,
        outcome="Ratified in 2019.",
        question_codes=["ART5-01"],
    )
    make_experience(country=palau, title="A draft entry", question_codes=["ART5-01"], published=False)
    make_experience(country=palau, title="About another question", question_codes=["ART5-02"])
    client.force_login(team["customs"])
    for which in ("question", "section"):
        text = client.get(pages[which]).text
        assert "How others did it" in text, which
        assert f'<a href="{linked.get_absolute_url()}">Palau&#x27;s working group</a> · Palau · 2017–2019' in text, (
            which
        )
        assert "Ratified in 2019." in text, which
        assert "A draft entry" not in text, which
    question_page = client.get(pages["question"]).text
    assert "About another question" not in question_page
    assert question_page.index("Guidance") < question_page.index("How others did it")


def test_no_block_without_linked_experiences(client, team, pages):
    client.force_login(team["customs"])
    assert "How others did it" not in client.get(pages["question"]).text


def test_a_curators_edit_shows_on_the_next_request(client, team, pages, palau):
    client.force_login(team["customs"])
    assert "How others did it" not in client.get(pages["section"]).text  # cached, without the library
    entry = make_experience(country=palau, title="First wording", question_codes=["ART5-01"])
    assert "First wording" in client.get(pages["section"]).text
    entry.title = "Second wording"
    entry.save()
    assert "Second wording" in client.get(pages["question"]).text
    entry.published = False
    entry.save()
    assert "Second wording" not in client.get(pages["section"]).text
    entry.published = True
    entry.save()
    entry.delete()
    assert "Second wording" not in client.get(pages["question"]).text


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("which", ["question", "section"])
def test_the_library_adds_no_query_to_the_questionnaire(client, team, pages, palau, which):
    client.force_login(team["customs"])
    _count(client, pages[which])  # the session settles
    without = _count(client, pages[which])
    for number in range(8):
        make_experience(country=palau, title=f"Entry {number}", question_codes=["ART5-01", "ART5-02"])
    with_library = _count(client, pages[which])  # a new library mark: the section's content is rebuilt
    cached = _count(client, pages[which])
    assert with_library == cached + 4  # a rebuild reads the questions, their options, resources and the library once
    assert cached == without
