import copy
from pathlib import Path

import pytest
import yaml

from reference.services import load_agency_types, load_assistance_sources

MINIMAL_BANK = {
    "slug": "test-bank",
    "version": "1",
    "track": "compliance",
    "title": "Test bank",
    "scales": {
        "implementation": [
            {"value": "in_place", "label": "In place", "score": 1.0},
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
