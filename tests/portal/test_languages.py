"""The interface's languages: complete catalogues, the order of preference, and the switcher."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]


def test_the_interface_speaks_the_treatys_working_languages_and_thai_and_indonesian():
    assert [code for code, _name in settings.LANGUAGES] == ["en", "fr", "es", "th", "id"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalogue_is_complete_valid_and_compiled(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    for flag in ("--untranslated", "--only-fuzzy"):
        leftover = subprocess.run(["msgattrib", flag, str(po)], capture_output=True, text=True, check=True).stdout
        assert leftover == "", f"{language}: entries left {flag.removeprefix('--')}:\n{leftover[:2000]}"
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)
    # `make test` compiles the catalogues before the suite runs: the interface really switches.
    with translation.override(language):
        assert translation.gettext("My assessments") != "My assessments"


@pytest.mark.parametrize(
    ("preferred", "browser", "expected"),
    [("fr", "th", "fr"), ("", "th", "th"), ("", "id,en;q=0.5", "id"), ("", "de", "en"), ("es", "", "es")],
)
def test_profile_then_browser_then_english(logged_in_client, user, preferred, browser, expected):
    user.preferred_language = preferred
    user.save()
    html = logged_in_client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE=browser).text
    assert f'<html lang="{expected}">' in html


def test_anonymous_pages_follow_the_browser(client, db):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es").text
    assert '<html lang="es">' in html
    with translation.override("es"):
        assert translation.gettext("Sign in") in html


def test_the_switcher_is_on_every_page_and_names_each_language_in_itself(client, db):
    html = client.get(reverse("login")).text
    assert f'action="{reverse("portal:set_language")}"' in html
    for code, name in (("fr", "français"), ("es", "español"), ("th", "ภาษาไทย"), ("id", "Bahasa Indonesia")):
        assert f'<option value="{code}" lang="{code}">{name}</option>' in html


def test_switching_sets_the_profile_and_the_cookie_and_returns_to_the_page(logged_in_client, user):
    page = reverse("accounts:profile")
    response = logged_in_client.post(reverse("portal:set_language"), {"language": "th", "next": page})
    assert response.status_code == 302 and response.url == page
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "th"
    user.refresh_from_db()
    assert user.preferred_language == "th"
    assert '<html lang="th">' in logged_in_client.get(page).text


def test_switching_works_before_signing_in(client, db):
    response = client.post(reverse("portal:set_language"), {"language": "fr", "next": reverse("login")})
    assert response.url == reverse("login")
    assert '<html lang="fr">' in client.get(reverse("login")).text


@pytest.mark.parametrize("language", ["de", "", "fr<script>", "x" * 5000])
def test_an_unknown_language_changes_nothing(logged_in_client, user, language):
    response = logged_in_client.post(reverse("portal:set_language"), {"language": language, "next": "/"}, follow=True)
    assert response.status_code == 200
    assert "That language is not available." in response.text
    user.refresh_from_db()
    assert user.preferred_language == "" and settings.LANGUAGE_COOKIE_NAME not in response.cookies


OFF_SITE_OR_BROKEN = [
    "https://evil.example/",
    "//evil.example/",
    "javascript:alert(1)",
    "",
    "abc",
    "/\r\nSet-Cookie: 1",
]


@pytest.mark.parametrize("next_url", OFF_SITE_OR_BROKEN)
def test_the_switcher_never_sends_anyone_off_site(client, db, next_url):
    response = client.post(reverse("portal:set_language"), {"language": "fr", "next": next_url})
    assert response.status_code == 302 and response.url == reverse("portal:home")


def test_the_switcher_refuses_get(client, db):
    assert client.get(reverse("portal:set_language")).status_code == 405
