"""Every URL that shows or changes team data, walked by an outsider, by staff
who are not members, and by an observer.

The walk is built from the URLconf itself, so a new URL is covered the day it
is added: a route with an ``<int:pk>`` assessment argument must be listed in
GET_ROUTES or POST_ROUTES below, or this test fails.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessments.services import add_comment, add_evidence
from assistance.services import draft_request
from roadmaps.services import generate_roadmap
from tests.assessments.conftest import membership_of
from tests.conftest import sign_in
from tests.factories import UserFactory, make_team
from workbooks.services import store_upload
from workshops.services import create_workshop

# Routes that read (GET) and routes that write (POST). Some accept both.
GET_ROUTES = {
    "assessments:detail",
    "assessments:disputes",
    "assessments:team",
    "assessments:assignments",
    "assessments:section",
    "assessments:question",
    "assessments:evidence",
    "assessments:gaps",
    "assessments:explain",
    "assessments:compare",
    "roadmaps:detail",
    "roadmaps:summary",
    "roadmaps:action",
    "roadmaps:pdf",
    "roadmaps:actions_csv",
    "roadmaps:actions_xlsx",
    "roadmaps:docx",
    "regional:sharing",  # any member sees what the assessment shares
    "briefs:list",
    "briefs:agency",
    "briefs:agency_pdf",
    "briefs:parliament",
    "briefs:parliament_pdf",
    "assistance:list",
    "assistance:detail",
    "assistance:outline",
    "workshops:list",
    "workshops:projector",
    "workshops:tally",
    "workshops:decisions",
    "workshops:print",
    "reports:initial_report",
    "reports:initial_report_pdf",
    "reports:initial_report_docx",
    "workbooks:offline",
    "workbooks:download",  # any member reads the workbook of their own agency
}
# Coordinator-only reads: observers get 403, like writes.
COORDINATOR_GET_ROUTES = {"assessments:export", "assessments:follow_up", "assessments:agree_common"}
COORDINATOR_GET_ROUTES |= {"briefs:zip"}  # every agency brief of the team at once
# Destructive actions ask first on a page of their own (GET), coordinators only.
COORDINATOR_GET_ROUTES |= {"assessments:lock", "assessments:revoke", "assessments:remove", "assessments:section_status"}
# The final initial report, for submission: the coordinators choose when.
COORDINATOR_GET_ROUTES |= {"reports:initial_report_final_pdf", "reports:initial_report_final_docx"}
# A workbook sent back, previewed and downloaded again by members who may write (observers get 403, like writes).
COORDINATOR_GET_ROUTES |= {"workbooks:preview", "workbooks:upload_file"}
# The library of state experiences holds public facts, not team data: anyone signed in reads it.
LIBRARY_ROUTES = {"experiences:library", "experiences:detail"}
POST_ROUTES = {
    "assessments:lock",
    "assessments:follow_up",
    "assessments:invite",
    "assessments:add_agency",
    "assessments:revoke",
    "assessments:remove",
    "assessments:change_role",
    "assessments:two_factor",
    "assessments:assignments",
    "assessments:section_status",
    "assessments:save_answer",
    "assessments:agree",
    "assessments:agree_common",
    "assessments:comment",
    "assessments:add_evidence",
    "roadmaps:generate",
    "roadmaps:add_action",
    "roadmaps:action",
    "roadmaps:milestone",
    "roadmaps:introduction",  # coordinators write the summary's introduction
    "regional:sharing",  # coordinators choose it
    "assistance:new",
    "assistance:detail",
    "assistance:status",
    "workshops:list",
    "workshops:move",
    "workshops:decide",
    "workshops:minutes",
    "reports:initial_report_cover",
    "workbooks:upload",
    "workbooks:apply",
}


def _scoped_routes(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        # The admin's <int:pk> routes (django-otp's device pages) name devices, not assessments: staff tooling.
        if isinstance(entry, URLResolver) and entry.namespace == "admin":
            continue
        if isinstance(entry, URLResolver):
            yield from _scoped_routes(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name and "pk" in entry.pattern.converters:
            yield f"{namespace}{entry.name}", entry


@pytest.fixture
def world(framework, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    team = make_team(framework)
    assessment = team["assessment"]
    question = framework.questions.get(code="ART5-01")
    coordinator = membership_of(team, "coordinator")
    evidence = add_evidence(
        membership=coordinator,
        question=question,
        title="Manual",
        upload=SimpleUploadedFile("m.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    )
    add_comment(membership=coordinator, question=question, body="hello")
    invitation = assessment.invitations.create(
        email="x@example.org", agency=coordinator.agency, token_hash="h" * 64, expires_at="2099-01-01T00:00:00Z"
    )
    roadmap = generate_roadmap(assessment=assessment, user=team["coordinator"])
    law = roadmap.actions.get(code="ACT-LAW")  # needs assistance from the VTF
    assistance = draft_request(
        assessment=assessment, source=law.assistance_sources.get(), actions=[law], user=team["coordinator"]
    )
    workshop = create_workshop(membership=coordinator, title="Validation workshop", date="2027-03-02")
    workbook = store_upload(membership=coordinator, agency=coordinator.agency, name="w.xlsx", data=b"PK")
    kwargs = {
        "action_id": roadmap.actions.first().pk,
        "milestone_id": roadmap.milestones.first().pk,
        "pk": assessment.pk,
        "agency_id": membership_of(team, "customs").agency_id,
        "assistance_id": assistance.pk,
        "workshop_id": workshop.pk,
        "code": "ART5-01",
        "evidence_id": evidence.pk,
        "invitation_id": invitation.pk,
        "member_id": membership_of(team, "customs").pk,
        "upload_id": workbook.pk,
    }
    return team, kwargs


def _url(name, pattern, kwargs):
    wanted = dict(kwargs)
    if "sections" in str(pattern.pattern):
        wanted["code"] = "ART5"
    return reverse(name, kwargs={key: wanted[key] for key in pattern.pattern.converters})


def test_every_scoped_route_is_classified():
    names = {name for name, _ in _scoped_routes()}
    assert names, "no assessment-scoped route found"
    known = GET_ROUTES | COORDINATOR_GET_ROUTES | POST_ROUTES
    assert names <= known, f"classify these routes: {names - known}"


@pytest.mark.parametrize("who", ["outsider", "staff", "superuser"])
def test_non_members_get_404_everywhere(world, client, who):
    team, kwargs = world
    user = UserFactory(is_staff=who != "outsider", is_superuser=who == "superuser")
    sign_in(client, user)  # staff with two-step sign-in passed, as staff must
    for name, pattern in _scoped_routes():
        url = _url(name, pattern, kwargs)
        if name in GET_ROUTES | COORDINATOR_GET_ROUTES:
            assert client.get(url).status_code == 404, url
        if name in POST_ROUTES:
            assert client.post(url, {"value": "in_place", "body": "x", "locked": "1"}).status_code == 404, url


def test_observers_read_everything_and_write_nothing(world, client):
    team, kwargs = world
    client.force_login(team["observer"])
    for name, pattern in _scoped_routes():
        url = _url(name, pattern, kwargs)
        if name in GET_ROUTES:
            assert client.get(url).status_code == 200, url
        if name in COORDINATOR_GET_ROUTES:
            assert client.get(url).status_code == 403, url
        if name in POST_ROUTES:
            assert client.post(url, {"value": "in_place", "body": "x", "locked": "1"}).status_code == 403, url


def test_anonymous_users_are_sent_to_sign_in(world, client):
    team, kwargs = world
    for name, pattern in _scoped_routes():
        url = _url(name, pattern, kwargs)
        response = client.get(url) if name in GET_ROUTES | COORDINATOR_GET_ROUTES else client.post(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url


def test_the_home_page_lists_only_the_users_own_assessments(world, client):
    team, kwargs = world
    client.force_login(UserFactory())
    assert team["assessment"].title not in client.get(reverse("portal:home")).text
    client.force_login(team["customs"])
    assert team["assessment"].title in client.get(reverse("portal:home")).text


def test_the_library_needs_a_sign_in_and_no_membership(world, client):
    from tests.experiences.conftest import make_experience

    library = get_resolver().namespace_dict["experiences"][1]
    names = {f"experiences:{entry.name}" for entry in library.url_patterns}
    assert names == LIBRARY_ROUTES, f"classify these routes: {names ^ LIBRARY_ROUTES}"
    urls = [reverse("experiences:library"), make_experience().get_absolute_url()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    client.force_login(UserFactory())  # on no team at all
    for url in urls:
        assert client.get(url).status_code == 200, url


@pytest.fixture
def bank(bank):
    """The test bank, with ACT-LAW flagged by curators as typically needing outside help, so that its
    roadmap action starts as "assistance needed" and can go into a request."""
    bank["sections"][0]["questions"][0]["actions"][0]["needs_assistance"] = True
    return bank
