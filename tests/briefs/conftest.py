import copy
import re
import subprocess
from datetime import date

import pytest
from django.core.cache import cache

from assessments.services import save_position
from briefs.services import load_agency_benefits
from frameworks.services import load_framework
from roadmaps.services import generate_roadmap
from tests.assessments.conftest import membership_of
from tests.factories import make_team

START = date(2027, 1, 4)

# Questions for customs, ports, justice and parliament beside the minimal bank's control-list section.
EXTRA_SECTIONS = [
    {
        "code": "ART9",
        "title": "Transit",
        "articles": ["9"],
        "translations": {"fr": {"title": "Transit"}},
        "questions": [
            {
                "code": "ART9-01",
                "text": "Are arms in transit checked at ports and borders?",
                "articles": ["9"],
                "obligation": "qualified",
                "scale": "implementation",
                "agencies": ["customs", "ports"],
                "weight": 3,
                "guidance": "Screen manifests in advance.",
                "actions": [
                    {
                        "code": "ACT-TRANSIT",
                        "title": "Screen transit manifests for arms",
                        "phase": 1,
                        "duration_months": 6,
                        "lead": "customs",
                        "assistance": ["vtf"],
                    }
                ],
                "translations": {
                    "fr": {"text": "Les armes en transit sont-elles contrôlées aux ports et aux frontières ?"}
                },
            },
            {
                "code": "ART9-02",
                "text": "Do customs officers have the training they need for arms cargo?",
                "articles": ["5(5)"],
                "obligation": "good_practice",
                "scale": "implementation",
                "agencies": ["customs", "licensing"],
                "weight": 1,
                "guidance": "Train them.",
                "translations": {
                    "fr": {"text": "Les douaniers ont-ils la formation nécessaire pour le fret d'armes ?"}
                },
            },
        ],
    },
    {
        "code": "ART14",
        "title": "Enforcement",
        "articles": ["14"],
        "questions": [
            {
                "code": "ART14-01",
                "text": "Does national law set penalties for unlicensed arms transfers?",
                "articles": ["14"],
                "obligation": "binding",
                "scale": "implementation",
                "agencies": ["justice", "parliament"],
                "weight": 3,
                "guidance": "Offences and penalties.",
                "actions": [
                    {
                        "code": "ACT-PENALTIES",
                        "title": "Draft the arms transfer offences bill",
                        "phase": 1,
                        "duration_months": 9,
                        "lead": "justice",
                    }
                ],
            }
        ],
    },
]


@pytest.fixture(autouse=True)
def empty_cache(db):
    cache.clear()


@pytest.fixture
def bank(bank):
    bank = copy.deepcopy(bank)
    bank["sections"] += copy.deepcopy(EXTRA_SECTIONS)
    return bank


@pytest.fixture
def benefits(catalogues):
    load_agency_benefits()


@pytest.fixture
def team(framework, benefits):
    return make_team(framework)


def answer(team, who, code, value):
    membership = membership_of(team, who)
    return save_position(
        membership=membership,
        question=membership.assessment.framework.questions.get(code=code),
        value=value,
        reason="",
        notes="",
        legal_references=[],
        base_version=0,
    )


@pytest.fixture
def gaps(team):
    """Customs finds transit unchecked and justice finds no penalties in law; the control list is in place."""
    answer(team, "customs", "ART9-01", "not_in_place")
    answer(team, "coordinator", "ART14-01", "not_in_place")
    answer(team, "licensing", "ART5-01", "in_place")
    return team


@pytest.fixture
def roadmap(gaps):
    return generate_roadmap(assessment=gaps["assessment"], user=gaps["coordinator"], start_date=START)


@pytest.fixture
def universalization_team(catalogues, bank, write_bank, benefits):
    data = copy.deepcopy(bank) | {"slug": "test-joining", "track": "universalization", "title": "Joining"}
    framework = load_framework(path=write_bank(data, "joining.yaml")).framework
    team = make_team(framework, country_code="TH")
    answer(team, "customs", "ART9-01", "not_in_place")
    answer(team, "coordinator", "ART14-01", "not_in_place")
    generate_roadmap(assessment=team["assessment"], user=team["coordinator"], start_date=START)
    return team


def pdf_text(tmp_path, content: bytes, name="brief.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    output = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(output.stdout.split())


def pdf_pages(tmp_path, content: bytes, name="brief.pdf") -> int:
    path = tmp_path / name
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def pdf_info(tmp_path, content: bytes, name="brief.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
