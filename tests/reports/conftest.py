import copy
import re
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from assessments.models import AgreedAnswer
from assessments.services import agree_answer, save_position
from frameworks.models import Framework
from frameworks.services import load_framework
from reference.services import load_agency_types, load_assistance_sources
from reports.models import TemplateMapping
from reports.services import load_template_mapping
from tests.assessments.conftest import membership_of
from tests.conftest import MINIMAL_BANK
from tests.factories import make_team

BANK_FILE = Path(settings.BASE_DIR) / "fixtures" / "frameworks" / "att-compliance.yaml"


@pytest.fixture(scope="module")
def shipped_bank(django_db_setup, django_db_blocker):
    """The shipped compliance bank and the shipped mapping of the Secretariat's template, as `make run` loads them.

    Loading the whole bank is slow, so it is loaded once per module inside a transaction that is rolled back after
    the module; each test's own transaction nests inside it as a savepoint, so tests still see only their own data.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_agency_types()
            load_assistance_sources()
            framework_id = load_framework(path=BANK_FILE).framework.pk
            load_template_mapping()
            yield framework_id
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def report_framework(shipped_bank, db):
    return Framework.objects.get(pk=shipped_bank)


@pytest.fixture
def team(report_framework):
    return make_team(report_framework)


@pytest.fixture
def universalization_team(catalogues, write_bank):
    bank = copy.deepcopy(MINIMAL_BANK) | {"slug": "joining-bank", "track": "universalization"}
    return make_team(load_framework(path=write_bank(bank, "joining.yaml")).framework, country_code="TH")


def position(team, who, code, value, *, notes="", refs=()):
    membership = membership_of(team, who)
    question = membership.assessment.framework.questions.get(code=code)
    return save_position(
        membership=membership,
        question=question,
        value=value,
        reason="",
        notes=notes,
        legal_references=list(refs),
        base_version=0,
    )


def agree(team, code, value, reason="Agreed at the working group."):
    membership = membership_of(team, "coordinator")
    question = membership.assessment.framework.questions.get(code=code)
    return agree_answer(membership=membership, question=question, value=value, reason=reason, base_version=0)


@pytest.fixture
def answered(team):
    """ART5-04 (item A1.2, the control list): two agencies answer, the team agrees "partly", with the Arms Act;
    ART7-01 (item A3.1): agreed "in place", with the licensing regulation; ART7-13 (item A3.6): positions only;
    every other question: nobody answered."""
    position(
        team,
        "licensing",
        "ART5-04",
        "partly",
        notes="A draft control list is with the defence staff.",
        refs=[{"instrument": "Arms Act 2019", "provision": "section 4"}],
    )
    position(team, "customs", "ART5-04", "in_place", refs=[{"instrument": "Arms Act 2019", "provision": "section 4"}])
    agree(team, "ART5-04", "partly", "The list exists in draft only.")
    position(
        team,
        "licensing",
        "ART7-01",
        "in_place",
        refs=[{"instrument": "Export Licensing Regulation", "provision": "rule 12"}],
    )
    agree(team, "ART7-01", "in_place")
    position(team, "customs", "ART7-13", "not_in_place")
    return team


def settle_everything(team, value="in_place"):
    """Agree an answer on every question the report uses (a final report needs nothing open)."""
    assessment = team["assessment"]
    membership = membership_of(team, "coordinator")
    codes = {code for row in TemplateMapping.objects.all() for code in row.questions}
    done = set(AgreedAnswer.objects.filter(assessment=assessment).values_list("question__code", flat=True))
    for question in assessment.framework.questions.filter(code__in=codes - done):
        agree_answer(membership=membership, question=question, value=value, reason="Agreed.", base_version=0)
    return team


def catalog_language(content: bytes) -> str | None:
    """The document language (/Lang) from the catalog, which may sit in a compressed object stream."""
    chunks = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.DOTALL):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    found = re.search(rb"/Lang\s*\((\w+)\)", b"\n".join(chunks))
    return found.group(1).decode() if found else None
