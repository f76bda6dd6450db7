"""Security settings and the account protections: measured, not assumed."""

import os
import re
import secrets
import subprocess
import sys

from django.conf import settings
from django.urls import reverse

from accounts.models import SecurityEvent
from tests.factories import PASSWORD, UserFactory


def test_production_settings_pass_check_deploy_with_no_warning():
    # A production environment: none of the test run's own settings (the browser tests allow
    # the ORM beside Playwright's event loop, which a deployment must never do).
    test_only = {"DJANGO_DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in test_only}
    env.update(DJANGO_DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="portal.example.org")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_every_page_carries_the_security_headers(logged_in_client):
    response = logged_in_client.get(reverse("portal:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_have_no_inline_script_or_style(logged_in_client):
    html = logged_in_client.get(reverse("portal:home")).text
    assert "<script>" not in html and " style=" not in html and "<style" not in html
    assert 'src="/static/vendor/htmx.min.js"' in html


def test_repeated_failures_lock_the_account_for_that_address_and_say_so_plainly(client, db):
    user = UserFactory(email="target@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "target@example.org", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "target@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.text
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind="locked_out", email="target@example.org").exists()
    assert SecurityEvent.objects.filter(kind="login_failed").count() >= settings.AXES_FAILURE_LIMIT
    from axes.utils import reset

    reset(username=user.email)  # what staff do from the admin
    response = client.post(reverse("login"), {"username": "target@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_the_login_page_does_not_reveal_whether_an_email_has_an_account(client, db):
    UserFactory(email="known@example.org")
    known = client.post(reverse("login"), {"username": "known@example.org", "password": "wrong"})
    unknown = client.post(reverse("login"), {"username": "nobody@example.org", "password": "wrong"})
    assert known.status_code == unknown.status_code == 200

    def page(response, email):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.text.replace(email, "X"))

    assert page(known, "known@example.org") == page(unknown, "nobody@example.org")


def test_sign_out_everywhere_ends_other_sessions_but_not_this_one(client, db):
    from django.test import Client

    user = UserFactory()
    other = Client()
    other.force_login(user)
    client.force_login(user)
    assert client.post(reverse("accounts:sign_out_everywhere")).status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200
    assert other.get(reverse("portal:home")).status_code == 302  # sent to sign in
    assert SecurityEvent.objects.filter(kind="signed_out_everywhere", user=user).exists()


def test_a_session_ends_after_inactivity(client, db, settings):
    import time
    from unittest import mock

    settings.SESSION_IDLE_SECONDS = 60 * 30
    client.force_login(UserFactory())
    assert client.get(reverse("portal:home")).status_code == 200
    later = time.time() + 60 * 31
    with mock.patch("accounts.middleware.time.time", return_value=later):
        response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_signing_in_and_role_changes_are_logged(client, db, framework, client_for):
    from tests.assessments.conftest import membership_of
    from tests.factories import make_team

    user = UserFactory(email="logger@example.org")
    client.post(reverse("login"), {"username": "logger@example.org", "password": PASSWORD})
    assert SecurityEvent.objects.filter(kind="login", user=user).exists()
    team = make_team(framework)
    member = membership_of(team, "customs")
    client_for(team["coordinator"]).post(
        reverse("assessments:change_role", args=[team["assessment"].pk, member.pk]), {"role": "observer"}
    )
    assert SecurityEvent.objects.get(kind="role_changed").user == team["customs"]


def test_an_over_long_name_on_the_admin_sign_in_is_a_failed_sign_in_not_a_crash(client, db):
    response = client.post(reverse("admin:login"), {"username": "x" * 300 + "@example.org", "password": "wrong"})
    assert response.status_code == 200
    assert SecurityEvent.objects.filter(kind="login_failed").exists()
