import re

from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


def test_login_with_email_and_password(client, db):
    user = UserFactory(email="official@example.org")
    response = client.post(reverse("login"), {"username": "Official@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("portal:home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_with_a_wrong_password_keeps_the_email_and_says_why(client, db):
    UserFactory(email="official@example.org")
    response = client.post(reverse("login"), {"username": "official@example.org", "password": "wrong"})
    assert response.status_code == 200
    assert "official@example.org" in response.text
    assert "correct" in response.text  # Django: "Please enter a correct email address and password."
    assert "_auth_user_id" not in client.session


def test_logout_needs_post_and_signs_out(logged_in_client):
    assert logged_in_client.get(reverse("logout")).status_code == 405
    response = logged_in_client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in logged_in_client.session


def test_password_reset_sends_a_working_link(client, db):
    user = UserFactory(email="official@example.org")
    response = client.post(reverse("password_reset"), {"email": "official@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session marker
    response = client.post(
        form_url, {"new_password1": "a-brand-new-password-9", "new_password2": "a-brand-new-password-9"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-password-9")


def test_password_reset_does_not_reveal_whether_an_account_exists(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_profile_saves_name_language_and_agency(logged_in_client, user):
    from tests.factories import AgencyFactory

    agency = AgencyFactory()
    response = logged_in_client.post(
        reverse("accounts:profile"), {"full_name": "Ana Cruz", "preferred_language": "fr", "agency": agency.pk}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language, user.agency) == ("Ana Cruz", "fr", agency)


def test_profile_language_wins_over_the_browser(logged_in_client, user):
    user.preferred_language = "fr"
    user.save()
    response = logged_in_client.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="fr">' in response.text


def test_profile_requires_login(client, db):
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_profile_refuses_other_methods(logged_in_client):
    assert logged_in_client.delete(reverse("accounts:profile")).status_code == 405
