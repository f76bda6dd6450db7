"""The summary for the cabinet: the coordinator's introduction and the narrative, on the page and in the PDF."""

import subprocess
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from assessments.services import save_position
from roadmaps import pdf as roadmap_pdf
from roadmaps.models import INTRODUCTION_MAX_LENGTH
from roadmaps.services import add_action, generate_roadmap
from tests.assessments.conftest import membership_of
from tests.factories import UserFactory

INTRO = "Cabinet colleagues,\nthis plan <b>matters</b>."


@pytest.fixture(autouse=True)
def empty_cache(db):
    cache.clear()


@pytest.fixture
def roadmap(team):
    question = team["assessment"].framework.questions.get(code="ART5-01")
    save_position(
        membership=membership_of(team, "licensing"),
        question=question,
        value="not_in_place",
        reason="",
        notes="",
        legal_references=[],
        base_version=0,
    )
    return generate_roadmap(assessment=team["assessment"], user=team["coordinator"], start_date=date(2027, 1, 4))


def _url(team, name):
    return reverse(f"roadmaps:{name}", args=[team["assessment"].pk])


def test_the_coordinator_writes_the_introduction_and_history_keeps_it(team, client_for, roadmap):
    response = client_for(team["coordinator"]).post(_url(team, "introduction"), {"introduction": "First words."})
    assert response.status_code == 302 and response.url == _url(team, "detail") + "#summary"
    client_for(team["coordinator"]).post(_url(team, "introduction"), {"introduction": INTRO.replace("\n", "\r\n")})
    roadmap.refresh_from_db()
    assert roadmap.introduction == INTRO
    latest, earlier = roadmap.history.order_by("-history_id")[:2]
    assert (latest.introduction, latest.history_user) == (INTRO, team["coordinator"])
    assert earlier.introduction == "First words."


def test_the_introduction_shows_escaped_with_its_line_breaks_above_the_narrative(team, client_for, roadmap):
    roadmap.set_introduction(INTRO, user=team["coordinator"])
    page = client_for(team["observer"]).get(_url(team, "detail")).text
    assert "<p>Cabinet colleagues,<br>this plan &lt;b&gt;matters&lt;/b&gt;.</p>" in page
    assert page.index("Cabinet colleagues") < page.index(f'data-hx-get="{_url(team, "summary")}"')
    assert 'name="introduction"' not in page  # observers see no form


def test_only_the_coordinators_form_is_on_the_page(team, client_for, roadmap):
    assert 'name="introduction"' in client_for(team["coordinator"]).get(_url(team, "detail")).text
    assert 'name="introduction"' not in client_for(team["licensing"]).get(_url(team, "detail")).text


@pytest.mark.parametrize(("who", "status"), [("licensing", 403), ("observer", 403), ("outsider", 404)])
def test_others_cannot_write_the_introduction(team, client_for, roadmap, who, status):
    user = UserFactory() if who == "outsider" else team[who]
    assert client_for(user).post(_url(team, "introduction"), {"introduction": "Mine."}).status_code == status
    roadmap.refresh_from_db()
    assert roadmap.introduction == ""


