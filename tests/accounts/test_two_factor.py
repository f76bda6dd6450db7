"""Two-step sign-in: setting up an authenticator app, the code after the password, backup codes,
turning it off, and where it is required (staff, the admin, teams that ask for it)."""

import re
from binascii import unhexlify
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecurityEvent
from accounts.services import enable_two_factor
from accounts.two_factor import SETUP_SESSION_KEY, new_secret
from assessments.models import Membership
from tests.conftest import sign_in, verify_two_factor
from tests.factories import PASSWORD, AgencyFactory, UserFactory, make_team

# world: the team, its objects and the URL arguments that tests/test_isolation.py walks every route with.
from tests.test_isolation import GET_ROUTES, POST_ROUTES, _scoped_routes, _url, bank, world  # noqa: F401

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
PROFILE = reverse("accounts:profile")
HOME = reverse("portal:home")


def code_for(key: str, ahead: int = 0) -> str:
    """The code an authenticator app shows now for this hex key (``ahead``: that many 30-second steps later)."""
    return f"{totp(unhexlify(key), drift=ahead):06d}"


def wrong_code_for(key: str) -> str:
    """A 6-digit code sure to be wrong: none of the codes the one-step tolerance would accept."""
    right = {code_for(key, ahead) for ahead in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in right)


def with_app(user) -> tuple[TOTPDevice, list[str]]:
    """Two-step sign-in turned on for the user, as the set-up page does it."""
    return enable_two_factor(user=user, key=new_secret(), last_step=-1)


def password_sign_in(client, user):
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def events(kind, user=None):
    rows = SecurityEvent.objects.filter(kind=kind)
    return rows.filter(user=user) if user else rows


