"""Curators keep the library in the admin; every edit is kept in history."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from experiences.models import Experience, Source
from frameworks.curation import ensure_curator_group
from tests.experiences.conftest import make_experience
from tests.factories import CountryFactory, UserFactory


@pytest.fixture
def curator_client(client_for, db):
    curator = UserFactory(is_staff=True)
    curator.groups.add(ensure_curator_group())
    client = client_for(curator)  # signed in as staff must be
    client.curator = curator
    return client


@pytest.fixture
def palau(db):
    return CountryFactory(code="PW", name="Palau", subregion="oceania")


def _form(country, **fields) -> dict:
    data = {
        "key": "palau-workshop",
        "country": str(country.pk),
        "title": "Palau: a national workshop",
        "start_year": "2017",
        "end_year": "2019",
        "summary": "A workshop funded by the **Voluntary Trust Fund**.",
        "articles": "16(3), 21",
        "steps": ["deposit", "committee"],
        "cost_or_duration": "About 17 months to deposit.",
        "outcome": "Ratified in 2019.",
        "question_codes": ["ART5-01"],
        "action_codes": ["ACT-LAW"],
        "published": "on",
        "translations": "{}",
        "sources-TOTAL_FORMS": "1",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "1",
        "sources-MAX_NUM_FORMS": "1000",
        "sources-0-order": "0",
        "sources-0-title": "UN Treaty Collection",
        "sources-0-url": "https://treaties.un.org/",
    }
    return data | fields


def test_the_curators_group_may_edit_the_library(db):
    codenames = set(ensure_curator_group().permissions.values_list("codename", flat=True))
    assert {"add_experience", "change_experience", "delete_experience", "add_source", "change_source"} <= codenames
    assert Permission.objects.filter(codename="view_historicalexperience").exists()


def test_a_curator_adds_an_entry_with_its_sources(curator_client, palau, framework):
    response = curator_client.post(reverse("admin:experiences_experience_add"), _form(palau))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    entry = Experience.objects.get(key="palau-workshop")
    assert entry.articles == ["16(3)", "21"]
    assert entry.steps == ["committee", "deposit"]  # in the order of the road
    assert entry.question_codes == ["ART5-01"] and entry.action_codes == ["ACT-LAW"]
    assert "<strong>Voluntary Trust Fund</strong>" in entry.summary_html_for("en")
    assert list(entry.sources.values_list("title", "url")) == [("UN Treaty Collection", "https://treaties.un.org/")]
    assert entry.history.get().history_user == curator_client.curator


def test_a_curators_edit_is_kept_in_history(curator_client, palau, framework):
    entry = make_experience(country=palau, key="palau-workshop", title="First wording", question_codes=["ART5-01"])
    source = entry.sources.get()
    url = reverse("admin:experiences_experience_change", args=[entry.pk])
    page = curator_client.get(url)
    assert page.status_code == 200 and 'value="First wording"' in page.text
    data = _form(palau, title="Second wording") | {
        "sources-INITIAL_FORMS": "1",
        "sources-0-id": str(source.pk),
        "sources-0-experience": str(entry.pk),
    }
    assert curator_client.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Second wording"
    latest, first = entry.history.all()[:2]
    assert (latest.title, first.title) == ("Second wording", "First wording")
    assert latest.history_user == curator_client.curator
    history = curator_client.get(reverse("admin:experiences_experience_history", args=[entry.pk]))
    assert history.status_code == 200 and "Second wording" in history.text


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"articles": "5(2, 29"}, "articles"),
        ({"start_year": "2019", "end_year": "2017"}, None),
        ({"start_year": "1066"}, None),
        ({"steps": ["party"]}, "steps"),
        ({"question_codes": ["NOPE-01"]}, "question_codes"),
        ({"translations": '{"fr": {"key": "x"}}'}, "translations"),
        ({"translations": '["fr"]'}, "translations"),
        ({"sources-TOTAL_FORMS": "0", "sources-0-title": "", "sources-0-url": ""}, None),
        ({"sources-0-url": "javascript:alert(1)"}, None),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_stored(curator_client, palau, framework, fields, field):
    response = curator_client.post(reverse("admin:experiences_experience_add"), _form(palau, **fields))
    assert response.status_code == 200  # the form again, with its errors
    if field:
        assert response.context["adminform"].form.errors[field]
    assert Experience.objects.count() == 0 and Source.objects.count() == 0


def test_curators_filter_the_list_by_article_and_step(curator_client, palau):
    make_experience(country=palau, title="About article five", articles=["5(2)"], steps=["legal_review"])
    make_experience(country=palau, title="About article twenty-one", articles=["21"], steps=["deposit"])
    changelist = reverse("admin:experiences_experience_changelist")
    by_article = curator_client.get(changelist, {"article": "5"}).text
    assert "About article five" in by_article and "About article twenty-one" not in by_article
    by_step = curator_client.get(changelist, {"step": "deposit"}).text
    assert "About article twenty-one" in by_step and "About article five" not in by_step


def test_publishing_from_the_list_is_kept_in_history(curator_client, palau):
    entry = make_experience(country=palau, published=False)
    response = curator_client.post(
        reverse("admin:experiences_experience_changelist"), {"action": "publish", "_selected_action": [entry.pk]}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.published and entry.history.first().history_user == curator_client.curator
