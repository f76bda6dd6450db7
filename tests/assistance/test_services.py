"""Drafting a request from the roadmap, editing it without lost work, and its status with the donor."""

from datetime import date
from decimal import Decimal

import pytest

from assistance.models import AssistanceRequest, BudgetLine
from assistance.services import NotEligible, StaleRequest, change_status, draft_request, update_request
from roadmaps.models import RoadmapAction
from roadmaps.services import generate_roadmap
from tests.assessments.conftest import membership_of
from tests.factories import make_team


def _lines(request):
    return [(line.description, line.amount) for line in request.budget_lines.all()]


def test_a_draft_is_prefilled_from_the_actions(team, draft, law):
    assert draft.status == "drafted" and draft.version == 1
    assert draft.title == "Pass the law"
    # The need: the gaps and the treaty articles behind the action.
    assert "ART5-01" in draft.need and "Is there a control list?" in draft.need
    assert "Article 5(2)" in draft.need and "Binding" in draft.need
    assert "Treaty articles concerned: 5(2)." in draft.need
    assert "5(2)" in draft.objective and team["assessment"].country.name in draft.objective
    assert draft.activities.startswith("1. Pass the law (")
    assert draft.outputs == "- Law in force"
    assert draft.duration_months == 12  # the action runs 12 months
    assert _lines(draft) == [("Pass the law", Decimal("48000.00"))]
    assert draft.currency == "USD" and draft.amount_requested == Decimal("48000.00")
    assert draft.national_counterpart == law.lead_agency
    assert list(draft.actions.all()) == [law]
    assert draft.created_by == team["coordinator"]
    assert {record.history_user for record in draft.history.all()} == {team["coordinator"]}


def test_several_actions_span_their_dates_and_keep_other_currencies_apart(team, roadmap, vtf, law):
    extra = RoadmapAction.objects.create(
        roadmap=roadmap,
        code="TEAM-1",
        title="Train licensing officers",
        phase=3,
        start=date(2028, 6, 1),
        end=date(2028, 9, 15),
        assistance="needed",
        cost_amount=Decimal("9000"),
        cost_currency="EUR",
        is_custom=True,
    )
    uncosted = RoadmapAction.objects.create(
        roadmap=roadmap,
        code="TEAM-2",
        title="Buy scanners",
        phase=3,
        start=date(2028, 1, 1),
        end=date(2028, 2, 1),
        assistance="requested",
        is_custom=True,
    )
    draft = draft_request(
        assessment=team["assessment"], source=vtf, actions=[extra, law, uncosted], user=team["licensing"]
    )
    assert draft.title == "Pass the law and 2 related actions"
    # From 4 January 2027 to 15 September 2028: 20 months and a part.
    assert draft.duration_months == 21
    assert _lines(draft) == [
        ("Pass the law", Decimal("48000.00")),
        ("Buy scanners", None),
        ("Train licensing officers (estimated at 9,000.00 EUR, not converted)", None),
    ]
    assert draft.amount_requested == Decimal("48000.00")
    assert "Roadmap actions the team added, without a linked question:" in draft.need
    assert "- Train licensing officers" in draft.need


def test_only_this_roadmaps_actions_needing_assistance_are_accepted(team, roadmap, vtf, law, framework):
    listing = roadmap.actions.get(code="ACT-LIST")
    assert listing.assistance == ""
    other = make_team(framework, country_code="FR")
    elsewhere = generate_roadmap(assessment=other["assessment"], user=other["coordinator"]).actions.get(code="ACT-LAW")
    dropped = RoadmapAction.objects.create(
        roadmap=roadmap,
        code="TEAM-9",
        title="Old idea",
        phase=1,
        start=date(2027, 1, 4),
        end=date(2027, 2, 4),
        assistance="needed",
        status="dropped",
        is_custom=True,
    )
    for actions in ([listing], [law, elsewhere], [dropped], []):
        with pytest.raises(NotEligible):
            draft_request(assessment=team["assessment"], source=vtf, actions=actions, user=team["coordinator"])
    assert not AssistanceRequest.objects.exists() and not BudgetLine.objects.exists()


def _data(request, **changes):
    fields = [
        "title",
        "source",
        "need",
        "objective",
        "activities",
        "outputs",
        "duration_months",
        "implementing_partner",
        "national_counterpart",
        "amount_requested",
        "currency",
    ]
    return {name: getattr(request, name) for name in fields} | changes


