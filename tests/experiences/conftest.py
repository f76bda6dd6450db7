import itertools
from pathlib import Path

import pytest
from django.conf import settings

from experiences.models import Experience, Source
from frameworks.services import load_framework
from reference.services import load_countries
from tests.factories import CountryFactory

_numbers = itertools.count(1)
SHIPPED_BANKS = sorted((Path(settings.BASE_DIR) / "fixtures" / "frameworks").glob("*.yaml"))


def make_experience(*, country=None, sources=(("UN Treaty Collection", "https://treaties.un.org/"),), **fields):
    """A library entry with its sources, saved one row at a time as the admin and the loader do."""
    values = {
        "key": f"entry-{next(_numbers)}",
        "country": country or CountryFactory(),
        "title": "An experience",
        "summary": "What was done.",
        "outcome": "What came of it.",
        "published": True,
    } | fields
    experience = Experience(**values)
    experience.save()
    for order, (title, url) in enumerate(sources):
        Source.objects.create(experience=experience, title=title, url=url, order=order)
    return experience


@pytest.fixture
def countries(db):
    load_countries()


@pytest.fixture
def shipped_banks(catalogues):
    for path in SHIPPED_BANKS:
        load_framework(path=path)
