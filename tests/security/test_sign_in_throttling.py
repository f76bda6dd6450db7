"""Sign-in throttling that another spelling of the address cannot dodge, password spraying, reset mails."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.throttling import normalised_email
from tests.factories import PASSWORD, UserFactory


def spellings(local: str) -> list[str]:
    """Six ways to type one address that sign-in reads as the same account."""
    return [
        f"{local}@example.org",
        f"{local.capitalize()}@example.org",
        f"{local.upper()}@EXAMPLE.ORG",
        f"{local}@EXAMPLE.org",
        f"  {local}@example.org ",
        f"{chr(ord(local[0]) - ord('a') + 0xFF41)}{local[1:]}@example.org",  # a full-width first letter (NFKC)
    ]


SPELLINGS = spellings("target")


def _client(address="10.1.1.1") -> Client:
    return Client(REMOTE_ADDR=address)


def _sign_in(client, email, password, url=None):
    return client.post(url or reverse("login"), {"username": email, "password": password})


def test_the_address_is_counted_as_sign_in_matches_it():
    assert {normalised_email(spelling) for spelling in SPELLINGS} == {"target@example.org"}


def test_another_spelling_of_a_locked_address_does_not_sign_in(db):
    UserFactory(email="police.th@example.org")
    client = _client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _sign_in(client, "police.th@example.org", "wrong")
    response = _sign_in(client, "Police.th@example.org", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_guesses_spread_over_spellings_are_counted_together(db):
    UserFactory(email="target@example.org")
    client = _client()
    statuses = [_sign_in(client, SPELLINGS[n % len(SPELLINGS)], f"guess {n}").status_code for n in range(24)]
    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(statuses[settings.AXES_FAILURE_LIMIT :]) == {429}
    for spelling in SPELLINGS:
        assert _sign_in(client, spelling, PASSWORD).status_code == 429, spelling
    assert "_auth_user_id" not in client.session
    # Another client address is not locked out by these guesses.
    assert _sign_in(_client("10.9.9.9"), "Target@Example.org", PASSWORD).status_code == 302


def test_the_admin_sign_in_is_throttled_on_the_same_count(db):
    UserFactory(email="curator@example.org", is_staff=True)
    client = _client()
    admin_login = reverse("admin:login")
    for n in range(settings.AXES_FAILURE_LIMIT):
        url = admin_login if n % 2 else reverse("login")  # failures on either form count for both
        _sign_in(client, spellings("curator")[n], "wrong", url)
    response = _sign_in(client, "CURATOR@example.org", PASSWORD, admin_login)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_password_spraying_from_one_address_is_locked_out(db):
    victims = [UserFactory(email=f"official{n}@example.org") for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT)]
    spared = UserFactory(email="spared@example.org")
    client = _client("10.2.2.2")
    # One guess per account: never enough to lock any one of them; the last one reaches the address's limit.
    statuses = [_sign_in(client, victim.email, "Summer2026!").status_code for victim in victims]
    assert statuses == [200] * (len(victims) - 1) + [429]
    response = _sign_in(client, spared.email, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.text
    assert "_auth_user_id" not in client.session
    # The accounts themselves are not locked: their owners sign in from elsewhere.
    assert _sign_in(_client("10.3.3.3"), victims[0].email, PASSWORD).status_code == 302


def test_a_few_failures_from_one_address_across_accounts_lock_nothing(db):
    users = [UserFactory(email=f"colleague{n}@example.org") for n in range(4)]
    client = _client("10.4.4.4")
    for user in users:  # an office behind one address, each person mistyping once
        assert _sign_in(client, user.email, "typo").status_code == 200
    assert _sign_in(client, users[0].email, PASSWORD).status_code == 302


# Password reset mails.


def _reset(client, email):
    return client.post(reverse("password_reset"), {"email": email})


@pytest.fixture
def reset_limits(settings):
    return settings.PASSWORD_RESET_MAILS_PER_EMAIL, settings.PASSWORD_RESET_MAILS_PER_CLIENT


def test_reset_mails_for_one_address_are_limited_and_the_answer_never_changes(db, reset_limits):
    per_email, _per_client = reset_limits
    UserFactory(email="police.th@example.org")
    answers = set()
    for n in range(15):
        client = _client(f"10.5.5.{n + 1}")  # from many clients: the address's own limit holds
        response = _reset(client, spellings("police.th")[n % 5])  # (a full-width letter is no email address)
        answers.add((response.status_code, response.get("Location")))
    assert len(mail.outbox) == per_email
    assert answers == {(302, reverse("password_reset_done"))}


def test_reset_mails_from_one_client_are_limited(db, reset_limits):
    _per_email, per_client = reset_limits
    users = [UserFactory(email=f"official{n}@example.org") for n in range(15)]
    client = _client("10.6.6.6")
    for user in users:
        assert _reset(client, user.email).get("Location") == reverse("password_reset_done")
    assert len(mail.outbox) == per_client
    _reset(_client("10.7.7.7"), users[-1].email)
    assert len(mail.outbox) == per_client + 1  # another client is not held back


def test_a_reset_for_an_address_nobody_has_gets_the_same_answer(db):
    known, unknown = _client("10.8.8.1"), _client("10.8.8.2")
    UserFactory(email="known@example.org")
    for _ in range(5):
        answers = _reset(known, "known@example.org"), _reset(unknown, "nobody@example.org")
        assert [(r.status_code, r.get("Location")) for r in answers] == [(302, reverse("password_reset_done"))] * 2