def test_an_edit_saves_the_outline_and_the_budget_line_by_line(team, draft, law):
    first_line = draft.budget_lines.get()
    saved = update_request(
        membership=membership_of(team, "licensing"),
        request=draft,
        data=_data(draft, objective="Adopt the law", implementing_partner="UNRCPD", amount_requested=None),
        actions=[law],
        lines=[("Pass the law", Decimal("40000")), ("Translation", Decimal("2500.50"))],
        base_version=1,
    )
    assert saved.version == 2 and saved.updated_by == team["licensing"]
    assert saved.objective == "Adopt the law" and saved.implementing_partner == "UNRCPD"
    assert _lines(saved) == [("Pass the law", Decimal("40000.00")), ("Translation", Decimal("2500.50"))]
    assert saved.budget_lines.first().pk == first_line.pk  # edited in place, its history kept
    assert saved.amount_requested == Decimal("42500.50")  # left empty: the budget total
    assert first_line.history.count() == 2


def test_a_stale_edit_is_refused_and_changes_nothing(team, draft, law):
    update_request(
        membership=membership_of(team, "licensing"),
        request=draft,
        data=_data(draft, title="Theirs"),
        actions=[law],
        lines=_lines(draft),
        base_version=1,
    )
    with pytest.raises(StaleRequest) as refused:
        update_request(
            membership=membership_of(team, "customs"),
            request=draft,
            data=_data(draft, title="Mine"),
            actions=[law],
            lines=[],
            base_version=1,
        )
    assert refused.value.current.title == "Theirs"
    draft.refresh_from_db()
    assert draft.title == "Theirs" and draft.version == 2 and draft.budget_lines.count() == 1
    with pytest.raises(StaleRequest):
        change_status(
            membership=membership_of(team, "customs"),
            request=draft,
            status="submitted",
            amount_granted=None,
            base_version=1,
        )


def test_status_changes_are_kept_in_the_history(team, draft):
    coordinator, licensing = membership_of(team, "coordinator"), membership_of(team, "licensing")
    change_status(membership=licensing, request=draft, status="submitted", amount_granted=None, base_version=1)
    change_status(
        membership=coordinator, request=draft, status="funded", amount_granted=Decimal("30000"), base_version=2
    )
    draft.refresh_from_db()
    assert draft.status == "funded" and draft.amount_granted == Decimal("30000.00") and draft.version == 3
    records = list(draft.history.order_by("history_id").values_list("status", "amount_granted", "history_user"))
    statuses = [(status, granted, user) for status, granted, user in records]
    assert statuses[-2:] == [
        ("submitted", None, team["licensing"].pk),
        ("funded", Decimal("30000.00"), team["coordinator"].pk),
    ]
    assert statuses[0][0] == "drafted"


def test_only_a_funded_request_has_an_amount_granted(team, draft):
    licensing = membership_of(team, "licensing")
    with pytest.raises(ValueError):
        change_status(membership=licensing, request=draft, status="funded", amount_granted=None, base_version=1)
    with pytest.raises(ValueError):
        change_status(membership=licensing, request=draft, status="declined", amount_granted=Decimal(1), base_version=1)
    draft.refresh_from_db()
    assert draft.status == "drafted" and draft.version == 1


def test_the_amount_requested_follows_the_budget_unless_the_team_gives_another(team, draft, law):
    licensing = membership_of(team, "licensing")
    assert draft.amount_requested == Decimal("48000.00")  # the budget total
    draft = update_request(
        membership=licensing,
        request=draft,
        data=_data(draft),
        actions=[law],
        lines=[("Pass the law", Decimal("50000"))],
        base_version=1,
    )
    assert draft.amount_requested == Decimal("50000")
    draft = update_request(
        membership=licensing,
        request=draft,
        data=_data(draft, amount_requested=Decimal("20000")),
        actions=[law],
        lines=[("Pass the law", Decimal("60000"))],
        base_version=2,
    )
    assert draft.amount_requested == Decimal("20000")  # co-funded: the team asks for part of it
    draft = update_request(
        membership=licensing,
        request=draft,
        data=_data(draft),
        actions=[law],
        lines=[("Pass the law", None)],
        base_version=3,
    )
    assert draft.amount_requested == Decimal("20000")
