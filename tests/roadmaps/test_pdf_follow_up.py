"""A follow-up's roadmap PDF: progress since the baseline, rendered anew when the baseline changes."""

import subprocess
from datetime import date
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.follow_up import start_follow_up
from assessments.models import Membership
from assessments.services import save_position
from frameworks.services import load_framework
from roadmaps import pdf as roadmap_pdf
from roadmaps.document import build_document
from roadmaps.services import generate_roadmap, update_action
from tests.assessments.conftest import membership_of
from tests.assessments.test_query_budget import _big_bank, _fill
from tests.factories import make_team

START = date(2027, 1, 4)


@pytest.fixture(autouse=True)
def empty_cache(db):
    cache.clear()


def _answer(member, code, value, base_version=0):
    return save_position(
        membership=member,
        question=member.assessment.framework.questions.get(code=code),
        value=value,
        reason="",
        notes="",
        legal_references=[],
        base_version=base_version,
    )


def _set_status(member, action, status):
    return update_action(membership=member, action=action, data={"status": status}, base_version=action.version)


@pytest.fixture
def follow_up(team):
    """Baseline: ART5-01 partly, ART5-02 not in place (45%); its roadmap has the law under way and the list done.
    Follow-up: ART5-02 in place now (55%), and the law is done."""
    baseline = team["assessment"]
    licensing, coordinator = membership_of(team, "licensing"), membership_of(team, "coordinator")
    _answer(licensing, "ART5-01", "partly")
    _answer(licensing, "ART5-02", "not_in_place")
    roadmap = generate_roadmap(assessment=baseline, user=team["coordinator"], start_date=START)
    _set_status(coordinator, roadmap.actions.get(code="ACT-LAW"), "in_progress")
    _set_status(coordinator, roadmap.actions.get(code="ACT-LIST"), "done")
    assessment = start_follow_up(
        baseline=baseline, framework=baseline.framework, title="Follow-up 2027", user=team["coordinator"]
    ).assessment
    member = Membership.objects.select_related("assessment", "agency").get(
        assessment=assessment, user=team["licensing"]
    )
    _answer(member, "ART5-02", "in_place", base_version=1)
    new_roadmap = generate_roadmap(assessment=assessment, user=team["coordinator"], start_date=START)
    lead = Membership.objects.select_related("assessment").get(assessment=assessment, user=team["coordinator"])
    _set_status(lead, new_roadmap.actions.get(code="ACT-LAW"), "done")
    new_roadmap.refresh_from_db()
    return assessment, new_roadmap


def test_the_document_has_the_progress_since_the_baseline(follow_up):
    assessment, roadmap = follow_up
    progress = build_document(assessment=assessment, roadmap=roadmap).progress
    assert progress.comparison.overall.before == pytest.approx(0.45)
    assert progress.comparison.overall.after == pytest.approx(0.55)
    assert [(code, change.points) for code, _title, change in progress.comparison.sections] == [("ART5", 10)]
    assert [(change.key, change.points) for change in progress.comparison.by_article] == [("5", 10)]
    # The list was done already at the baseline (and carried over as done): only the law is progress of this round.
    assert [action.code for action in progress.completed] == ["ACT-LAW"]


def test_the_pdf_shows_the_progress_section(follow_up, tmp_path):
    assessment, roadmap = follow_up
    content = roadmap_pdf.render_roadmap_pdf(assessment=assessment, roadmap=roadmap, language="en")
    path = tmp_path / "roadmap.pdf"
    path.write_bytes(content)
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    for expected in (
        "Progress since the baseline",
        f"Baseline: “{assessment.baseline.title}”",
        "Overall readiness was 45% and is 55% now",
        "+10 points",
        "Actions completed since the baseline",
        "Pass the law",
    ):
        assert expected in text, expected


def test_a_roadmap_without_a_baseline_has_no_progress_section(team):
    roadmap = generate_roadmap(assessment=team["assessment"], user=team["coordinator"], start_date=START)
    assert build_document(assessment=team["assessment"], roadmap=roadmap).progress is None
    html = roadmap_pdf.roadmap_html(assessment=team["assessment"], roadmap=roadmap, region_states=[])
    assert "Progress since the baseline" not in html


@pytest.mark.parametrize("change", ["baseline answer", "baseline action", "baseline title"])
def test_a_change_in_the_baseline_renders_the_pdf_again(team, follow_up, change):
    assessment, roadmap = follow_up
    baseline = assessment.baseline
    with mock.patch.object(roadmap_pdf, "html_to_pdf", wraps=roadmap_pdf.html_to_pdf) as render:
        roadmap_pdf.render_roadmap_pdf(assessment=assessment, roadmap=roadmap, language="en")
        roadmap_pdf.render_roadmap_pdf(assessment=assessment, roadmap=roadmap, language="en")
        assert render.call_count == 1
        if change == "baseline answer":
            _answer(membership_of(team, "customs"), "ART5-02", "partly")
        elif change == "baseline action":
            action = baseline.roadmap.actions.get(code="ACT-LAW")
            _set_status(membership_of(team, "coordinator"), action, "done")
        else:
            baseline.title = "Implementation review 2025"
            baseline.save()
        roadmap_pdf.render_roadmap_pdf(assessment=assessment, roadmap=roadmap, language="en")
    assert render.call_count == 2


@pytest.fixture
def big_follow_up(catalogues, write_bank):
    team = make_team(load_framework(path=write_bank(_big_bank(20))).framework)
    _fill(team, agencies=5, comments=30, extra_actions=12)
    return team


def _document_queries(team) -> int:
    baseline = team["assessment"]
    assessment = start_follow_up(
        baseline=baseline, framework=baseline.framework, title="Follow-up", user=team["coordinator"]
    ).assessment
    roadmap = generate_roadmap(assessment=assessment, user=team["coordinator"])
    assessment.refresh_from_db()
    with CaptureQueriesContext(connection) as context:
        build_document(assessment=assessment, roadmap=roadmap)
    return len(context.captured_queries)


def test_the_follow_ups_document_queries_do_not_grow_with_the_data(big_follow_up, framework):
    small_team = make_team(framework, country_code="TH")
    _fill(small_team, agencies=2, comments=1)
    assert _document_queries(big_follow_up) == _document_queries(small_team)
