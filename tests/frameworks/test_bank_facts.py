"""What the shipped question banks say about the treaty, checked in the newest version of each bank.

Published versions never change, so corrections live in a new version file (2027.1) beside the old
one (2026.1), which stays as published for the assessments made with it. These tests read the files
(no database): they fail on the 2026.1 files, which `test_the_2026_1_files_stay_as_published` shows.
"""

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from frameworks.services import version_key

BANK_DIR = Path(settings.BASE_DIR) / "fixtures" / "frameworks"
BANKS = {}
for _path in sorted(BANK_DIR.glob("*.yaml")):
    _data = yaml.safe_load(_path.read_text(encoding="utf-8"))
    BANKS[(_data["slug"], str(_data["version"]))] = _data
LANGUAGES = ("en", "fr", "es")


def newest(slug: str) -> dict:
    return max((data for (s, _v), data in BANKS.items() if s == slug), key=lambda d: version_key(str(d["version"])))


def questions(bank: dict) -> dict:
    return {q["code"]: q for section in bank["sections"] for q in section["questions"]}


def actions(bank: dict) -> dict:
    return {a["code"]: a for q in questions(bank).values() for a in q.get("actions") or [] if not a.get("ref")}


def section(bank: dict, code: str) -> dict:
    return next(s for s in bank["sections"] if s["code"] == code)


def in_language(node: dict, field: str, language: str) -> str:
    text = (
        node.get(field, "") if language == "en" else (node.get("translations") or {}).get(language, {}).get(field, "")
    )
    return " ".join(str(text or "").split())  # block scalars wrap lines; compare as prose


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;:])\s+", text) if s]


CORRECTED_LEVELS = [
    ("att-compliance", "ART2-02", "qualified"),
    ("att-compliance", "ART2-03", "qualified"),
    ("att-compliance", "ART11-05", "qualified"),
    ("att-compliance", "ART12-01", "qualified"),
    ("att-compliance", "ART12-02", "qualified"),
    ("att-universalization", "SELF-02", "qualified"),
    ("att-universalization", "PATH-06", "good_practice"),
    ("att-universalization", "PATH-07", "good_practice"),
]


def test_each_bank_has_a_2027_1_version_beside_the_2026_1_file():
    for slug in ("att-compliance", "att-universalization"):
        assert newest(slug)["version"] == "2027.1"
        assert (slug, "2026.1") in BANKS
        assert newest(slug)["changes"], "a new version says what changed"


@pytest.mark.parametrize(("slug", "code", "level"), CORRECTED_LEVELS)
def test_the_newest_version_has_the_corrected_obligation_level(slug, code, level):
    question = questions(newest(slug))[code]
    assert question["obligation"] == level
    assert question["weight"] < 3


@pytest.mark.parametrize("slug", ["att-compliance", "att-universalization"])
def test_weight_3_is_kept_for_binding_obligations_and_qualified_questions_weigh_2(slug):
    bank = newest(slug)
    heavy = [q["code"] for q in questions(bank).values() if q["weight"] >= 3 and q["obligation"] != "binding"]
    assert heavy == []
    assert {q["weight"] for q in questions(bank).values() if q["obligation"] == "qualified"} == {2}


