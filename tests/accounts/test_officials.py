"""How a state comes in: staff invite its first coordinator, or a newcomer asks for access and staff decide; every
decision in the security log and in history."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import AccessRequest, Official, SecurityEvent, User
from tests.accounts.factories_officials import make_official
from tests.conftest import sign_in
from tests.factories import AgencyTypeFactory, CountryFactory, UserFactory

Kind = SecurityEvent.Kind


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def philippines(db):
    return CountryFactory(code="PH", name="Philippines")


def _request_data(state, **changes):
    data = {
        "full_name": "Maria Santos",
        "email": "Maria.Santos@dfa.example.org",
        "country": state.pk,
        "agency_type": AgencyTypeFactory(code="foreign-affairs").pk,
        "agency_name": "Department of Foreign Affairs",
        "role_line": "Director, arms control unit",
        "website": "",
    }
    return data | changes


def _ask(client, state, **changes):
    return client.post(reverse("accounts:request_access"), _request_data(state, **changes))


def test_the_sign_in_page_links_to_the_access_request(client, db):
    page = client.get(reverse("login")).text
    assert reverse("accounts:request_access") in page
    assert client.get(reverse("accounts:request_access")).status_code == 200


def test_a_newcomer_asks_for_access_and_it_is_logged(client, philippines):
    response = _ask(client, philippines)
    assert response.status_code == 200 and "Request received" in response.text
    request = AccessRequest.objects.get()
    assert request.email == "maria.santos@dfa.example.org" and request.status == "pending"
    assert request.history.count() == 1
    assert SecurityEvent.objects.filter(kind=Kind.ACCESS_REQUESTED, email=request.email).exists()
    assert not User.objects.exists()  # nothing is created before staff decide


def test_the_answer_is_the_same_for_a_repeat_a_known_address_and_a_robot(client, philippines):
    first = _ask(client, philippines).text
    repeat = _ask(client, philippines, full_name="Someone Else").text
    UserFactory(email="known@example.org")
    known = _ask(client, philippines, email="known@example.org").text
    robot = _ask(client, philippines, email="robot@example.org", website="http://spam.example").text

    def words(page):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)

    assert words(first) == words(repeat) == words(known) == words(robot)
    assert sorted(AccessRequest.objects.values_list("email", flat=True)) == [
        "known@example.org",
        "maria.santos@dfa.example.org",
    ]


def test_one_address_cannot_flood_the_requests(client, philippines):
    for number in range(8):
        _ask(client, philippines, email=f"flood{number}@example.org")
    assert AccessRequest.objects.count() == 5


@pytest.mark.parametrize(
    "changes", [{"email": "not-an-address"}, {"country": "999999"}, {"role_line": "x" * 301}, {"full_name": ""}]
)
def test_a_bad_request_is_refused_with_the_form(client, philippines, changes):
    response = _ask(client, philippines, **changes)
    assert response.status_code == 422 and not AccessRequest.objects.exists()


def _set_password_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)


def test_staff_approve_a_request_the_requester_becomes_a_verified_coordinator_and_sets_a_password(
    client, staff, philippines
):
    _ask(client, philippines)
    request = AccessRequest.objects.get()
    response = sign_in(client, staff).post(
        reverse("admin:accounts_accessrequest_changelist"), {"action": "approve", "_selected_action": [request.pk]}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "approved" and request.decided_by == staff and request.decided_at is not None
    user = User.objects.get(email="maria.santos@dfa.example.org")
    assert not user.has_usable_password() and user.agency.name == "Department of Foreign Affairs"
    official = user.official
    assert official.is_verified and official.country == philippines and official.role == "coordinator"
    assert official.verified_by == staff and official.history.count() == 1
    assert request.history.latest().status == "approved" and request.history.latest().history_user == staff
    event = SecurityEvent.objects.get(kind=Kind.ACCESS_APPROVED)
    assert event.user == staff and "maria.santos@dfa.example.org" in event.detail
    message = mail.outbox[-1]
    assert message.to == ["maria.santos@dfa.example.org"] and "Philippines" in message.body
    client.logout()
    link = _set_password_link(message)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and 'name="new_password1"' in form.text
    password = "a-new-strong-pass-731"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(password)


def test_staff_decline_a_request_and_the_requester_is_told(client, staff, philippines):
    _ask(client, philippines)
    request = AccessRequest.objects.get()
    sign_in(client, staff).post(
        reverse("admin:accounts_accessrequest_changelist"), {"action": "decline", "_selected_action": [request.pk]}
    )
    request.refresh_from_db()
    assert request.status == "declined" and request.decided_by == staff
    assert not User.objects.filter(email=request.email).exists()
    assert mail.outbox[-1].to == [request.email] and "not approved" in mail.outbox[-1].body
    assert SecurityEvent.objects.get(kind=Kind.ACCESS_DECLINED).user == staff
    # Decided once: approving it afterwards changes nothing.
    client.post(
        reverse("admin:accounts_accessrequest_changelist"), {"action": "approve", "_selected_action": [request.pk]}
    )
    assert not User.objects.filter(email=request.email).exists()


def test_staff_invite_a_state_s_first_coordinator_from_the_admin(client, staff, philippines):
    sign_in(client, staff)
    changelist = client.get(reverse("admin:accounts_official_changelist")).text
    assert reverse("admin:accounts_official_invite") in changelist
    response = client.post(
        reverse("admin:accounts_official_invite"),
        {
            "country": philippines.pk,
            "agency_type": AgencyTypeFactory(code="foreign-affairs").pk,
            "agency_name": "Department of Foreign Affairs",
            "full_name": "Maria Santos",
            "email": "maria.santos@dfa.example.org",
        },
    )
    assert response.status_code == 302
    official = Official.objects.get(user__email="maria.santos@dfa.example.org")
    assert official.is_verified and official.role == "coordinator" and official.verified_by == staff
    assert not official.user.has_usable_password()
    assert SecurityEvent.objects.get(kind=Kind.OFFICIAL_INVITED).user == staff
    assert "/accounts/reset/" in mail.outbox[-1].body


def test_inviting_someone_who_already_speaks_for_a_state_is_refused(client, staff, philippines):
    official = UserFactory(email="taken@example.org")
    make_official(official, CountryFactory(code="VN", name="Viet Nam"))
    response = sign_in(client, staff).post(
        reverse("admin:accounts_official_invite"),
        {
            "country": philippines.pk,
            "agency_type": AgencyTypeFactory(code="foreign-affairs").pk,
            "agency_name": "Department of Foreign Affairs",
            "full_name": "Taken",
            "email": "taken@example.org",
        },
    )
    assert response.status_code == 200 and "already an official of Viet Nam" in response.text
    assert Official.objects.get(user=official).country.code == "VN"


def test_staff_verify_and_withdraw_in_the_admin_with_log_and_history(client, staff, philippines):
    official = make_official(UserFactory(), philippines, verified=False)
    changelist = reverse("admin:accounts_official_changelist")
    sign_in(client, staff).post(changelist, {"action": "verify", "_selected_action": [official.pk]})
    official.refresh_from_db()
    assert official.is_verified and official.verified_by == staff
    client.post(changelist, {"action": "withdraw", "_selected_action": [official.pk]})
    official.refresh_from_db()
    assert not official.is_verified
    kinds = list(SecurityEvent.objects.order_by("created_at").values_list("kind", flat=True))
    assert [k for k in kinds if k.startswith("official")] == [Kind.OFFICIAL_VERIFIED, Kind.OFFICIAL_UNVERIFIED]
    assert official.history.count() == 3  # made, verified, withdrawn
    assert client.get(reverse("admin:accounts_official_history", args=[official.pk])).status_code == 200


def test_an_official_speaks_for_one_state_or_one_organization_never_both_nor_neither(philippines):
    from django.db import IntegrityError, transaction

    from regional.models import RegionalOrganization

    organization = RegionalOrganization.objects.create(name="Desk")
    for fields in ({}, {"country": philippines, "regional_organization": organization}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Official.objects.create(user=UserFactory(), **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Official.objects.create(user=UserFactory(), regional_organization=organization, role="coordinator")


@pytest.mark.parametrize("who", ["anonymous", "official"])
def test_only_staff_reach_the_invitation_form(client, philippines, who):
    if who == "official":
        user = UserFactory()
        make_official(user, philippines)
        sign_in(client, user)
    response = client.get(reverse("admin:accounts_official_invite"))
    assert response.status_code == 302 and "/login/" in response.url
