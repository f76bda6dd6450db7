"""Shared fixtures of the question bank tests."""

from pathlib import Path

import pytest
from django.conf import settings

from frameworks.models import Framework, Question
from frameworks.services import load_framework
from reference.services import load_agency_types, load_assistance_sources

SHIPPED_BANKS = sorted((Path(settings.BASE_DIR) / "fixtures" / "frameworks").glob("*.yaml"))


@pytest.fixture(scope="module")
def shipped_banks(django_db_setup, django_db_blocker):
    """Every shipped bank file, loaded in file-name order as `make run` does: once per module (it takes
    seconds), and removed after it."""
    with django_db_blocker.unblock():
        load_agency_types()
        load_assistance_sources()
        for path in SHIPPED_BANKS:
            load_framework(path=path)
    yield
    with django_db_blocker.unblock():
        Question.objects.all().delete()  # before their scales, which they protect
        Framework.objects.all().delete()
