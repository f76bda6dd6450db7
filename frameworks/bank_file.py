"""The question-bank file format: parsing and whole-file validation.

Pure functions over plain values: nothing here touches the database, except
that the caller passes in the agency-type and assistance-source codes that
exist. Every problem is collected, so a curator sees all of them at once.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field

import yaml

ARTICLE_REF = re.compile(r"^(?P<article>\d{1,2})(\(\d{1,2}\))?(\([a-z]\))?(\((i|ii|iii|iv|v|vi|vii|viii|ix|x)\))?$")
CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
TRACKS = {"compliance", "universalization"}
OBLIGATIONS = {"binding", "qualified", "encouraged", "optional", "good_practice"}
NEEDS_ACTION = {"binding", "qualified"}
RESOURCE_KINDS = {"treaty", "guide", "template", "tool", "training", "other"}
TREATY_ARTICLES = 28


class BankFileError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Problems:
    filename: str
    errors: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.errors.append(f"{self.filename}: {where}: {message}")


def parse_mapping(text: str, *, filename: str, keys: str) -> dict:
    """A YAML file whose top level is a mapping (``keys`` names what it should hold, for the message)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise BankFileError([f"{filename}: file: not valid YAML: {exc}"]) from exc
    if not isinstance(data, dict):
        raise BankFileError([f"{filename}: file: the top level must be a mapping with {keys}"])
    return data


def parse_bank(text: str, *, filename: str) -> dict:
    return parse_mapping(text, filename=filename, keys="slug, version, sections")


def _require(node: dict, keys: tuple[str, ...], where: str, problems: Problems) -> bool:
    missing = [key for key in keys if node.get(key) in (None, "")]
    for key in missing:
        problems.add(where, f"missing required field '{key}'")
    return not missing


def _check_articles(refs, where: str, problems: Problems) -> None:
    if not isinstance(refs, list):
        problems.add(where, "'articles' must be a list")
        return
    for ref in refs:
        match = ARTICLE_REF.match(str(ref))
        if not match:
            problems.add(where, f"article reference '{ref}' is not of the form 7, 7(1) or 7(1)(b)(ii)")
        elif not 1 <= int(match["article"]) <= TREATY_ARTICLES:
            problems.add(where, f"article reference '{ref}': the treaty has articles 1 to {TREATY_ARTICLES}")


def _check_changes(changes, problems: Problems) -> None:
    """The optional change log: what this version changed against the one before, one plain sentence each."""
    if changes is None:
        return
    if not isinstance(changes, list) or not changes:
        problems.add("changes", "the change log is a list of one or more sentences")
        return
    for position, entry in enumerate(changes, start=1):
        if not isinstance(entry, str) or not entry.strip():
            problems.add("changes", f"entry #{position} must be a non-empty sentence")


def _check_scales(data: dict, problems: Problems) -> None:
    scales = data.get("scales")
    if not isinstance(scales, dict) or not scales:
        problems.add("scales", "at least one answer scale is required")
        return
    for code, options in scales.items():
        where = f"scale {code}"
        if not isinstance(options, list) or not options:
            problems.add(where, "a scale is a list of options")
            continue
        values = [option.get("value") for option in options if isinstance(option, dict)]
        if len(values) != len(set(values)):
            problems.add(where, "duplicate option values")
        for option in options:
            if not isinstance(option, dict) or not _require(option, ("value", "label"), where, problems):
                continue
            score = option.get("score")
            if score is not None and (not isinstance(score, int | float) or not 0 <= score <= 1):
                problems.add(where, f"option '{option['value']}': score must be between 0 and 1 or null")


def _check_action(action: dict, where: str, known: dict, problems: Problems, ctx: dict) -> None:
    code = action.get("code")
    if not code:
        problems.add(where, "an action needs a 'code'")
        return
    if action.get("ref"):
        ctx["referenced_actions"].append((where, code))
        return
    where = f"{where}/{code}"
    if code in ctx["actions"]:
        problems.add(where, "action defined twice; reuse it with {code: ..., ref: true}")
        return
    ctx["actions"][code] = action
    if not _require(action, ("title", "phase", "duration_months", "lead"), where, problems):
        return
    if action["phase"] not in (1, 2, 3):
        problems.add(where, "phase must be 1, 2 or 3")
    if not isinstance(action["duration_months"], int) or not 1 <= action["duration_months"] <= 36:
        problems.add(where, "duration_months must be a whole number from 1 to 36")
    if action["lead"] not in known["agency_types"]:
        problems.add(where, f"unknown agency type '{action['lead']}'")
    for source in action.get("assistance") or []:
        if source not in known["assistance_sources"]:
            problems.add(where, f"unknown assistance source '{source}'")
    if not isinstance(action.get("needs_assistance", False), bool):
        problems.add(where, "needs_assistance must be true or false")
    for required in action.get("requires") or []:
        ctx["referenced_actions"].append((where, required))


