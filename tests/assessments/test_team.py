import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assessments.models import Answer, Invitation, Membership, Role
from assessments.services import save_position
from tests.accounts.factories_officials import make_official, verify_team
from tests.assessments.conftest import membership_of
from tests.factories import AgencyFactory, CountryFactory, UserFactory


def _invite(client, assessment, email="new.member@example.org", role=Role.CONTRIBUTOR, agency=None):
    agency = agency or membership_of_agency(assessment, "customs")
    return client.post(
        reverse("assessments:invite", args=[assessment.pk]), {"email": email, "agency": agency.pk, "role": role}
    )


def membership_of_agency(assessment, code):
    return assessment.memberships.get(agency__agency_type__code=code).agency


def _link_from_outbox():
    return re.search(r"https?://[^/\s]+(/assessments/invitations/\S+/)", mail.outbox[-1].body).group(1)


def test_coordinator_invites_and_a_newcomer_joins_with_a_password(team, assessment, client_for, client):
    response = _invite(client_for(team["coordinator"]), assessment)
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new.member@example.org"]
    link = _link_from_outbox()
    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "Join an assessment team" in page.text
    response = client.post(
        link, {"full_name": "Nina New", "password1": "a-strong-pass-991", "password2": "a-strong-pass-991"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.member@example.org")
    assert user.check_password("a-strong-pass-991") and user.full_name == "Nina New"
    membership = Membership.objects.get(assessment=assessment, user=user)
    assert membership.role == Role.CONTRIBUTOR and membership.agency.agency_type.code == "customs"
    assert client.get(reverse("assessments:detail", args=[assessment.pk])).status_code == 200


def test_an_invitation_works_once(team, assessment, client_for, client):
    _invite(client_for(team["coordinator"]), assessment)
    link = _link_from_outbox()
    client.logout()
    client.post(link, {"full_name": "Nina", "password1": "a-strong-pass-991", "password2": "a-strong-pass-991"})
    client.logout()
    again = client.get(link)
    assert again.status_code == 410 and "cannot be used" in again.text


def test_an_expired_invitation_is_refused(team, assessment, client_for, client):
    _invite(client_for(team["coordinator"]), assessment)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    assert client.get(_link_from_outbox()).status_code == 410


def test_a_revoked_invitation_is_refused(team, assessment, client_for, client):
    coordinator = client_for(team["coordinator"])
    _invite(coordinator, assessment)
    invitation = Invitation.objects.get()
    coordinator.post(reverse("assessments:revoke", args=[assessment.pk, invitation.pk]))
    client.logout()
    assert client.get(_link_from_outbox()).status_code == 410


def test_an_unknown_token_is_404(client, db):
    assert client.get(reverse("assessments:accept", args=["not-a-token"])).status_code == 404


def test_an_existing_user_joins_when_signed_in_with_the_invited_email(team, assessment, client_for):
    existing = UserFactory(email="existing@example.org")
    _invite(client_for(team["coordinator"]), assessment, email="existing@example.org")
    link = _link_from_outbox()
    response = client_for(existing).post(link)
    assert response.status_code == 302
    assert Membership.objects.filter(assessment=assessment, user=existing).exists()


def test_someone_else_cannot_use_a_forwarded_invitation(team, assessment, client_for):
    _invite(client_for(team["coordinator"]), assessment, email="intended@example.org")
    stranger = UserFactory()
    response = client_for(stranger).post(_link_from_outbox())
    assert response.status_code == 200 and "another email address" in response.text
    assert not Membership.objects.filter(user=stranger).exists()


def test_inviting_someone_already_on_the_team_is_refused_and_the_form_kept(team, assessment, client_for):
    response = _invite(client_for(team["coordinator"]), assessment, email=team["licensing"].email.upper())
    assert response.status_code == 422
    assert "already on the team" in response.text
    assert team["licensing"].email.upper() in response.text
    assert mail.outbox == []


def test_an_agency_of_another_country_cannot_be_chosen(team, assessment, client_for):
    foreign = AgencyFactory(country__code="TH", country__name="Thailand")
    response = _invite(client_for(team["coordinator"]), assessment, agency=foreign)
    assert response.status_code == 422 and "Select a valid choice" in response.text
    assert not Invitation.objects.exists()


def test_removing_the_last_coordinator_is_refused(team, assessment, client_for):
    coordinator = membership_of(team, "coordinator")
    response = client_for(team["coordinator"]).post(
        reverse("assessments:remove", args=[assessment.pk, coordinator.pk]), follow=True
    )
    assert "The last coordinator cannot be removed" in response.text
    coordinator.refresh_from_db()
    assert coordinator.removed_at is None


def test_demoting_the_last_coordinator_is_refused(team, assessment, client_for):
    coordinator = membership_of(team, "coordinator")
    url = reverse("assessments:change_role", args=[assessment.pk, coordinator.pk])
    response = client_for(team["coordinator"]).post(url, {"role": Role.OBSERVER}, follow=True)
    assert "at least one coordinator" in response.text
    coordinator.refresh_from_db()
    assert coordinator.role == Role.COORDINATOR


def test_a_removed_member_loses_access_but_their_answers_stay_attributed(team, assessment, client_for, framework):
    member = membership_of(team, "licensing")
    save_position(
        membership=member,
        question=framework.questions.first(),
        value="in_place",
        reason="",
        notes="",
        legal_references=[],
        base_version=0,
    )
    client_for(team["coordinator"]).post(reverse("assessments:remove", args=[assessment.pk, member.pk]))
    assert client_for(team["licensing"]).get(reverse("assessments:detail", args=[assessment.pk])).status_code == 404
    assert Answer.objects.get().author == team["licensing"]
    page = client_for(team["coordinator"]).get(reverse("assessments:question", args=[assessment.pk, "ART5-01"]))
    assert team["licensing"].full_name in page.text


def test_membership_changes_keep_history(team, assessment, client_for):
    member = membership_of(team, "customs")
    client_for(team["coordinator"]).post(
        reverse("assessments:change_role", args=[assessment.pk, member.pk]), {"role": "observer"}
    )
    roles = list(member.history.order_by("history_date").values_list("role", "history_user_id"))
    assert roles == [("contributor", None), ("observer", team["coordinator"].pk)]


def test_contributors_cannot_invite(team, assessment, client_for):
    assert _invite(client_for(team["licensing"]), assessment).status_code == 403


def test_coordinator_adds_an_agency_of_the_country(team, assessment, client_for):
    verify_team(team)  # the state's verified coordinator: the one who keeps its list of agencies
    response = client_for(team["coordinator"]).post(
        reverse("assessments:add_agency", args=[assessment.pk]),
        {
            "name": "Ports Authority",
            "acronym": "PA",
            "agency_type": membership_of_agency(assessment, "customs").agency_type_id,
        },
    )
    assert response.status_code == 302
    assert assessment.country.agencies.filter(name="Ports Authority").exists()


def test_start_an_assessment_makes_the_user_coordinator(framework, logged_in_client, user):
    from tests.factories import AgencyTypeFactory, CountryFactory

    country = CountryFactory(code="TH", name="Thailand", att_status="signatory")
    make_official(user, country)
    response = logged_in_client.post(
        reverse("assessments:start"),
        {
            "country": country.pk,
            "framework": framework.pk,
            "title": "Readiness 2026",
            "agency_type": AgencyTypeFactory(code="foreign-affairs").pk,
            "agency_name": "Ministry of Foreign Affairs",
            "agency_acronym": "MFA",
            "other_track": "on",  # a signatory on the compliance questionnaire, knowingly
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.COORDINATOR and membership.agency.country == country
    assert membership.agency.acronym == "MFA"


def test_start_form_errors_keep_what_was_typed(framework, logged_in_client, user):
    make_official(user, CountryFactory())
    response = logged_in_client.post(reverse("assessments:start"), {"title": "My title", "framework": framework.pk})
    assert response.status_code == 200
    assert "My title" in response.text and "This field is required." in response.text


def test_start_requires_login_and_refuses_put(logged_in_client, db):
    from django.test import Client

    assert Client().get(reverse("assessments:start")).status_code == 302
    assert logged_in_client.put(reverse("assessments:start")).status_code == 405
