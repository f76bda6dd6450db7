"""A French or Thai reader of the demo meets no English where the portal has a translation: on every page
reachable from the assessments' overviews, and in every document rendered in their language."""

import pytest

from .conftest import page_count, page_text, pdf_path
from .leaks import READERS, visible_text


def _leaks(text: str, english: set[str], team: list[str] = ()) -> list[str]:
    flat = " ".join(text.split())
    # The team's own words read as typed, even where they quote the bank (an edited action title).
    quoted = {phrase for phrase in english if any(phrase in typed for typed in team)}
    return sorted(phrase for phrase in english - quoted if phrase in flat)


@pytest.mark.django_db
@pytest.mark.parametrize("language", READERS)
def test_no_page_of_the_demo_shows_english_that_has_a_translation(demo, language):
    crawled = {(code, url): text for (code, lang, url), text in demo.pages.items() if lang == language}
    assert len(crawled) > 40, "the crawl reaches the demo's pages"
    found = {}
    for (code, url), text in crawled.items():
        leaked = _leaks(text, demo.english[(code, language)], demo.team[code])
        if leaked:
            found[url] = leaked[:5]
    assert found == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "country"),
    [
        ("roadmap PH (fr)", "PH"),
        ("initial report PH (fr)", "PH"),
        ("questionnaire compliance (fr)", "PH"),
        ("roadmap TH (th)", "TH"),
        ("parliament brief TH (th)", "TH"),
        ("agency brief TH (th)", "TH"),
        ("questionnaire universalization (th)", "TH"),
    ],
)
def test_no_document_in_french_or_thai_shows_english_that_has_a_translation(demo, key, country, tmp_path):
    document = demo.documents[key]
    english = demo.english[(country, document.language)]
    team = demo.team[country]
    assert _leaks(visible_text(document.html), english, team) == []
    path = pdf_path(tmp_path, document)
    printed = " ".join(page_text(path, page) for page in range(1, page_count(path) + 1))
    assert _leaks(printed, english, team) == []


def test_the_leak_check_finds_english_in_a_page_but_not_in_the_teams_words():
    english = {"Is there a national control list?", "Legal review complete", "Pass the law"}
    page = "<h2>Is there a national   control list?</h2><p>Examen juridique terminé</p><td>Pass the law (2027)</td>"
    assert _leaks(visible_text(page), english, ["Pass the law (2027)"]) == ["Is there a national control list?"]