def test_the_introduction_is_written_by_post_only_and_after_sign_in(team, client, client_for, roadmap):
    response = client.post(_url(team, "introduction"), {"introduction": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client_for(team["coordinator"]).get(_url(team, "introduction")).status_code == 405


def test_a_locked_assessment_takes_no_introduction(team, client_for, roadmap):
    team["assessment"].status = "locked"
    team["assessment"].save()
    assert client_for(team["coordinator"]).post(_url(team, "introduction"), {"introduction": "x"}).status_code == 403


def test_too_long_an_introduction_is_refused_and_the_text_kept(team, client_for, roadmap):
    text = "Long. " * (INTRODUCTION_MAX_LENGTH // 5)
    rows = roadmap.history.count()
    response = client_for(team["coordinator"]).post(_url(team, "introduction"), {"introduction": text})
    assert response.status_code == 422
    assert "Ensure this value has at most 4000 characters" in response.text
    assert text.strip() in response.text  # the textarea gives it back to shorten
    assert "The gap that matters most" in response.text or "gaps that matter most" in response.text
    roadmap.refresh_from_db()
    assert roadmap.introduction == ""
    assert roadmap.history.count() == rows  # no history row for a refused edit


def test_the_narrative_loads_in_place_for_any_member(team, client_for, roadmap):
    fragment = client_for(team["observer"]).get(_url(team, "summary"), headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    text = fragment.text
    assert "<html" not in text
    assert "Overall readiness is 0%" in text  # the one known answer: not in place
    assert "“Is there a control list?” (Article 5(2); Binding): Not in place." in text
    assert "The cabinet is asked to approve this roadmap and its funding." in text
    assert "It is also asked to approve the legal step it plans: Pass the law." in text


def test_without_script_the_summary_is_a_page_of_its_own(team, client_for, roadmap):
    roadmap.set_introduction(INTRO, user=team["coordinator"])
    page = client_for(team["licensing"]).get(_url(team, "summary"))
    assert page.status_code == 200
    assert "<html" in page.text and "Cabinet colleagues" in page.text
    assert "The cabinet is asked to approve" in page.text


def test_outsiders_get_404_for_the_summary(team, client_for, roadmap):
    assert client_for(UserFactory()).get(_url(team, "summary")).status_code == 404


def _queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 200
    return len(context.captured_queries)


def test_the_summary_runs_as_many_queries_however_much_data(team, client_for, roadmap, django_assert_max_num_queries):
    client, url = client_for(team["observer"]), _url(team, "summary")
    client.get(url)  # the session's first request saves it: not the summary's cost
    small = _queries(client, url)
    for question in team["assessment"].framework.questions.all():
        for member in ("customs", "coordinator"):
            save_position(
                membership=membership_of(team, member),
                question=question,
                value="partly",
                reason="",
                notes="",
                legal_references=[],
                base_version=0,
            )
    for n in range(6):
        add_action(
            membership=membership_of(team, "coordinator"),
            roadmap=roadmap,
            data={"title": f"Workshop {n}", "phase": 1, "start": date(2027, 2, 1), "end": date(2027, 3, 1)},
        )
    assert _queries(client, url) == small <= 40
    with django_assert_max_num_queries(17):  # from the cache: the stamp and the page's own
        client.get(url, headers={"HX-Request": "true"})


def test_the_pdf_html_carries_the_introduction_and_the_narrative(team, roadmap):
    roadmap.set_introduction(INTRO, user=team["coordinator"])
    html = roadmap_pdf.roadmap_html(assessment=team["assessment"], roadmap=roadmap, region_states=[])
    summary = html[html.index('<h2 id="summary">') : html.index('<h2 id="context">')]
    assert "<p>Cabinet colleagues,<br>this plan &lt;b&gt;matters&lt;/b&gt;.</p>" in summary
    assert summary.index("Cabinet colleagues") < summary.index("The cabinet is asked to approve")
    assert "“Is there a control list?” (Article 5(2); Binding): Not in place." in summary
    assert "Owner: Licensing Office." in summary


def test_the_french_pdf_html_tells_the_dates_in_french(team, roadmap):
    upcoming = roadmap.milestones.filter(done=False).order_by("due", "order").first()
    english = date_format(upcoming.due, "DATE_FORMAT")
    with translation.override("fr"):
        french = date_format(upcoming.due, "DATE_FORMAT")
        html = roadmap_pdf.roadmap_html(assessment=team["assessment"], roadmap=roadmap, region_states=[])
    summary = html[html.index('<h2 id="summary">') : html.index('<h2 id="context">')]
    assert french != english
    assert french in summary and english not in summary  # the sentence itself is French too


def test_the_pdf_summary_page_reads_the_narrative(team, roadmap, tmp_path):
    roadmap.set_introduction(INTRO, user=team["coordinator"])
    content = roadmap_pdf.render_roadmap_pdf(assessment=team["assessment"], roadmap=roadmap, language="en")
    path = tmp_path / "roadmap.pdf"
    path.write_bytes(content)
    pages = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    page = next(page for page in pages.split("\f") if "Executive summary" in page and "Contents" not in page)
    text = " ".join(page.split())
    assert "Cabinet colleagues, this plan <b>matters</b>." in text
    assert "The cabinet is asked to approve this roadmap and its funding." in text
    assert "The next milestone is" in text
