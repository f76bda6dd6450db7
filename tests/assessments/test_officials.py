"""Who speaks for a state: only its verified officials start its assessments, keep its agency list, and send
invitations in its name; joining its verified team verifies the newcomer."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Official
from assessments.models import Assessment, Membership
from reference.models import Agency
from tests.accounts.factories_officials import make_official, verify_team
from tests.conftest import sign_in
from tests.factories import AgencyFactory, AgencyTypeFactory, CountryFactory, UserFactory, make_team

INJECTED = "ZZ Injected by Viet Nam outsider"


@pytest.fixture
def philippines(db):
    return CountryFactory(code="PH", name="Philippines")


@pytest.fixture
def viet_nam(db):
    return CountryFactory(code="VN", name="Viet Nam", att_status="not_joined")


@pytest.fixture
def outsider(viet_nam):
    """A verified official of Viet Nam: a real official, of another state."""
    user = UserFactory()
    make_official(user, viet_nam)
    return user


def _start(client, framework, country, agency_name="Ministry of Foreign Affairs", title="Readiness 2026"):
    return client.post(
        reverse("assessments:start"),
        {
            "country": country.pk,
            "framework": framework.pk,
            "title": title,
            "agency_type": AgencyTypeFactory(code="foreign-affairs").pk,
            "agency_name": agency_name,
        },
    )


def test_an_unverified_user_is_told_how_to_get_access_and_cannot_start(framework, philippines, client, user):
    page = sign_in(client, user).get(reverse("assessments:start"))
    assert page.status_code == 200 and reverse("accounts:request_access") in page.text
    assert 'name="country"' not in page.text
    assert _start(client, framework, philippines).status_code == 403
    assert not Assessment.objects.exists() and not Agency.objects.filter(country=philippines).exists()


def test_an_unverified_claim_is_not_enough(framework, philippines, client, user):
    make_official(user, philippines, verified=False)
    assert _start(sign_in(client, user), framework, philippines).status_code == 403
    assert not Assessment.objects.exists()


def test_the_start_form_offers_only_the_official_s_own_state(framework, philippines, outsider, client):
    page = sign_in(client, outsider).get(reverse("assessments:start")).text
    options = re.findall(
        r'<option value="(\d+)"[^>]*>([^<]*)</option>', page.split('name="country"')[1].split("</select>")[0]
    )
    assert [name for _pk, name in options] == ["Viet Nam"]


def test_an_official_of_another_state_cannot_start_an_assessment_for_the_philippines(
    framework, philippines, outsider, client
):
    response = _start(sign_in(client, outsider), framework, philippines, agency_name=INJECTED)
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert not Assessment.objects.exists()
    assert not Agency.objects.filter(name=INJECTED).exists()


def test_a_verified_coordinator_starts_for_their_state_and_may_add_its_agency(framework, philippines, client, user):
    make_official(user, philippines)
    assert (
        _start(sign_in(client, user), framework, philippines, agency_name="Department of Foreign Affairs").status_code
        == 302
    )
    membership = Membership.objects.get(user=user)
    assert membership.assessment.country == philippines and membership.agency.name == "Department of Foreign Affairs"


def test_a_verified_official_who_is_not_a_coordinator_starts_only_with_a_listed_agency(
    framework, philippines, client, user
):
    make_official(user, philippines, coordinator=False)
    AgencyFactory(country=philippines, name="Bureau of Customs")
    response = _start(sign_in(client, user), framework, philippines, agency_name="Bureau of Sneaky Additions")
    assert response.status_code == 200 and "not in Philippines" in response.text
    assert not Agency.objects.filter(name="Bureau of Sneaky Additions").exists()
    assert _start(client, framework, philippines, agency_name="bureau of customs").status_code == 302


def _add_agency(client, assessment, name=INJECTED):
    return client.post(
        reverse("assessments:add_agency", args=[assessment.pk]),
        {"name": name, "acronym": "ZZ", "agency_type": AgencyTypeFactory(code="customs").pk},
    )


def test_a_team_coordinator_from_another_state_cannot_add_to_the_philippines_agency_list(framework, outsider, client):
    # A "Philippines" team an outsider started before officials were verified: its coordinator is Viet Nam's.
    team = make_team(framework)
    Membership.objects.filter(user=team["coordinator"]).update(user=outsider)
    response = _add_agency(sign_in(client, outsider), team["assessment"])
    assert response.status_code == 403
    assert not Agency.objects.filter(name=INJECTED).exists()
    page = client.get(reverse("assessments:team", args=[team["assessment"].pk])).text
    assert "Add agency" not in page and "not verified as speaking for" in page


def test_the_state_s_verified_coordinator_keeps_its_agency_list(framework, client):
    team = verify_team(make_team(framework))
    assert _add_agency(sign_in(client, team["coordinator"]), team["assessment"], "Ports Authority").status_code == 302
    assert Agency.objects.filter(country__code="PH", name="Ports Authority").exists()


def _invite(client, team, email="maria.santos@dfa.example.org", role="contributor"):
    agency = team["assessment"].memberships.get(user=team["coordinator"]).agency
    return client.post(
        reverse("assessments:invite", args=[team["assessment"].pk]), {"email": email, "agency": agency.pk, "role": role}
    )


def test_an_unverified_team_s_invitation_does_not_name_the_state_or_its_agency(framework, client):
    team = make_team(framework)  # its coordinator speaks for nobody
    Assessment.objects.filter(pk=team["assessment"].pk).update(title="Readiness review")  # its own words stay
    assert _invite(sign_in(client, team["coordinator"]), team).status_code == 302
    message = mail.outbox[-1]
    assert "Country PH" not in message.body and "Foreign Ministry" not in message.body
    assert "not verified as speaking for any state" in message.body and "unverified" in message.subject
    link = re.search(r"https?://[^/\s]+(/assessments/invitations/\S+/)", message.body).group(1)
    client.logout()
    page = client.get(link).text
    assert "Country PH" not in page and "not verified as speaking for any state" in page


def test_a_verified_team_s_invitation_names_the_state(framework, client):
    team = verify_team(make_team(framework))
    assert _invite(sign_in(client, team["coordinator"]), team).status_code == 302
    body = mail.outbox[-1].body
    assert "for Country PH, on behalf of Foreign Ministry" in body and "not verified" not in body


def _accept(client, team, email, role):
    _invite(sign_in(client, team["coordinator"]), team, email=email, role=role)
    link = re.search(r"https?://[^/\s]+(/assessments/invitations/\S+/)", mail.outbox[-1].body).group(1)
    client.logout()
    password = "a-strong-pass-991"
    response = client.post(link, {"full_name": "Nina New", "password1": password, "password2": password})
    assert response.status_code == 302


@pytest.mark.parametrize(("role", "expected"), [("contributor", "official"), ("coordinator", "coordinator")])
def test_joining_the_state_s_verified_team_verifies_the_newcomer(framework, client, role, expected):
    team = verify_team(make_team(framework))
    _accept(client, team, "nina@dfa.example.org", role)
    official = Official.objects.get(user__email="nina@dfa.example.org")
    assert official.is_verified and official.country.code == "PH" and official.role == expected
    assert official.verified_by == team["coordinator"]


def test_joining_an_unverified_team_verifies_nobody(framework, client):
    team = make_team(framework)
    _accept(client, team, "nina@dfa.example.org", "coordinator")
    assert not Official.objects.filter(user__email="nina@dfa.example.org").exists()


def test_joining_a_verified_team_whose_inviter_is_not_a_state_coordinator_verifies_nobody(framework, client):
    team = verify_team(make_team(framework))
    Official.objects.filter(user=team["coordinator"]).update(role=Official.Role.OFFICIAL)
    _accept(client, team, "nina@dfa.example.org", "contributor")
    assert not Official.objects.filter(user__email="nina@dfa.example.org").exists()


def test_the_migration_flags_assessments_no_coordinator_of_which_is_an_official_of_their_state(framework, outsider):
    """Existing data: coordinators of one state's assessments get an unverified profile; an assessment coordinated
    by an official of another state (the outsider's "Philippines") is flagged for staff; nothing is deleted."""
    import importlib

    from django.apps import apps

    create_officials = importlib.import_module(
        "accounts.migrations.0007_officials_from_existing_coordinators"
    ).create_officials
    flag_for_review = importlib.import_module("assessments.migrations.0005_assessment_needs_review").flag_for_review

    real = make_team(framework)
    fake = make_team(framework, country_code="TH")
    Membership.objects.filter(user=fake["coordinator"]).update(user=outsider)  # Viet Nam's official coordinates it
    create_officials(apps, None)
    flag_for_review(apps, None)
    claim = Official.objects.get(user=real["coordinator"])
    assert claim.country.code == "PH" and not claim.is_verified
    assert not Assessment.objects.get(pk=real["assessment"].pk).needs_review
    assert Assessment.objects.get(pk=fake["assessment"].pk).needs_review
    assert Assessment.objects.count() == 2


def test_staff_see_flagged_assessments_in_the_admin_without_their_content(framework, client):
    team = make_team(framework)
    Assessment.objects.filter(pk=team["assessment"].pk).update(needs_review=True, title="Secret title")
    staff = UserFactory(is_staff=True, is_superuser=True)
    page = sign_in(client, staff).get(
        reverse("admin:assessments_assessmentreview_changelist"), {"needs_review__exact": "1"}
    )
    assert page.status_code == 200 and "Country PH" in page.text and "Secret title" not in page.text
    client.post(
        reverse("admin:assessments_assessmentreview_changelist"),
        {"action": "mark_reviewed", "_selected_action": [team["assessment"].pk]},
    )
    assert not Assessment.objects.get(pk=team["assessment"].pk).needs_review
