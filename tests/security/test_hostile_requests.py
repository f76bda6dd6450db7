"""Hostile addresses and bodies, walked over every route of the URLconf: a clear 4xx, never a 500.

tests/test_hostile_input.py posts hostile form fields; this walks what comes before the form: each
segment of each address (control characters, NUL among them, in text segments; ids too large for
a 64-bit column in number segments) and the declared content type of a submission.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from assessments.models import Invitation
from tests.factories import PASSWORD, UserFactory
from tests.test_isolation import world  # noqa: F401 - the team with one of everything, reused

CONTROL_SEGMENTS = ["%00", "ART5%00", "%00.pdf", "a%01b", "%1F", "%7F", "%0A", "%0D%0A"]
HUGE_IDS = ["9" * 30, str(2**63), "9" * 400]
NOT_UTF8_FORMS = [
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=UTF-32",
    "application/x-www-form-urlencoded; charset=latin-1",
    "application/x-www-form-urlencoded; charset=no-such-charset",
    "multipart/form-data; boundary=xyz; charset=utf-16",
    "text/plain; charset=utf-16",
]
ODD_BUT_HARMLESS = [
    "application/x-www-form-urlencoded; charset=UTF-8",
    "application/x-www-form-urlencoded;charset=utf8",
    "application/json",
    "text/plain",
    "application/xml",
    "multipart/form-data",  # no boundary
    "multipart/form-data; boundary=xyz",  # a body that is not multipart
    "",
]


def routes(resolver=None, namespace="", prefix=""):
    """Every named route with arguments (the admin aside: Django's own)."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace != "admin":
            name = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry, name, prefix)
        elif isinstance(entry, URLPattern) and entry.name and entry.pattern.converters:
            yield f"{namespace}{entry.name}", entry.pattern.converters


def _arguments(team_and_ids, converters) -> dict:
    team, kwargs = team_and_ids
    framework = team["assessment"].framework
    known = kwargs | {
        "slug": framework.slug,
        "version": framework.version,
        "token": "no-such-token",
        "experience_id": 1,
        "org_id": 1,
        "uidb64": "MQ",
    }
    missing = set(converters) - set(known)
    assert not missing, f"give the walk a value for {missing}"
    return {key: known[key] for key in converters}


SENTINEL_TEXT, SENTINEL_ID = "SENTINELTEXT", 987654321


def hostile_urls(team_and_ids):
    """(route, url, expected status) with one segment spoiled at a time, the others valid."""
    for name, converters in routes():
        for key, converter in converters.items():
            arguments = _arguments(team_and_ids, converters)
            if isinstance(converter, IntConverter):
                url = reverse(name, kwargs=arguments | {key: SENTINEL_ID})
                for huge in HUGE_IDS:
                    yield name, url.replace(str(SENTINEL_ID), huge), 404
            else:
                url = reverse(name, kwargs=arguments | {key: SENTINEL_TEXT})
                for bad in CONTROL_SEGMENTS:
                    yield name, url.replace(SENTINEL_TEXT, bad), 400


@pytest.fixture
def coordinator_client(world):  # noqa: F811 - the fixture imported above
    team, _kwargs = world
    client = Client(raise_request_exception=False)
    client.force_login(team["coordinator"])
    return client


def test_every_url_segment_refuses_control_characters_and_huge_ids(world, coordinator_client):  # noqa: F811
    walked = set()
    for name, url, expected in hostile_urls(world):
        for method in ("get", "post"):
            with CaptureQueriesContext(connection) as queries:
                response = getattr(coordinator_client, method)(url)
            assert response.status_code == expected, f"{method.upper()} {url} ({name}): {response.status_code}"
            # Refused before any query names it: on SQLite a 64-bit overflow in a query is a 500.
            assert not any("9" * 19 in query["sql"] or "\x00" in query["sql"] for query in queries), url
        walked.add(name)
    must_include = {"assessments:question", "assessments:section", "workshops:tally", "frameworks:questionnaire_pdf"}
    assert must_include <= walked


def test_control_characters_in_an_address_are_refused_for_visitors_too(db):
    client = Client(raise_request_exception=False)
    for bad in CONTROL_SEGMENTS:
        assert client.get(f"/accounts/login/{bad}").status_code == 400, bad
        assert client.get(f"/{bad}").status_code == 400, bad
    assert client.get("/accounts/login/").status_code == 200


@pytest.mark.parametrize("content_type", NOT_UTF8_FORMS)
def test_a_sign_in_declared_in_another_charset_is_a_clear_400(db, content_type):
    # With the CSRF check on, as in production: its error page read the form again and failed.
    UserFactory(email="someone@example.org")
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    body = b"username=someone%40example.org&password=" + PASSWORD.encode()
    response = client.generic("POST", reverse("login"), _encoded(body, content_type), content_type=content_type)
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("content_type", NOT_UTF8_FORMS + ODD_BUT_HARMLESS)
def test_any_content_type_on_a_form_is_refused_or_read_never_a_500(world, coordinator_client, content_type):  # noqa: F811
    team, kwargs = world
    targets = [
        reverse("assessments:save_answer", args=[kwargs["pk"], "ART5-01"]),
        reverse("assessments:invite", args=[kwargs["pk"]]),
        reverse("login"),
    ]
    body = b"value=partly&reason=&notes=caf%C3%A9&version=0&email=a%40example.org"
    for url in targets:
        response = coordinator_client.generic("POST", url, _encoded(body, content_type), content_type=content_type)
        assert response.status_code < 500, (url, content_type, response.status_code)
        if content_type in NOT_UTF8_FORMS:
            assert response.status_code == 400, (url, content_type)


def _encoded(body: bytes, content_type: str) -> bytes:
    """The body in the character set it declares, where Python knows it; as it is otherwise."""
    charset = content_type.partition("charset=")[2]
    try:
        return body.decode().encode(charset) if charset else body
    except LookupError:
        return body


def test_an_invitation_to_an_address_longer_than_the_column_is_a_form_error(world, coordinator_client):  # noqa: F811
    team, kwargs = world
    agency = team["memberships"][team["customs"].pk].agency
    before = Invitation.objects.count()
    for length in (255, 312, 320):
        email = "a" * (length - len("@example.org")) + "@example.org"
        url = reverse("assessments:invite", args=[kwargs["pk"]])
        response = coordinator_client.post(url, {"email": email, "agency": agency.pk, "role": "contributor"})
        assert response.status_code == 422 and "email" in response.context["invite_form"].errors, length
    assert Invitation.objects.count() == before