def test_the_2026_1_files_stay_as_published():
    old = {slug: questions(BANKS[(slug, "2026.1")]) for slug in ("att-compliance", "att-universalization")}
    assert all(old[slug][code]["obligation"] == "binding" for slug, code, _level in CORRECTED_LEVELS)
    assert old["att-universalization"]["PATH-06"]["weight"] == 3
    assert not any(a.get("needs_assistance") for slug in old for a in actions(BANKS[(slug, "2026.1")]).values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_article_7_refuses_on_an_overriding_risk_and_takes_gender_based_violence_into_account(language):
    intro = in_language(section(newest("att-compliance"), "ART7"), "intro", language)
    not_a_ground = {
        "en": "it is not a separate ground for refusal",
        "fr": "il n'est pas un motif distinct de refus",
        "es": "no es un motivo de denegación independiente",
    }
    assert not_a_ground[language] in intro
    assert {"en": "(7(3))", "fr": "(7(3))", "es": "(párrafo 3)"}[language] in intro
    gbv = next(s for s in sentences(intro) if re.search("gender-based|fondée sur le sexe|motivos de género", s))
    # The refusal sentence names 7(1)'s consequences; gender-based violence is a factor (7(4)), not among them.
    assert re.search(r"take into account|tenir compte|tener en cuenta", gbv)
    refusal = next(
        s for s in sentences(intro) if re.search(r"not authorize|ne doit pas autoriser|No debe autorizar", s)
    )
    assert not re.search("gender|sexe|género", refusal)


def test_the_siem_reap_workshop_is_credited_to_pga_and_partners_where_it_is_mentioned():
    bank = newest("att-universalization")
    mentions = 0
    for code in ("REGION-01", "ENGAGE-01"):
        question = questions(bank)[code]
        for language in ("en", "es"):
            for sentence in sentences(in_language(question, "guidance", language)):
                if "Siem Reap" in sentence:
                    mentions += 1
                    assert "(PGA)" in sentence and "Control Arms" in sentence and "UNSCAR" in sentence
                    assert not re.search(r"UNRCPD (has organised|ha organizado)", sentence)
        assert any("pgaction.org" in r["url"] for r in question["resources"]), code
    assert mentions == 4


def _all_guidance(bank: dict) -> list[str]:
    return [in_language(q, "guidance", language) for q in questions(bank).values() for language in LANGUAGES]


def test_the_philippines_is_not_named_as_a_trust_fund_donor():
    for text in _all_guidance(newest("att-compliance")) + _all_guidance(newest("att-universalization")):
        for sentence in sentences(text):
            if "Philippines" in sentence and re.search("VTF|Voluntary Trust Fund", sentence):
                assert "donor" not in sentence, sentence


def test_unsourced_unscar_details_are_gone():
    for slug in ("att-compliance", "att-universalization"):
        text = " ".join(_all_guidance(newest(slug)))
        assert "rapid-response" not in text and "respuesta rápida" not in text
        assert not re.search(r"200[ ,.]?000", text)


def test_the_ipis_e_learning_and_the_eu_outreach_project_carry_their_addresses():
    compliance = questions(newest("att-compliance"))
    assert "e-learning course of IPIS" in in_language(compliance["ART5-15"], "guidance", "en")
    assert any(
        r["url"].startswith("https://ipisresearch.be/e-learning/att") for r in compliance["ART5-15"]["resources"]
    )
    channel_lists = [
        compliance["ART16-01"],
        compliance["ART16-03"],
        questions(newest("att-universalization"))["ASSIST-02"],
    ]
    for question in channel_lists:
        assert "EU ATT Outreach Project" in in_language(question, "guidance", "en")
        assert any("bafa.de" in r["url"] for r in question["resources"]), question["code"]


JOINING_ONLY_TWO_WAYS = re.compile(
    r"ratification or accession|ratify or accede|ratification ou (à |d')?l?'?adhésion|ratificación o (la |de )?adhesión"
)


def test_joining_allows_ratification_acceptance_approval_or_accession():
    bank = newest("att-universalization")
    nodes = [*bank["sections"], *questions(bank).values(), *actions(bank).values()]
    for node in nodes:
        for field in ("title", "text", "description", "indicator"):
            for language in LANGUAGES:
                assert not JOINING_ONLY_TWO_WAYS.search(in_language(node, field, language)), (node["code"], field)
    instrument = actions(bank)["ACT-UNI-INSTRUMENT"]
    assert [in_language(instrument, "title", language) for language in LANGUAGES] == [
        "Prepare and sign the instrument of ratification, acceptance, approval or accession",
        "Préparer et signer l'instrument de ratification, d'acceptation, d'approbation ou d'adhésion",
        "Preparar y firmar el instrumento de ratificación, aceptación, aprobación o adhesión",
    ]


@pytest.mark.parametrize("slug", ["att-compliance", "att-universalization"])
def test_a_handful_of_action_templates_typically_need_outside_help(slug):
    flagged = [code for code, action in actions(newest(slug)).items() if action.get("needs_assistance")]
    assert 5 <= len(flagged) <= 10
    assert len(flagged) < len(actions(newest(slug))) / 4
