"""The list and the request page run a constant number of queries, however many requests, actions and lines."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assistance.services import draft_request, update_request
from reference.models import AssistanceSource
from roadmaps.models import RoadmapAction
from tests.assessments.conftest import membership_of


def _grow(team, roadmap, law, draft, count):
    sources = list(AssistanceSource.objects.all())
    actions = [law]
    for n in range(count):
        actions.append(
            RoadmapAction.objects.create(
                roadmap=roadmap,
                code=f"TEAM-{n}",
                title=f"Step {n}",
                phase=2,
                start=date(2027, 7, 1),
                end=date(2027, 12, 1),
                assistance="needed",
                cost_amount=Decimal(100 + n),
                is_custom=True,
                order=10 + n,
            )
        )
        actions[-1].assistance_sources.set(sources[:2])
    for n in range(count):
        draft_request(
            assessment=team["assessment"], source=sources[n % len(sources)], actions=actions, user=team["coordinator"]
        )
    update_request(
        membership=membership_of(team, "coordinator"),
        request=draft,
        data={"title": "Bigger"},
        actions=actions,
        lines=[(f"Line {n}", Decimal(n)) for n in range(count)],
        base_version=draft.version,
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


# Budgets include the session and membership checks, and the security-log entry of the download.
@pytest.mark.parametrize(("name", "budget"), [("list", 6), ("detail", 12), ("new", 8), ("outline", 11)])
def test_pages_take_a_constant_number_of_queries(
    team, roadmap, law, draft, client_for, django_assert_max_num_queries, name, budget
):
    client = client_for(team["coordinator"])
    args = [team["assessment"].pk] + ([draft.pk] if name in ("detail", "outline") else [])
    url = reverse(f"assistance:{name}", args=args)
    client.get(url)  # the session's first visit writes to it; count from the second
    small = _queries(client, url)
    _grow(team, roadmap, law, draft, 8)
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200
    assert _queries(client, url) == small, f"{name}: more queries with more requests, actions and lines"
