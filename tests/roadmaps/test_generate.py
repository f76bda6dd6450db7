from datetime import date
from decimal import Decimal

import pytest

from assessments.services import save_position
from roadmaps.models import RoadmapAction
from roadmaps.services import StaleAction, generate_roadmap, update_action
from tests.assessments.conftest import membership_of

START = date(2026, 11, 30)


def _answer(team, who, framework, code, value):
    save_position(
        membership=membership_of(team, who),
        question=framework.questions.get(code=code),
        value=value,
        reason="",
        notes="",
        legal_references=[],
        base_version=0,
    )


@pytest.fixture
def roadmap(team):
    return generate_roadmap(assessment=team["assessment"], user=team["coordinator"], start_date=START)


def test_actions_are_deduplicated_ordered_by_prerequisites_and_dated(roadmap):
    actions = list(roadmap.actions.order_by("order"))
    assert [a.code for a in actions] == ["ACT-LAW", "ACT-LIST"]
    law, listing = actions
    assert (law.phase, law.start, law.end) == (1, START, date(2027, 11, 30))
    # The list waits for the law (12 months), which pushes it past the phase-2 start (6 months).
    assert (listing.phase, listing.start, listing.end) == (2, date(2027, 11, 30), date(2028, 5, 30))
    assert list(listing.depends_on.all()) == [law]
    assert set(listing.gaps.values_list("code", flat=True)) == {"ART5-01", "ART5-02"}


def test_lead_comes_from_the_section_assignment_else_the_template_type(team, framework):
    assessment = team["assessment"]
    licensing = membership_of(team, "licensing").agency
    assessment.assignments.create(section=framework.sections.get(code="ART5"), agency=licensing)
    roadmap = generate_roadmap(assessment=assessment, user=team["coordinator"], start_date=START)
    law = roadmap.actions.get(code="ACT-LAW")
    # ACT-LAW is led by justice: the country's justice office leads; the assigned agency supports.
    assert law.lead_agency.agency_type.code == "justice"
    assert list(law.supporting_agencies.all()) == [licensing]
    listing = roadmap.actions.get(code="ACT-LIST")  # led by defence, which the country has not listed
    assert listing.lead_agency == licensing and listing.lead_agency_type.code == "defence"


def test_regenerating_keeps_edits_adds_new_gaps_and_flags_closed_ones(team, framework, roadmap):
    law = roadmap.actions.get(code="ACT-LAW")
    update_action(
        membership=membership_of(team, "licensing"),
        action=law,
        base_version=law.version,
        data={
            "title": "Pass the Strategic Trade Act amendments",
            "status": "in_progress",
            "cost_amount": Decimal("50000"),
            "cost_currency": "USD",
            "funding": "donor",
        },
    )
    custom = RoadmapAction.objects.create(
        roadmap=roadmap, code="TEAM-1", title="Our own step", phase=1, start=START, end=START, is_custom=True
    )
    _answer(team, "licensing", framework, "ART5-02", "in_place")  # closes only ART5-02
    roadmap = generate_roadmap(assessment=team["assessment"], user=team["coordinator"])
    law.refresh_from_db()
    assert law.title == "Pass the Strategic Trade Act amendments" and law.status == "in_progress"
    assert law.cost_amount == Decimal("50000") and not law.gaps_closed
    assert RoadmapAction.objects.filter(pk=custom.pk).exists()
    _answer(team, "licensing", framework, "ART5-01", "in_place")  # now no gap remains
    generate_roadmap(assessment=team["assessment"], user=team["coordinator"])
    flags = dict(roadmap.actions.values_list("code", "gaps_closed"))
    assert flags == {"ACT-LAW": True, "ACT-LIST": True, "TEAM-1": False}


def test_an_edited_date_survives_regeneration(team, roadmap):
    listing = roadmap.actions.get(code="ACT-LIST")
    update_action(
        membership=membership_of(team, "licensing"),
        action=listing,
        base_version=listing.version,
        data={"start": date(2028, 1, 10), "end": date(2028, 9, 1)},
    )
    generate_roadmap(assessment=team["assessment"], user=team["coordinator"])
    listing.refresh_from_db()
    assert (listing.start, listing.end) == (date(2028, 1, 10), date(2028, 9, 1))
    assert set(listing.edited_fields) == {"start", "end"}


def test_a_stale_action_edit_is_refused(team, roadmap):
    law = roadmap.actions.get(code="ACT-LAW")
    update_action(membership=membership_of(team, "licensing"), action=law, base_version=1, data={"notes": "first"})
    versions = law.history.count()
    with pytest.raises(StaleAction):
        update_action(membership=membership_of(team, "customs"), action=law, base_version=1, data={"notes": "second"})
    law.refresh_from_db()
    assert law.notes == "first" and law.version == 2 and law.history.count() == versions


def test_compliance_milestones_use_the_countrys_entry_into_force(team, roadmap):
    country = team["assessment"].country
    country.entry_into_force_date = date(2026, 3, 1)
    country.save()
    roadmap = generate_roadmap(assessment=team["assessment"], user=team["coordinator"])
    due = dict(roadmap.milestones.values_list("code", "due"))
    assert due["initial_report"] == date(2027, 2, 28)  # the last day of the first year in force
    assert due["first_annual_report"] == date(2028, 5, 31)  # covers 2027, the first full calendar year
    # The bank's 5(4) gap is about publishing the list, not sending it to the Secretariat.
    assert "control_list" not in due
    assert due["legal_step"] == date(2027, 11, 30)  # the end of the law, led by justice


def test_universalization_milestones_follow_the_accession_steps(catalogues, bank, write_bank):
    from frameworks.services import load_framework
    from tests.factories import make_team

    bank["slug"], bank["track"] = "joining-bank", "universalization"
    joining = make_team(load_framework(path=write_bank(bank)).framework, country_code="TH")
    roadmap = generate_roadmap(assessment=joining["assessment"], user=joining["coordinator"], start_date=START)
    codes = list(roadmap.milestones.values_list("code", flat=True))
    assert codes[:2] == ["committee", "self_assessment"] and "parliament" in codes
    deposit = roadmap.milestones.get(code="deposit")
    assert (roadmap.milestones.get(code="entry_into_force").due - deposit.due).days == 90
    roadmap = generate_roadmap(assessment=joining["assessment"], user=joining["coordinator"], needs_parliament=False)
    assert not roadmap.milestones.filter(code="parliament").exists()


def test_an_edited_milestone_survives_regeneration(team, roadmap):
    from roadmaps.services import update_milestone

    milestone = roadmap.milestones.first()
    update_milestone(milestone=milestone, due=date(2030, 1, 1), done=True, user=team["coordinator"])
    generate_roadmap(assessment=team["assessment"], user=team["coordinator"])
    kept = roadmap.milestones.get(pk=milestone.pk)
    assert kept.due == date(2030, 1, 1) and kept.done
    assert roadmap.milestones.filter(code=milestone.code, title=milestone.title).count() == 1


def test_history_records_who_changed_an_action(team, roadmap):
    law = roadmap.actions.get(code="ACT-LAW")
    update_action(membership=membership_of(team, "customs"), action=law, base_version=1, data={"status": "done"})
    assert law.history.first().history_user == team["customs"]
