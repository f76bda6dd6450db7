"""The shipped banks as `make run` loads them: every file in name order, the newest version chosen,
follow-ups moving an assessment from 2026.1 to 2027.1, and what a roadmap on 2027.1 marks as needing help."""

from datetime import date

import pytest

from assessments.follow_up import follow_up_frameworks, start_follow_up
from assessments.services import save_position
from frameworks.models import Framework
from roadmaps.services import generate_roadmap
from tests.assessments.conftest import membership_of
from tests.factories import make_team
from tests.frameworks.conftest import SHIPPED_BANKS

# The Makefile's order: fixtures/frameworks/*.yaml, so att-compliance-2027.1.yaml before att-compliance.yaml.


@pytest.fixture
def compliance(shipped_banks, db):
    versions = Framework.objects.filter(slug="att-compliance")
    return {framework.version: framework for framework in versions}


def test_loading_every_file_in_name_order_makes_2027_1_the_newest_published_version(shipped_banks, db):
    assert [path.name for path in SHIPPED_BANKS][:2] == ["att-compliance-2027.1.yaml", "att-compliance.yaml"]
    for slug in ("att-compliance", "att-universalization"):
        newest = Framework.objects.published().filter(slug=slug).order_by("-published_at").first()
        assert newest.version == "2027.1"
        assert newest.changes and Framework.objects.get(slug=slug, version="2026.1").changes == []


def test_a_follow_up_of_a_2026_1_assessment_on_2027_1_keeps_its_answers(compliance):
    old, new = compliance["2026.1"], compliance["2027.1"]
    team = make_team(old)
    licensing = membership_of(team, "licensing")
    answered = {"ART2-02": "partly", "ART12-01": "in_place", "ART7-01": "not_in_place"}
    for code, value in answered.items():
        save_position(
            membership=licensing,
            question=old.questions.get(code=code),
            value=value,
            reason="",
            notes=f"notes on {code}",
            legal_references=[],
            base_version=0,
        )
    baseline = team["assessment"]
    assert list(follow_up_frameworks(baseline))[0] == new  # offered first
    started = start_follow_up(baseline=baseline, framework=new, title="Review 2027", user=team["coordinator"])
    carried = {a.question.code: a for a in started.assessment.answers.select_related("question__framework")}
    assert {code: a.value for code, a in carried.items()} == answered
    assert all(a.carried_over and a.question.framework == new for a in carried.values())
    assert carried["ART2-02"].question.obligation == "qualified"  # the new version's level now weighs it
    baseline.refresh_from_db()
    assert baseline.framework == old  # an existing assessment keeps its version


def test_a_roadmap_of_a_fully_gapped_assessment_needs_assistance_only_where_templates_say_so(compliance):
    new = compliance["2027.1"]
    team = make_team(new)  # nothing answered: every question is a gap to investigate
    roadmap = generate_roadmap(assessment=team["assessment"], user=team["coordinator"], start_date=date(2027, 1, 4))
    actions = list(roadmap.actions.select_related("template").prefetch_related("assistance_sources"))
    needed = {action.code for action in actions if action.assistance == "needed"}
    flagged = set(new.action_templates.filter(needs_assistance=True).values_list("code", flat=True))
    assert needed == flagged
    assert 5 <= len(needed) <= 10 < len(actions)
    with_suggestions = {action.code for action in actions if action.assistance_sources.all()}
    assert len(with_suggestions - needed) > 20  # suggested sources alone no longer mark an action as needing help
