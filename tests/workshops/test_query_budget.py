"""The workshop pages, the polled fragment above all, run a constant number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Membership
from assessments.services import save_position
from tests.factories import AgencyFactory, AgencyTypeFactory, UserFactory, make_team
from workshops.services import create_workshop, record_decision

# The fragment is polled every 5 s by every screen in the room: keep it small.
BUDGET = {"tally": 11, "projector": 16, "decisions": 8, "print": 9, "list": 8}


def _grow(team, workshop, *, agencies: int):
    """Each of ``agencies`` extra agencies answers every question; the coordinator decides each."""
    assessment = team["assessment"]
    kind = AgencyTypeFactory(code="police")
    members = []
    for n in range(agencies):
        agency = AgencyFactory(country=assessment.country, agency_type=kind, name=f"Extra agency {n}")
        members.append(Membership.objects.create(assessment=assessment, user=UserFactory(), agency=agency))
    members = list(Membership.objects.filter(pk__in=[m.pk for m in members]).select_related("assessment", "agency"))
    coordinator = assessment.memberships.select_related("assessment", "user").get(user=team["coordinator"])
    for question in assessment.framework.questions.all():
        for n, member in enumerate(members):
            save_position(
                membership=member,
                question=question,
                value=("in_place", "partly", "not_in_place")[n % 3],
                reason="",
                notes="",
                legal_references=[],
                base_version=0,
            )
        record_decision(
            membership=coordinator,
            workshop=workshop,
            question=question,
            value="partly",
            reason="Agreed in the room",
            base_version=0,
        )


def _url(name, workshop):
    args = [workshop.assessment_id, workshop.pk]
    if name == "list":
        return reverse("workshops:list", args=args[:1])
    if name == "tally":
        return reverse("workshops:tally", args=[*args, "ART5"])
    return reverse(f"workshops:{name}", args=args)


def _queries(client, url) -> int:
    client.get(url)  # the section's questions are kept by the worker after a first view
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, headers={"HX-Request": "true"} if "tally" in url else {}).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("name", sorted(BUDGET))
def test_workshop_pages_do_not_grow_with_answers_agencies_and_decisions(team, workshop, framework, client, name):
    small_team = make_team(framework, country_code="TH")
    small_workshop = create_workshop(
        membership=small_team["assessment"].memberships.get(user=small_team["coordinator"]),
        title="Small",
        date=date(2027, 1, 1),
    )
    _grow(small_team, small_workshop, agencies=1)
    client.force_login(small_team["coordinator"])
    small = _queries(client, _url(name, small_workshop))

    _grow(team, workshop, agencies=8)
    client.force_login(team["coordinator"])
    large = _queries(client, _url(name, workshop))
    assert large == small, f"{name}: {small} queries with little data, {large} with much"
    assert large <= BUDGET[name], f"{name}: {large} queries"
