"""Query counts of the pages that list or report, with little and with much data."""

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from assessments.models import Assessment, Membership, Role
from assessments.services import add_comment, save_position, start_assessment
from reference.models import Agency, AgencyType
from roadmaps.services import add_action, generate_roadmap

from .common import report


def _count(client: Client, url: str) -> int:
    """Queries of a request that builds the page: the shared cache is emptied first (a worker's own
    copy of the published questions stays warm, as it does in production after the first request)."""
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200, url
    return len(context.captured_queries)


def _team(template: Assessment, user: User) -> tuple[Assessment, list[Membership]]:
    assessment = start_assessment(
        user=user,
        country=template.country,
        framework=template.framework,
        title="Query growth check",
        agency_type=user.agency.agency_type,
        agency_name=user.agency.name,
    )
    members = list(assessment.memberships.select_related("assessment", "agency"))
    for number, agency_type in enumerate(AgencyType.objects.all()[:7]):
        agency, _ = Agency.objects.get_or_create(
            country=template.country, name=f"Growth agency {number}", defaults={"agency_type": agency_type}
        )
        colleague = User.objects.create_user(email=f"growth{number}@example.org", password=None, agency=agency)
        members.append(
            Membership.objects.create(assessment=assessment, user=colleague, agency=agency, role=Role.CONTRIBUTOR)
        )
    return assessment, members


def run(*, assessment: Assessment, user: User, section) -> None:
    growth, members = _team(assessment, user)
    questions = list(section.questions.order_by("order"))
    client = Client()
    client.force_login(user)
    urls = {
        "section_page": reverse("assessments:section", args=[growth.pk, section.code]),
        "dashboard": reverse("assessments:detail", args=[growth.pk]),
        "gap_page": reverse("assessments:gaps", args=[growth.pk]),
        "roadmap_page": reverse("roadmaps:detail", args=[growth.pk]),
    }

    pairs = [(m, q) for m in members for q in questions]

    def answer(first: int, last: int) -> None:
        for number, (member, question) in enumerate(pairs[first:last]):
            value = "partly" if number % 3 else "in_place"
            save_position(
                membership=member,
                question=question,
                value=value,
                reason="",
                notes="",
                legal_references=[],
                base_version=0,
            )

    answer(0, 5)
    roadmap = generate_roadmap(assessment=growth, user=user)
    small = {name: _count(client, url) for name, url in urls.items()}
    answer(5, 100)
    for number in range(30):
        add_comment(
            membership=members[number % len(members)],
            question=questions[number % len(questions)],
            body=f"Comment {number}",
        )
    roadmap = generate_roadmap(assessment=growth, user=user)
    for number in range(10):
        add_action(
            membership=members[0],
            roadmap=roadmap,
            data={
                "title": f"Extra action {number}",
                "phase": 1,
                "start": roadmap.start_date,
                "end": roadmap.start_date,
                "supporting_agencies": [m.agency for m in members[:3]],
            },
        )
    large = {name: _count(client, url) for name, url in urls.items()}
    for name in urls:
        report(f"{name}_queries_growth", large[name] / small[name])
        report(f"{name}_queries", large[name])