def _check_question(question: dict, where: str, scales: dict, known: dict, problems: Problems, ctx: dict) -> None:
    code = question.get("code")
    if not code:
        problems.add(where, "a question needs a 'code'")
        return
    where = f"{where}/{code}"
    if code in ctx["question_codes"]:
        problems.add(where, "duplicate question code")
    ctx["question_codes"].add(code)
    if not _require(question, ("text", "obligation", "scale", "weight"), where, problems):
        return
    _check_articles(question.get("articles", []), where, problems)
    if question["obligation"] not in OBLIGATIONS:
        problems.add(where, f"obligation must be one of {', '.join(sorted(OBLIGATIONS))}")
    if question["scale"] not in scales:
        problems.add(where, f"unknown scale '{question['scale']}'")
    if not isinstance(question["weight"], int) or not 1 <= question["weight"] <= 5:
        problems.add(where, "weight must be a whole number from 1 to 5")
    for agency in question.get("agencies") or []:
        if agency not in known["agency_types"]:
            problems.add(where, f"unknown agency type '{agency}'")
    for resource in question.get("resources") or []:
        if (
            not isinstance(resource, dict)
            or not resource.get("title")
            or not str(resource.get("url", "")).startswith(("https://", "http://"))
        ):
            problems.add(where, "a resource needs a title and an http(s) url")
        elif resource.get("kind", "other") not in RESOURCE_KINDS:
            problems.add(where, f"resource kind must be one of {', '.join(sorted(RESOURCE_KINDS))}")
    actions = question.get("actions") or []
    if question["obligation"] in NEEDS_ACTION and not actions:
        problems.add(where, "binding and qualified questions need at least one action template")
    for action in actions:
        if isinstance(action, dict):
            _check_action(action, where, known, problems, ctx)
        else:
            problems.add(where, "an action must be a mapping")


def validate_bank(data: dict, *, filename: str, agency_types: set[str], assistance_sources: set[str]) -> None:
    """Raise BankFileError listing every problem in the file; return quietly if there is none."""
    problems = Problems(filename)
    known = {"agency_types": agency_types, "assistance_sources": assistance_sources}
    _require(data, ("slug", "version", "track", "title", "sections"), "file", problems)
    if data.get("track") and data["track"] not in TRACKS:
        problems.add("file", "track must be 'compliance' or 'universalization'")
    if data.get("status", "published") not in {"draft", "published"}:
        problems.add("file", "status must be 'draft' or 'published'")
    _check_changes(data.get("changes"), problems)
    _check_scales(data, problems)
    scales = data.get("scales") if isinstance(data.get("scales"), dict) else {}
    ctx = {"question_codes": set(), "actions": {}, "referenced_actions": []}
    section_codes = set()
    sections = data.get("sections") if isinstance(data.get("sections"), list) else []
    for position, section in enumerate(sections, start=1):
        if not isinstance(section, dict) or not section.get("code"):
            problems.add(f"section #{position}", "a section needs a 'code'")
            continue
        where = section["code"]
        if not CODE.match(where):
            problems.add(where, "codes use capital letters, digits and hyphens")
        if where in section_codes:
            problems.add(where, "duplicate section code")
        section_codes.add(where)
        _require(section, ("title",), where, problems)
        _check_articles(section.get("articles", []), where, problems)
        questions = section.get("questions")
        if not isinstance(questions, list) or not questions:
            problems.add(where, "a section needs at least one question")
            continue
        for question in questions:
            if isinstance(question, dict):
                _check_question(question, where, scales, known, problems, ctx)
            else:
                problems.add(where, "a question must be a mapping")
    for where, code in ctx["referenced_actions"]:
        if code not in ctx["actions"]:
            problems.add(where, f"action '{code}' is referenced but never defined")
    if problems.errors:
        raise BankFileError(problems.errors)


def wording_translations(node: dict) -> dict:
    """Translations of a node's wording, without curated guidance."""
    return {
        language: {key: text for key, text in fields.items() if key != "guidance"}
        for language, fields in (node.get("translations") or {}).items()
    }


def content_fingerprint(data: dict, *, with_translations: bool = True) -> str:
    """A hash of what a published version may never change: sections, questions,
    their wording and translations, and the scales. Curated advice (guidance,
    resources, action templates) is left out on purpose: it may be edited.
    Normalized so that a file and its export have the same fingerprint.

    Without translations it hashes the structure and the English wording only:
    two files that differ only in translations are the same version.
    """
    translated = wording_translations if with_translations else (lambda node: {})
    frozen = {
        "track": data["track"],
        "scales": {
            code: [
                [o["value"], o["label"], o.get("score"), bool(o.get("needs_reason")), translated(o)] for o in options
            ]
            for code, options in data["scales"].items()
        },
        "sections": [
            {
                "code": section["code"],
                "title": section["title"],
                "articles": section.get("articles") or [],
                "translations": translated(section),
                "questions": [
                    {key: question.get(key) for key in ("code", "text", "obligation", "scale", "weight")}
                    | {
                        "articles": question.get("articles") or [],
                        "agencies": sorted(question.get("agencies") or []),
                        "translations": translated(question),
                    }
                    for question in section["questions"]
                ],
            }
            for section in data["sections"]
        ],
    }
    return hashlib.sha256(json.dumps(frozen, sort_keys=True, default=str).encode()).hexdigest()