def is_verified_session(client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


# Setting up


def test_the_set_up_page_shows_a_qr_code_and_the_key_and_stores_nothing_yet(logged_in_client, user):
    response = logged_in_client.get(SETUP)
    assert response.status_code == 200
    assert re.search(r'<img [^>]*src="data:image/svg\+xml', response.text)
    key = logged_in_client.session[SETUP_SESSION_KEY]
    from accounts.two_factor import secret_for_typing

    assert secret_for_typing(key) in response.text
    assert 'autocomplete="one-time-code"' in response.text and 'inputmode="numeric"' in response.text
    assert " style=" not in response.text and "<script>" not in response.text and "<style" not in response.text
    assert not TOTPDevice.objects.exists()
    # A reload shows the same key: the app may already have scanned it.
    logged_in_client.get(SETUP)
    assert logged_in_client.session[SETUP_SESSION_KEY] == key


def test_a_real_code_turns_it_on_and_shows_ten_backup_codes_once(logged_in_client, user):
    logged_in_client.get(SETUP)
    key = logged_in_client.session[SETUP_SESSION_KEY]
    response = logged_in_client.post(SETUP, {"code": code_for(key)})
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and device.key == key
    shown = re.findall(r"<li>(\d{5} \d{5})</li>", response.text)
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(shown) == 10 and {code.replace(" ", "") for code in shown} == stored
    assert is_verified_session(logged_in_client)
    assert SETUP_SESSION_KEY not in logged_in_client.session
    assert events("two_factor_enabled", user).count() == 1
    profile = logged_in_client.get(PROFILE).text
    assert not any(code in profile for code in shown)
    assert "You have 10 backup codes left." in profile


def test_a_wrong_set_up_code_is_refused_and_nothing_is_stored(logged_in_client, user):
    logged_in_client.get(SETUP)
    key = logged_in_client.session[SETUP_SESSION_KEY]
    for bad in (wrong_code_for(key), "12345", "abcdef", "", "１２３４５６"):
        response = logged_in_client.post(SETUP, {"code": bad})
        assert response.status_code == 422, bad
        assert response.context["form"].errors, bad
    assert "That code does not match" in unescape(response.text) or "required" in response.text
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    assert not is_verified_session(logged_in_client)
    assert logged_in_client.session[SETUP_SESSION_KEY] == key  # still the key the app has


def test_an_expired_set_up_asks_again_with_a_new_key(logged_in_client, user):
    response = logged_in_client.post(SETUP, {"code": "123456"})  # no key in the session: the page was never shown
    assert response.status_code == 422
    assert "The set-up had expired" in response.text
    assert SETUP_SESSION_KEY in logged_in_client.session and not TOTPDevice.objects.exists()


def test_the_same_code_cannot_be_used_again_right_after_set_up(logged_in_client, user):
    logged_in_client.get(SETUP)
    key = logged_in_client.session[SETUP_SESSION_KEY]
    code = code_for(key)
    logged_in_client.post(SETUP, {"code": code})
    logged_in_client.post(reverse("logout"))
    password_sign_in(logged_in_client, user)
    assert logged_in_client.post(VERIFY, {"code": code}).status_code == 422


def test_turning_it_on_signs_out_the_other_sessions(client, user):
    other = Client()
    other.force_login(user)
    client.force_login(user)
    client.get(SETUP)
    client.post(SETUP, {"code": code_for(client.session[SETUP_SESSION_KEY])})
    assert client.get(HOME).status_code == 200
    assert other.get(HOME).url.startswith(reverse("login"))


def test_a_second_app_is_no_way_around_the_first(client, user):
    with_app(user)
    password_sign_in(client, user)
    response = client.get(SETUP)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    client.post(SETUP, {"code": "123456"})
    assert TOTPDevice.objects.filter(user=user).count() == 1


# Signing in


def test_sign_in_asks_for_a_code_before_anything_else(client, world):  # noqa: F811
    team, kwargs = world
    device, _codes = with_app(team["customs"])
    response = password_sign_in(client, team["customs"])
    assert not is_verified_session(client)
    detail = reverse("assessments:detail", args=[kwargs["pk"]])
    for url in (HOME, detail, PROFILE, reverse("frameworks:index"), reverse("password_change")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == f"{VERIFY}?next={url.replace('/', '%2F')}", url
    assert client.post(reverse("accounts:sign_out_everywhere")).url.startswith(VERIFY)
    page = client.get(VERIFY)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.text and 'inputmode="numeric"' in page.text
    assert client.get(reverse("portal:healthz")).status_code == 200
    assert client.get(reverse("portal:charts_css")).status_code == 200
    response = client.post(VERIFY, {"code": code_for(device.key), "next": detail})
    assert response.status_code == 302 and response.url == detail
    assert is_verified_session(client)
    assert client.get(detail).status_code == 200
    assert events("two_factor_verified", team["customs"]).get().detail == "app"


def test_without_an_app_the_password_is_enough(client, user):
    password_sign_in(client, user)
    assert client.get(HOME).status_code == 200
    assert client.get(VERIFY).url == HOME  # nothing to verify


def test_a_wrong_code_is_a_clear_form_error_and_is_logged(client, user):
    device, _codes = with_app(user)
    password_sign_in(client, user)
    response = client.post(VERIFY, {"code": wrong_code_for(device.key)})
    assert response.status_code == 422
    assert "That code is not right" in response.text
    assert not is_verified_session(client)
    assert client.get(HOME).url.startswith(VERIFY)
    failure = events("two_factor_failed", user).get()
    assert failure.detail == "sign-in, app" and failure.ip_address == "127.0.0.1"


def test_repeated_wrong_codes_are_throttled_with_django_otps_message(client, user):
    device, _codes = with_app(user)
    password_sign_in(client, user)
    client.post(VERIFY, {"code": wrong_code_for(device.key)})
    response = client.post(VERIFY, {"code": code_for(device.key)})  # right, but too soon after a wrong one
    assert response.status_code == 422
    assert "Verification temporarily disabled because of 1 failed attempt" in response.text
    assert not is_verified_session(client)
    assert events("two_factor_failed", user).filter(detail="sign-in, app, throttled").exists()


def test_malformed_codes_are_refused_without_touching_the_devices(client, user):
    device, _codes = with_app(user)
    password_sign_in(client, user)
    for bad in ("12345", "1234567", "abcdef", "12 34 5x", "٣٣٣٣٣٣", "\x00", "9" * 30):
        response = client.post(VERIFY, {"code": bad})
        assert response.status_code == 422 and response.context["form"].errors, bad
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_backup_code_works_once_only(client, user):
    _device, codes = with_app(user)
    password_sign_in(client, user)
    response = client.post(VERIFY, {"code": f"{codes[0][:5]}-{codes[0][5:]}"})  # typed as shown, with a dash
    assert response.status_code == 302 and is_verified_session(client)
    assert "You have 9 backup codes left." in messages_of(response)[0]
    assert events("two_factor_verified", user).get().detail == "backup code"
    client.post(reverse("logout"))
    password_sign_in(client, user)
    response = client.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 422 and not is_verified_session(client)
    assert client.post(VERIFY, {"code": codes[1]}).status_code == 422  # throttled a moment after the failure
    assert StaticToken.objects.filter(device__user=user).count() == 9


@pytest.mark.parametrize(
    "next_url", ["https://evil.example.org/", "//evil.example.org/", "javascript:alert(1)", "http:///evil.org"]
)
def test_next_never_leads_to_another_site(client, user, next_url):
    device, _codes = with_app(user)
    password_sign_in(client, user)
    page = client.get(VERIFY, {"next": next_url})
    assert next_url not in page.text
    response = client.post(VERIFY, {"code": code_for(device.key), "next": next_url})
    assert response.status_code == 302 and response.url == HOME


def test_the_sign_in_page_keeps_next_through_the_second_step(client, user):
    device, _codes = with_app(user)
    response = client.post(
        reverse("login"), {"username": user.email, "password": PASSWORD, "next": PROFILE}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{VERIFY}?next=%2Faccounts%2Fprofile%2F"
    response = client.post(VERIFY, {"code": code_for(device.key), "next": PROFILE})
    assert response.url == PROFILE


def test_htmx_requests_are_sent_to_the_code_page_as_a_whole_page(client, user):
    with_app(user)
    password_sign_in(client, user)
    response = client.get(HOME, headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(VERIFY)


# Staff and the admin


def test_staff_without_an_app_are_sent_to_set_it_up_before_anything_including_the_admin(client, db):
    staff = UserFactory(is_staff=True)
    password_sign_in(client, staff)
    for url in (HOME, reverse("admin:index"), reverse("admin:frameworks_question_changelist"), PROFILE):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(SETUP), url
    assert "Staff accounts must use two-step sign-in" in messages_of(response)[0]
    assert client.get(SETUP).status_code == 200
    client.post(SETUP, {"code": code_for(client.session[SETUP_SESSION_KEY])})
    assert client.get(reverse("admin:index")).status_code == 200


def test_staff_with_an_app_enter_a_code_before_the_admin(client, db):
    staff = UserFactory(is_staff=True, is_superuser=True)
    device, _codes = with_app(staff)
    password_sign_in(client, staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    client.post(VERIFY, {"code": code_for(device.key)})
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_needs_the_second_step_even_where_staff_are_not_required_to_use_it(client, db, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_STAFF = False
    staff = UserFactory(is_staff=True, is_superuser=True)
    password_sign_in(client, staff)
    assert client.get(reverse("portal:region")).status_code == 200  # the rest of the portal is open
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(SETUP)
    assert "The administration needs two-step sign-in" in response.text
    verify_two_factor(client, staff)
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_sign_in_form_also_asks_for_the_code(client, db):
    staff = UserFactory(is_staff=True)
    device, _codes = with_app(staff)
    response = client.post(reverse("admin:login"), {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).url.startswith(VERIFY)


# Teams that require it


@pytest.fixture
def strict(world):  # noqa: F811
    """The world's team requires two-step sign-in; its contributor from customs also belongs to a relaxed team."""
    team, kwargs = world
    team["assessment"].require_two_factor = True
    team["assessment"].save()
    other = make_team(team["assessment"].framework, country_code="TH")
    customs = team["customs"]
    Membership.objects.create(
        assessment=other["assessment"], user=customs, agency=AgencyFactory(country=other["assessment"].country)
    )
    return team, kwargs, other


def test_a_team_that_requires_it_sends_unverified_members_to_set_it_up_from_every_page(strict, client):
    team, kwargs, other = strict
    client.force_login(team["customs"])
    for name, pattern in _scoped_routes():
        url = _url(name, pattern, kwargs)
        responses = []
        if name in GET_ROUTES:
            responses.append(client.get(url))
        if name in POST_ROUTES:
            responses.append(client.post(url, {"value": "in_place", "body": "x", "locked": "1"}))
        for response in responses:
            assert response.status_code == 302 and response.url.startswith(SETUP), (name, response.status_code)
    title = team["assessment"].title
    assert f"The team of “{title}” requires two-step sign-in. Set it up to open this page." in messages_of(response)
    # Another team, and pages outside any team, stay open.
    assert client.get(reverse("assessments:detail", args=[other["assessment"].pk])).status_code == 200
    assert client.get(HOME).status_code == 200
    # Once the session passed the second step, the team's pages open.
    verify_two_factor(client, team["customs"])
    assert client.get(reverse("assessments:detail", args=[kwargs["pk"]])).status_code == 200


def test_a_member_with_an_app_is_asked_for_a_code_to_open_the_team(strict, client):
    team, kwargs, _other = strict
    client.force_login(team["customs"])
    device, _codes = with_app(team["customs"])  # turned on after this session signed in
    detail = reverse("assessments:detail", args=[kwargs["pk"]])
    response = client.get(detail)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert "Enter a code from your app to open this page." in messages_of(response)[0]
    response = client.post(VERIFY, {"code": code_for(device.key), "next": detail})
    assert response.url == detail and client.get(detail).status_code == 200


def test_outsiders_still_get_404_from_a_team_that_requires_it(strict, client):
    team, kwargs, _other = strict
    client.force_login(UserFactory())
    for name, pattern in _scoped_routes():
        url = _url(name, pattern, kwargs)
        if name in GET_ROUTES:
            assert client.get(url).status_code == 404, url
        if name in POST_ROUTES:
            assert client.post(url, {"locked": "1"}).status_code == 404, url


def test_the_coordinator_requires_it_and_lifts_it_logged_and_in_the_history(framework, client):
    team = make_team(framework)
    assessment = team["assessment"]
    sign_in(client, team["coordinator"])
    verify_two_factor(client, team["coordinator"])
    url = reverse("assessments:two_factor", args=[assessment.pk])
    response = client.post(url, {"require_two_factor": "1"})
    assert response.status_code == 302 and response.url == reverse("assessments:team", args=[assessment.pk])
    assessment.refresh_from_db()
    assert assessment.require_two_factor
    assert assessment.history.first().require_two_factor and not assessment.history.all()[1].require_two_factor
    assert events("team_two_factor_changed", team["coordinator"]).get().detail.endswith("required")
    client.post(url, {"require_two_factor": "0"})
    assessment.refresh_from_db()
    assert not assessment.require_two_factor
    assert events("team_two_factor_changed").count() == 2


def test_a_coordinator_without_the_second_step_cannot_require_it(framework, client):
    team = make_team(framework)
    client.force_login(team["coordinator"])
    response = client.post(reverse("assessments:two_factor", args=[team["assessment"].pk]), {"require_two_factor": "1"})
    assert "Set up two-step sign-in for your own account first" in messages_of(response)[0]
    team["assessment"].refresh_from_db()
    assert not team["assessment"].require_two_factor
    assert not events("team_two_factor_changed").exists()


@pytest.mark.parametrize("value", [None, "", "yes", "2", "1 ", "on"])
def test_unknown_values_change_nothing(framework, client, value):
    team = make_team(framework)
    sign_in(client, team["coordinator"])
    verify_two_factor(client, team["coordinator"])
    data = {} if value is None else {"require_two_factor": value}
    response = client.post(reverse("assessments:two_factor", args=[team["assessment"].pk]), data)
    assert messages_of(response) == ["Unknown action."]
    team["assessment"].refresh_from_db()
    assert not team["assessment"].require_two_factor


def test_only_coordinators_change_it_and_only_by_post(framework, client):
    team = make_team(framework)
    url = reverse("assessments:two_factor", args=[team["assessment"].pk])
    for who in ("licensing", "observer"):
        sign_in(client, team[who])
        verify_two_factor(client, team[who])
        assert client.post(url, {"require_two_factor": "1"}).status_code == 403, who
    sign_in(client, UserFactory())
    assert client.post(url, {"require_two_factor": "1"}).status_code == 404
    sign_in(client, team["coordinator"])
    assert client.get(url).status_code == 405
    client.logout()
    assert client.post(url, {"require_two_factor": "1"}).url.startswith(reverse("login"))
    team["assessment"].refresh_from_db()
    assert not team["assessment"].require_two_factor


def test_the_team_page_shows_the_setting_and_the_toggle_only_to_coordinators(framework, client):
    team = make_team(framework)
    with_app(team["licensing"])
    page = sign_in(client, team["coordinator"]).get(reverse("assessments:team", args=[team["assessment"].pk])).text
    assert "Require two-step sign-in for every member" in page and "You need it on your own account first" in page
    assert page.count('<span class="badge text-bg-success ms-1">Two-step sign-in</span>') == 1  # licensing's
    sign_in(client, team["customs"])
    page = client.get(reverse("assessments:team", args=[team["assessment"].pk])).text
    assert "Not required" in page and "Require two-step sign-in for every member" not in page


# Turning it off, new backup codes


def test_turning_it_off_needs_the_password_and_a_code(client, user):
    device, _codes = with_app(user)
    sign_in(client, user)
    verify_two_factor(client, user)
    off = reverse("accounts:two_factor_disable")
    response = client.post(off, {"off-password": "wrong", "off-code": code_for(device.key)})
    assert response.status_code == 422 and "That is not your password." in response.text
    device.refresh_from_db()
    assert device.last_t == -1  # the code was not used up by a refused password
    response = client.post(off, {"off-password": PASSWORD, "off-code": wrong_code_for(device.key)})
    assert response.status_code == 422 and "That code is not right" in response.text
    assert TOTPDevice.objects.filter(user=user).exists()
    assert [e.detail for e in events("two_factor_failed", user).order_by("pk")] == [
        "turning off, wrong password",
        "turning off, app",
    ]
    device.refresh_from_db()
    device.throttle_reset()  # as if the user waited for the wrong code's delay
    response = client.post(off, {"off-password": PASSWORD, "off-code": code_for(device.key)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists() and not StaticDevice.objects.filter(user=user).exists()
    assert events("two_factor_disabled", user).count() == 1
    client.post(reverse("logout"))
    password_sign_in(client, user)
    assert client.get(HOME).status_code == 200  # the password alone again


def test_turning_it_off_is_refused_for_staff_with_the_reason(client, db):
    staff = UserFactory(is_staff=True)
    sign_in(client, staff)  # staff are signed in with an app and a verified session
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(
        reverse("accounts:two_factor_disable"), {"off-password": PASSWORD, "off-code": code_for(device.key)}
    )
    assert messages_of(response) == [
        "Two-step sign-in cannot be turned off for your account. It is required for staff accounts."
    ]
    assert TOTPDevice.objects.filter(user=staff).exists()
    profile = client.get(PROFILE).text
    assert "You cannot turn it off." in profile and 'name="off-password"' not in profile


def test_turning_it_off_is_refused_to_members_of_a_team_that_requires_it(framework, client):
    team = make_team(framework)
    team["assessment"].require_two_factor = True
    team["assessment"].save()
    device, _codes = with_app(team["customs"])
    sign_in(client, team["customs"])
    verify_two_factor(client, team["customs"])
    response = client.post(
        reverse("accounts:two_factor_disable"), {"off-password": PASSWORD, "off-code": code_for(device.key)}
    )
    assert f"The team of “{team['assessment'].title}” requires it." in messages_of(response)[0]
    assert TOTPDevice.objects.filter(user=team["customs"]).exists()


def test_new_backup_codes_replace_the_old_ones_after_a_code(client, user):
    device, old = with_app(user)
    sign_in(client, user)
    verify_two_factor(client, user)
    url = reverse("accounts:two_factor_backup_codes")
    response = client.post(url, {"codes-code": wrong_code_for(device.key)})
    assert response.status_code == 422
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old)
    device.refresh_from_db()
    device.throttle_reset()  # as if the user waited for the wrong code's delay
    response = client.post(url, {"codes-code": code_for(device.key)})
    assert response.status_code == 200
    new = {code.replace(" ", "") for code in re.findall(r"<li>(\d{5} \d{5})</li>", response.text)}
    assert len(new) == 10 and set(StaticToken.objects.values_list("token", flat=True)) == new
    assert not new & set(old)
    assert events("backup_codes_replaced", user).count() == 1
    assert events("two_factor_failed", user).get().detail == "new backup codes, app"


def test_the_profile_offers_set_up_and_says_when_it_is_required(strict, client):
    team, _kwargs, _other = strict
    sign_in(client, team["observer"])
    profile = unescape(client.get(PROFILE).text)
    assert f'href="{SETUP}"' in profile
    assert f"It is required for your account: The team of “{team['assessment'].title}” requires it." in profile
    sign_in(client, UserFactory())
    profile = client.get(PROFILE).text
    assert f'href="{SETUP}"' in profile and "It is required" not in profile


@pytest.mark.parametrize("url_name", ["two_factor_backup_codes", "two_factor_disable"])
def test_the_post_only_pages_refuse_get_and_anonymous_visitors(client, user, url_name):
    url = reverse(f"accounts:{url_name}")
    assert client.post(url).url.startswith(reverse("login"))
    sign_in(client, user)
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("url", [SETUP, VERIFY])
def test_the_code_pages_need_a_signed_in_user(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
