import copy
import re
import zlib

import pytest

from assessments.services import agree_answer, save_position
from frameworks.services import load_framework
from tests.assessments.conftest import membership_of
from tests.conftest import MINIMAL_BANK
from tests.factories import make_team


def _question(code, text, articles, obligation, **extra):
    return {
        "code": code,
        "text": text,
        "articles": articles,
        "obligation": obligation,
        "scale": "implementation",
        "weight": 2,
        **extra,
    }


def report_bank() -> dict:
    """The minimal bank (Article 5: a binding control list, an encouraged publication) with Articles 7 and 16
    ahead of it in the file, so that the report's order cannot come from the bank's order."""
    bank = copy.deepcopy(MINIMAL_BANK) | {"slug": "report-bank"}
    bank["sections"] = [
        {
            "code": "ART16",
            "title": "Assistance",
            "articles": ["16"],
            "questions": [_question("ART16-01", "Are assistance needs documented?", ["16(1)"], "optional")],
        },
        {
            "code": "ART7",
            "title": "Export assessment",
            "articles": ["7"],
            "questions": [
                _question(
                    "ART7-01",
                    "Is every export assessed against the risks?",
                    ["7(1)"],
                    "binding",
                    actions=[
                        {
                            "code": "ACT-RISK",
                            "title": "Adopt risk criteria",
                            "phase": 1,
                            "duration_months": 6,
                            "lead": "licensing",
                        }
                    ],
                ),
                _question(
                    "ART7-02",
                    "Is the risk assessment reviewed?",
                    ["7(7)"],
                    "qualified",
                    actions=[{"code": "ACT-RISK", "ref": True}],
                ),
            ],
        },
        *bank["sections"],
    ]
    return bank


@pytest.fixture
def report_framework(catalogues, write_bank):
    return load_framework(path=write_bank(report_bank(), "report-bank.yaml")).framework


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
    """ART5-01: two agencies answer, the team agrees "partly" (a gap), with the Arms Act recorded;
    ART7-01: agreed "in place"; ART7-02: positions only; ART5-02 and ART16-01: nobody answered."""
    position(
        team,
        "licensing",
        "ART5-01",
        "partly",
        notes="A draft control list is with the defence staff.",
        refs=[{"instrument": "Arms Act 2019", "provision": "section 4"}],
    )
    position(team, "customs", "ART5-01", "in_place", refs=[{"instrument": "Arms Act 2019", "provision": "section 4"}])
    agree(team, "ART5-01", "partly", "The list exists in draft only.")
    position(
        team,
        "licensing",
        "ART7-01",
        "in_place",
        refs=[{"instrument": "Export Licensing Regulation", "provision": "rule 12"}],
    )
    agree(team, "ART7-01", "in_place")
    position(team, "customs", "ART7-02", "not_in_place")
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
