"""Regional figures no one can skew: only the state's verified officials' current assessment counts, and three or
four states give bands from which colluding states cannot get a third state's value back."""

import pytest
from django.urls import reverse

from assessments.gaps import build_report
from assessments.models import Membership
from assessments.services import save_position, start_assessment
from regional.aggregates import BAND
from regional.models import RegionalAccess, RegionalOrganization, Sharing
from regional.report import build_regional_report
from tests.accounts.factories_officials import make_official
from tests.conftest import sign_in
from tests.factories import AgencyTypeFactory, CountryFactory, UserFactory, make_team

from .conftest import shared_team


def _another_philippines_assessment(framework, user, value):
    """A second assessment of the Philippines (whose agencies exist already), one question answered by `user`."""
    assessment = start_assessment(
        user=user,
        country=CountryFactory(code="PH"),
        framework=framework,
        title="Philippines",
        agency_type=AgencyTypeFactory(code="foreign-affairs"),
        agency_name="Foreign Ministry",
    )
    membership = Membership.objects.select_related("assessment__framework", "agency", "user").get(
        assessment=assessment, user=user
    )
    save_position(
        membership=membership,
        question=framework.questions.get(code="ART5-01"),
        value=value,
        reason="",
        notes="",
        legal_references=[],
        base_version=0,
    )
    return assessment


def _track(organization):
    """The track of the test bank (the `framework` fixture's), where the teams below share."""
    views = build_regional_report(organization=organization).tracks
    return next(view for view in views if not view.summary.withheld)


def _summary(organization):
    summary = _track(organization).summary
    assert summary.states == 3
    return summary


@pytest.fixture
def three_real_states(framework, organization):
    return [
        shared_team(framework, "PH", value="in_place", second="partly"),
        shared_team(framework, "TH", value="partly", second="partly"),
        shared_team(framework, "ID", value="not_in_place", second="in_place"),
    ]


def test_an_outsider_s_newer_philippines_assessment_does_not_replace_the_real_one(
    framework, organization, three_real_states
):
    before = _summary(organization)
    # An outsider (here a verified official of Viet Nam) starts a second "Philippines" assessment, answers one
    # question and shares it, even marked as current.
    outsider = UserFactory()
    make_official(outsider, CountryFactory(code="VN"))
    fake = _another_philippines_assessment(framework, outsider, "not_in_place")
    Sharing.objects.create(assessment=fake, level="aggregated", changed_by=outsider, current=True)
    assert _summary(organization) == before


def test_an_unverified_claim_to_speak_for_the_state_does_not_count_either(framework, organization, three_real_states):
    before = _summary(organization)
    claimant = UserFactory()
    make_official(claimant, CountryFactory(code="PH"), verified=False)
    fake = _another_philippines_assessment(framework, claimant, "not_in_place")
    Sharing.objects.create(assessment=fake, level="aggregated", changed_by=claimant, current=True)
    assert _summary(organization) == before


def test_the_state_s_figure_is_the_assessment_its_coordinator_marks_current_not_the_latest(
    framework, organization, three_real_states, client
):
    ph = three_real_states[0]
    before = _summary(organization)
    newer_id = _another_philippines_assessment(framework, ph["coordinator"], "not_in_place").pk
    sign_in(client, ph["coordinator"])
    client.post(reverse("regional:sharing", args=[newer_id]), {"level": "aggregated"})
    sharing = Sharing.objects.get(assessment_id=newer_id)
    assert sharing.level == "aggregated" and not sharing.current  # the state already has a current one
    assert _summary(organization) == before
    response = client.post(reverse("regional:sharing", args=[newer_id]), {"make_current": "1"})
    assert response.status_code == 302
    assert Sharing.objects.get(assessment_id=newer_id).current
    assert not Sharing.objects.get(assessment=ph["assessment"]).current
    assert _summary(organization) != before


def test_only_a_verified_official_of_the_state_marks_its_current_assessment(framework, organization, client):
    team = make_team(framework)  # nobody in it is a verified official
    Sharing.objects.create(assessment=team["assessment"], level="aggregated", changed_by=team["coordinator"])
    response = sign_in(client, team["coordinator"]).post(
        reverse("regional:sharing", args=[team["assessment"].pk]), {"make_current": "1"}, follow=True
    )
    assert "Only a verified official of Country PH" in response.text
    assert not Sharing.objects.get(assessment=team["assessment"]).current


def test_the_differencing_attack_recovers_no_state_closer_than_its_band(framework, client):
    """Two verified officials (of Brunei and Cambodia) answer everything "not in place" and share; the Philippines
    shares its real assessment. Knowing their own zeros, they try to read the Philippines' values off the aggregate."""
    organization = RegionalOrganization.objects.create(name="Three-state desk")
    philippines = shared_team(framework, "PH", value="in_place", second="partly")
    colluders = [shared_team(framework, code, value="not_in_place", second="not_in_place") for code in ("BN", "KH")]
    organization.countries.set([team["assessment"].country for team in (philippines, *colluders)])
    officer = UserFactory()
    RegionalAccess.objects.create(user=officer, organization=organization)

    truth = build_report(philippines["assessment"]).analysis
    known = [build_report(team["assessment"]).analysis for team in colluders]
    view = _track(organization)
    cells = [(truth.overall.readiness, [k.overall.readiness for k in known], view.overall.cell)]
    for row, number in zip(view.articles, view.summary.by_article, strict=True):
        cells.append((truth.by_article[number].readiness, [k.by_article[number].readiness for k in known], row.cell))
    assert view.overall.cell.banded
    for true_value, their_values, cell in cells:
        if cell.withheld:  # an article fewer than three states answered: nothing to deduce from
            continue
        assert cell.readiness is None and cell.banded  # no exact mean from three states
        # Everything the colluders can deduce: the Philippines' value lies where it keeps the mean in the band.
        low = max(0.0, cell.states * cell.band[0] - sum(their_values))
        high = min(1.0, cell.states * cell.band[1] - sum(their_values))
        assert low <= true_value <= high
        assert high - low >= BAND - 1e-9

    page = sign_in(client, officer).get(reverse("regional:organization", args=[organization.pk])).text
    assert f"{round(100 * truth.overall.readiness)}%" not in page
