import copy
from pathlib import Path

import pytest
import yaml
from django.db import connection
from hypothesis import settings as hypothesis_settings

from reference.services import load_agency_types, load_assistance_sources
from tests.factories import UserFactory

# The same examples on every run, so that CI is reproducible; widen locally with
# `make test PYTEST_ARGS="--hypothesis-seed=12345"` (any number) to try other examples.
hypothesis_settings.register_profile("portal", derandomize=True, database=None)
hypothesis_settings.load_profile("portal")


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine} ({settings.DATABASES['default'].get('HOST') or settings.DATABASES['default']['NAME']})"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing is slow on purpose; tests only need it to be a hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def user(db):
    return UserFactory()


def verify_two_factor(client, user):
    """Pass the second step in the client's signed-in session, as the code page does after a good code:
    a confirmed authenticator app for the user (made if missing), recorded by django_otp.login's session key."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.two_factor import PENDING_SESSION_KEY

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.pop(PENDING_SESSION_KEY, None)
    session.save()
    return device


def sign_in(client, user):
    """Sign the client in; staff, who must use two-step sign-in, with a session that passed it."""
    client.force_login(user)
    if user.is_staff or user.is_superuser:
        verify_two_factor(client, user)
    return client


@pytest.fixture
def logged_in_client(client, user):
    return sign_in(client, user)


@pytest.fixture
def on_postgresql(db):
    assert connection.vendor == "postgresql", "this test needs PostgreSQL: run it through `make test`"


MINIMAL_BANK = {
    "slug": "test-bank",
    "version": "1",
    "track": "compliance",
    "title": "Test bank",
    "scales": {
        "implementation": [
            {"value": "in_place", "label": "In place", "score": 1.0},
            {"value": "partly", "label": "Partly in place", "score": 0.5},
            {"value": "not_in_place", "label": "Not in place", "score": 0.0},
            {"value": "unknown", "label": "Don't know", "score": None},
            {"value": "not_applicable", "label": "Not applicable", "score": None, "needs_reason": True},
        ]
    },
    "sections": [
        {
            "code": "ART5",
            "title": "Control system",
            "articles": ["5"],
            "translations": {"fr": {"title": "Système de contrôle"}},
            "questions": [
                {
                    "code": "ART5-01",
                    "text": "Is there a control list?",
                    "articles": ["5(2)"],
                    "obligation": "binding",
                    "scale": "implementation",
                    "agencies": ["licensing", "defence"],
                    "weight": 3,
                    "guidance": "**In place** means a list adopted by regulation.",
                    "resources": [{"title": "Reporting", "url": "https://thearmstradetreaty.org/reporting.html"}],
                    "actions": [
                        {
                            "code": "ACT-LAW",
                            "title": "Pass the law",
                            "phase": 1,
                            "duration_months": 12,
                            "lead": "justice",
                            "assistance": ["vtf"],
                            "needs_assistance": True,
                        },
                        {
                            "code": "ACT-LIST",
                            "title": "Adopt the list",
                            "phase": 2,
                            "duration_months": 6,
                            "lead": "defence",
                            "requires": ["ACT-LAW"],
                        },
                    ],
                    "translations": {"fr": {"text": "Existe-t-il une liste de contrôle ?"}},
                },
                {
                    "code": "ART5-02",
                    "text": "Is the list published?",
                    "articles": ["5(4)"],
                    "obligation": "encouraged",
                    "scale": "implementation",
                    "weight": 1,
                    "guidance": "Publish it.",
                    "actions": [{"code": "ACT-LIST", "ref": True}],
                },
            ],
        }
    ],
}


@pytest.fixture
def catalogues(db):
    """Agency types and assistance sources, which every bank file refers to."""
    load_agency_types()
    load_assistance_sources()


@pytest.fixture
def bank():
    return copy.deepcopy(MINIMAL_BANK)


@pytest.fixture
def write_bank(tmp_path):
    def write(data, name="bank.yaml") -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        return path

    return write


@pytest.fixture
def framework(catalogues, bank, write_bank):
    from frameworks.services import load_framework

    return load_framework(path=write_bank(bank)).framework


@pytest.fixture
def client_for(client):
    """Sign the test client in as one of the team (or anyone); staff pass two-step sign-in too."""
    return lambda user: sign_in(client, user)
