"""The library page and the entry page: any signed-in user, search and filters, hostile values harmless."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from experiences.models import Experience
from tests.experiences.conftest import make_experience
from tests.factories import CountryFactory, UserFactory

LIBRARY = "/experiences/"


@pytest.fixture
def shelf(db):
    palau = CountryFactory(code="PW", name="Palau", subregion="oceania", un_region="oceania")
    philippines = CountryFactory(code="PH", name="Philippines", subregion="south_east_asia")
    maldives = CountryFactory(code="MV", name="Maldives", subregion="south_asia")
    return {
        "palau": make_experience(
            country=palau,
            title="National workshop and working group",
            summary="A workshop funded by the **Voluntary Trust Fund**.",
            articles=["16(3)", "21"],
            steps=["committee", "assistance", "deposit"],
            start_year=2017,
            end_year=2019,
            outcome="Ratified in 2019.",
            sources=[("UN Treaty Collection", "https://treaties.un.org/"), ("Island Times (islandtimes.us)", "")],
        ),
        "philippines": make_experience(
            country=philippines,
            title="Building on a strategic trade law",
            summary="Relied on Republic Act No. 10697.",
            articles=["2(2)", "5(2)"],
            steps=["legal_review"],
            outcome="Ratified in 2022.",
            question_codes=["ART5-01"],
            sources=[("Senate of the Philippines", "https://legacy.senate.gov.ph/")],
        ),
        "draft": make_experience(country=maldives, title="Cabinet to deposit, unchecked draft", published=False),
    }


def _titles(response) -> set[str]:
    return {experience.title for experience in response.context["page"]}


def test_anonymous_visitors_are_sent_to_sign_in(client, shelf):
    for url in (LIBRARY, shelf["palau"].get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_any_signed_in_user_reads_the_published_entries(logged_in_client, shelf):
    response = logged_in_client.get(LIBRARY)
    assert response.status_code == 200
    assert _titles(response) == {"National workshop and working group", "Building on a strategic trade law"}
    assert "Palau" in response.text and "2017–2019" in response.text and "Ratified in 2019." in response.text
    assert "unchecked draft" not in response.text
    assert f'href="{shelf["palau"].get_absolute_url()}"' in response.text


def test_the_pages_only_answer_get(logged_in_client, shelf):
    assert logged_in_client.post(LIBRARY).status_code == 405
    assert logged_in_client.post(shelf["palau"].get_absolute_url()).status_code == 405


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "workshop"}, {"National workshop and working group"}),
        ({"q": "10697"}, {"Building on a strategic trade law"}),  # in the summary
        ({"q": "philippines"}, {"Building on a strategic trade law"}),  # the State's name, any case
        ({"q": "island times"}, {"National workshop and working group"}),  # a source's title
        ({"q": "ratified trade"}, {"Building on a strategic trade law"}),  # every word must match
        ({"q": "5(2)"}, {"Building on a strategic trade law"}),
        ({"q": "nothing like this"}, set()),
        ({"article": "5"}, {"Building on a strategic trade law"}),  # 5(2) is article 5
        ({"article": "2"}, {"Building on a strategic trade law"}),  # 21 is not article 2
        ({"article": "16"}, {"National workshop and working group"}),
        ({"article": "21"}, {"National workshop and working group"}),
        ({"article": "7"}, set()),
        ({"step": "committee"}, {"National workshop and working group"}),
        ({"step": "legal_review"}, {"Building on a strategic trade law"}),
        ({"subregion": "oceania"}, {"National workshop and working group"}),
        ({"subregion": "south_asia"}, set()),  # the Maldives entry is a draft
        (
            {"article": "21", "step": "deposit", "subregion": "oceania", "q": "fund"},
            {"National workshop and working group"},
        ),
        ({"article": "21", "subregion": "south_east_asia"}, set()),
    ],
)
def test_search_and_filters(logged_in_client, shelf, query, expected):
    response = logged_in_client.get(LIBRARY, query)
    assert response.status_code == 200
    assert _titles(response) == expected


HOSTILE = [
    "<script>alert(1)</script>",
    "'; DROP TABLE experiences_experience; --",
    "bad\x00value",
    "\x00",
    "x" * 10_000,
    "²",
    "٣",
    "5(2)",
    "0",
    "-1",
    "29",
    "99999999999999999999999",
    "{{ request }}",
    "../../etc/passwd",
    "🙂" * 50,
]


@pytest.mark.parametrize("name", ["q", "article", "step", "subregion", "page"])
def test_hostile_filter_values_are_ignored(logged_in_client, shelf, name):
    for value in HOSTILE:
        response = logged_in_client.get(LIBRARY, {name: value})
        assert response.status_code == 200, (name, value[:40])
        if name != "q" or "\x00" in value or len(value) > 200:
            # A value the filter cannot use is ignored: the page lists as if it were not set.
            assert len(_titles(response)) == 2, (name, value[:40])
        assert "<script>alert(1)</script>" not in response.text
    response = logged_in_client.get(LIBRARY, {"article": ["5", "<b>"], "step": ["committee", "legal_review"]})
    assert response.status_code == 200


def test_the_entry_page_shows_the_facts_sources_as_links_and_related_questions(logged_in_client, shelf, framework):
    response = logged_in_client.get(shelf["philippines"].get_absolute_url())
    assert response.status_code == 200
    text = response.text
    assert "Relied on Republic Act No. 10697." in text and "Ratified in 2022." in text
    assert '<a href="https://legacy.senate.gov.ph/" rel="noopener noreferrer">Senate of the Philippines</a>' in text
    assert "ART5-01" in text and "Is there a control list?" in text
    assert "Legal review and legislation" in text and "2(2), 5(2)" in text

    palau = logged_in_client.get(shelf["palau"].get_absolute_url()).text
    assert "<strong>Voluntary Trust Fund</strong>" in palau  # markdown, rendered
    assert "<li>Island Times (islandtimes.us)</li>" in palau  # a source without an address is cited by name


def test_related_questions_come_from_the_newest_published_version(logged_in_client, shelf, framework):
    from frameworks.services import create_draft_from, publish_framework

    newer = create_draft_from(framework=framework, version="2")
    newer.questions.filter(code="ART5-01").update(text="Is there a national control list?")
    publish_framework(framework=newer)
    response = logged_in_client.get(shelf["philippines"].get_absolute_url())
    assert response.text.count("ART5-01") == 1 and "Is there a national control list?" in response.text


def test_the_summary_is_sanitized(logged_in_client, shelf):
    entry = make_experience(
        summary='<script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror="alert(3)">',
        title="<b>Bold</b> title",
        outcome='"><svg onload=alert(4)>',
    )
    text = logged_in_client.get(entry.get_absolute_url()).text
    assert "<script>alert(1)" not in text and "javascript:alert" not in text and "onerror" not in text
    assert "<svg" not in text and "&lt;b&gt;Bold&lt;/b&gt; title" in text


def test_drafts_and_unknown_ids_are_not_found(logged_in_client, shelf):
    assert logged_in_client.get(shelf["draft"].get_absolute_url()).status_code == 404
    for bad in ("0", "987654321", "99999999999999999999999"):
        assert logged_in_client.get(f"{LIBRARY}{bad}/").status_code == 404, bad


def test_curators_preview_drafts(client_for, shelf):
    from frameworks.curation import ensure_curator_group

    curator = UserFactory(is_staff=True)
    curator.groups.add(ensure_curator_group())
    client = client_for(curator)
    response = client.get(shelf["draft"].get_absolute_url())
    assert response.status_code == 200 and "not yet published" in response.text
    assert "unchecked draft" not in client.get(LIBRARY).text  # the library itself lists published entries only


def _count(client, url) -> int:
    client.get(url)  # the first request after signing in also settles the session: not what is measured
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


LIBRARY_BUDGET = 6  # the session, the user and the entries (3 today), with room for sign-in checks


def test_the_library_page_queries_do_not_grow_with_entries(logged_in_client, shelf):
    small = _count(logged_in_client, LIBRARY)
    country = CountryFactory(code="FJ", name="Fiji", subregion="oceania")
    for number in range(40):
        make_experience(
            country=country,
            title=f"Entry {number}",
            articles=["5(2)"],
            steps=["deposit"],
            sources=[("A", "https://example.org/a"), ("B", "")],
        )
    large = _count(logged_in_client, LIBRARY)
    assert large == small <= LIBRARY_BUDGET
    assert _count(logged_in_client, f"{LIBRARY}?article=5&step=deposit&subregion=oceania&q=entry&page=2") == small


def test_the_entry_page_queries_do_not_grow_with_sources_and_links(logged_in_client, shelf, framework):
    one_of_each = make_experience(question_codes=["ART5-01"], action_codes=["ACT-LAW"])
    small = _count(logged_in_client, one_of_each.get_absolute_url())
    entry = make_experience(
        question_codes=["ART5-01", "ART5-02", "NO-LONGER"],
        action_codes=["ACT-LAW", "ACT-LIST"],
        sources=[(f"Source {n}", f"https://example.org/{n}") for n in range(12)],
    )
    assert _count(logged_in_client, entry.get_absolute_url()) == small


def test_a_pageful_at_a_time(logged_in_client, db):
    country = CountryFactory(code="TO", name="Tonga", subregion="oceania")
    for number in range(30):
        make_experience(country=country, title=f"Entry {number:02d}")
    first = logged_in_client.get(LIBRARY, {"subregion": "oceania"})
    assert len(first.context["page"]) == 25 and first.context["count"] == 30
    assert "?subregion=oceania&amp;page=2" in first.text
    assert len(logged_in_client.get(LIBRARY, {"subregion": "oceania", "page": "2"}).context["page"]) == 5
    assert Experience.objects.count() == 30
