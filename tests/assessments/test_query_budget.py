"""Pages that list or report run a constant number of queries, however much data there is."""

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Membership, Role
from assessments.services import add_comment, agree_answer, save_position
from frameworks.services import load_framework
from roadmaps.services import add_action, generate_roadmap
from tests.conftest import MINIMAL_BANK
from tests.factories import AgencyFactory, AgencyTypeFactory, UserFactory, make_team

QUESTIONS = 20
BUDGET = {
    "gaps": 25,  # on a cache miss; a hit needs 9
    "explain": 14,
    "roadmap": 28,  # on a cache miss, with the assistance requests (stamp and summary); a hit needs 14
    "section": 18,
    "detail": 27,  # on a cache miss; a hit needs 12
    "question": 22,
    "home": 8,
    "disputes": 10,
    "team": 12,
    "assignments": 12,
}


def _big_bank(questions: int) -> dict:
    bank = copy.deepcopy(MINIMAL_BANK) | {"slug": "big-bank"}
    template = bank["sections"][0]["questions"][0]
    bank["sections"][0]["questions"] = [
        {
            **copy.deepcopy(template),
            "code": f"ART5-{n:02d}",
            "actions": [{"code": "ACT-LAW", "ref": True}] if n else template["actions"],
        }
        for n in range(questions)
    ]
    bank["sections"].append(
        {
            **copy.deepcopy(bank["sections"][0]),
            "code": "ART6",
            "questions": [
                {**copy.deepcopy(template), "code": "ART6-01", "actions": [{"code": "ACT-LAW", "ref": True}]}
            ],
        }
    )
    return bank


@pytest.fixture
def big_team(catalogues, write_bank):
    framework = load_framework(path=write_bank(_big_bank(QUESTIONS))).framework
    return make_team(framework)


def _fill(team, *, agencies: int, comments: int, extra_actions: int = 0):
    """Every question answered by several agencies, some disputed and agreed, with comments."""
    assessment = team["assessment"]
    members = [m for m in assessment.memberships.select_related("assessment", "agency") if m.role != Role.OBSERVER]
    for extra in range(max(0, agencies - len(members))):
        agency = AgencyFactory(
            country=assessment.country, agency_type=AgencyTypeFactory(code="police"), name=f"Extra {extra}"
        )
        members.append(Membership.objects.create(assessment=assessment, user=UserFactory(), agency=agency))
    members = [m for m in assessment.memberships.select_related("assessment", "agency") if m.role != Role.OBSERVER]
    questions = list(assessment.framework.questions.all())
    for number, question in enumerate(questions):
        for index, member in enumerate(members[:agencies]):
            value = "partly" if (number % 3 == 1 and index == 1) else "in_place"
            save_position(
                membership=member,
                question=question,
                value=value,
                reason="",
                notes="n",
                legal_references=[{"instrument": "Act", "provision": "s1"}],
                base_version=0,
            )
        if number % 6 == 4:
            agree_answer(membership=members[0], question=question, value="in_place", reason="agreed", base_version=0)
    for n in range(comments):
        add_comment(membership=members[n % len(members)], question=questions[n % len(questions)], body=f"c{n}")
    roadmap = generate_roadmap(assessment=assessment, user=team["coordinator"])
    for n in range(extra_actions):
        add_action(
            membership=members[0],
            roadmap=roadmap,
            data={
                "title": f"Workshop {n}",
                "phase": 1 + n % 3,
                "start": roadmap.start_date,
                "end": roadmap.start_date,
                "supporting_agencies": [m.agency for m in members[:3]],
                "cost_amount": 1000,
                "funding": "donor",
            },
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _urls(team):
    pk = team["assessment"].pk
    return {
        "section": reverse("assessments:section", args=[pk, "ART5"]),
        "detail": reverse("assessments:detail", args=[pk]),
        "question": reverse("assessments:question", args=[pk, "ART5-01"]),
        "home": reverse("portal:home"),
        "disputes": reverse("assessments:disputes", args=[pk]),
        "team": reverse("assessments:team", args=[pk]),
        "assignments": reverse("assessments:assignments", args=[pk]),
        "gaps": reverse("assessments:gaps", args=[pk]),
        "explain": reverse("assessments:explain", args=[pk]) + "?section=ART5",
        "roadmap": reverse("roadmaps:detail", args=[pk]),
    }


@pytest.mark.parametrize("page", sorted(BUDGET))
def test_page_queries_do_not_grow_with_answers_members_and_comments(big_team, client, page, framework):
    small_team = make_team(framework, country_code="TH")
    _fill(small_team, agencies=2, comments=1)
    client.force_login(small_team["licensing"])
    small = _queries(client, _urls(small_team)[page])

    _fill(big_team, agencies=5, comments=30, extra_actions=12)
    client.force_login(big_team["licensing"])
    large = _queries(client, _urls(big_team)[page])

    assert large == small, f"{page}: {small} queries with little data, {large} with much"
    assert large <= BUDGET[page]
