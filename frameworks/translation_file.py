"""Bank translation files: one language of one bank version, kept beside the bank.

A translator works on ``fixtures/frameworks/translations/<bank file name>.<language>.yaml``
without touching the bank file (the published English never changes), and several
translators can work on several languages at once. Loading a bank merges its translation
files into the bank's inline ``translations:`` before anything is stored, so the rest of
the loader (and ``export_framework``) sees one bank in the documented format.

Each file says how far its text can be trusted: ``review: {state: machine-assisted}`` for
the whole file, or per item ``review: {state: reviewed, by: "Name", on: 2026-12-01}``.
Pure functions over plain values, like ``bank_file``.
"""

import copy
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .bank_file import BankFileError, Problems, parse_mapping

MACHINE_ASSISTED = "machine-assisted"
REVIEWED = "reviewed"
REVIEW_STATES = {MACHINE_ASSISTED, REVIEWED}
TOP_LEVEL = {"bank", "version", "language", "review", "framework", "scales", "sections", "questions", "actions"}
# What a translator may translate on each kind of item (guidance belongs to the question).
FIELDS = {
    "framework": ("title",),
    "option": ("label",),
    "section": ("title", "intro"),
    "question": ("text", "guidance"),
    "resource": ("title",),
    "action": ("title", "description", "indicator"),
}


@dataclass(frozen=True)
class ReviewMark:
    """How far one item's translation into one language has been checked by a person."""

    kind: str
    code: str
    language: str
    state: str = MACHINE_ASSISTED
    reviewer: str = ""
    reviewed_on: date | None = None


def translation_files_for(bank_path: Path) -> list[Path]:
    """The translation files of a bank file: ``translations/<bank file stem>.<language>.yaml`` beside it."""
    folder = Path(bank_path).parent / "translations"
    return sorted(folder.glob(f"{Path(bank_path).stem}.*.yaml"))


def resource_code(question_code: str, url: str) -> str:
    return f"{question_code} {url}"


def option_code(scale: str, value: str) -> str:
    return f"{scale}/{value}"


def _review(node, default: ReviewMark, where: str, problems: Problems) -> ReviewMark:
    review = node.get("review") if isinstance(node, dict) else None
    if review is None:
        return default
    if not isinstance(review, dict) or review.get("state") not in REVIEW_STATES:
        problems.add(where, f"review must be {{state: {' | '.join(sorted(REVIEW_STATES))}}}")
        return default
    if review["state"] == REVIEWED and not (review.get("by") and isinstance(review.get("on"), date)):
        problems.add(where, "a reviewed translation names who reviewed it and when: {by: Name, on: YYYY-MM-DD}")
        return default
    return ReviewMark("", "", default.language, review["state"], str(review.get("by") or ""), review.get("on"))


def _put(node: dict, language: str, fields: dict, allowed: tuple, where: str, problems: Problems) -> None:
    """Write a file's fields into a bank node's inline translations; a text given twice is a mistake."""
    if not node.get("translations"):
        node["translations"] = {}
    existing = node["translations"].setdefault(language, {})
    for field, text in fields.items():
        if field == "review":
            continue
        if field not in allowed:
            problems.add(where, f"'{field}' cannot be translated here (only {', '.join(allowed)})")
        elif not isinstance(text, str) or not text.strip():
            problems.add(where, f"'{field}' is empty")
        elif node.get(field) in (None, ""):
            problems.add(where, f"'{field}' has no English text to translate")
        elif existing.get(field) and existing[field] != text:
            problems.add(where, f"'{field}' is translated both in the bank file and here: keep one")
        else:
            existing[field] = text


def merge_translation(bank: dict, text: str, *, filename: str) -> tuple[dict, list[ReviewMark]]:
    """The bank with one translation file merged in, and the review state of every item the file translates.

    Raises BankFileError listing every problem: unknown codes, fields that cannot be translated,
    a file for another bank or version.
    """
    problems = Problems(filename)
    data = parse_mapping(text, filename=filename, keys="bank, version, language")
    for key in sorted(set(data) - TOP_LEVEL):
        problems.add("file", f"unknown key '{key}'")
    if data.get("bank") != bank.get("slug") or str(data.get("version")) != str(bank.get("version")):
        problems.add("file", f"this file translates {data.get('bank')} {data.get('version')}, not this bank")
    language = data.get("language")
    if not isinstance(language, str) or not language or language == bank.get("language", "en"):
        problems.add("file", "'language' must name the language translated into")
    if problems.errors:
        raise BankFileError(problems.errors)

    merged = copy.deepcopy(bank)
    default = _review(data, ReviewMark("", "", language), "review", problems)
    marks: list[ReviewMark] = []

    def mark(kind: str, code: str, node, where: str) -> None:
        review = _review(node, default, where, problems)
        marks.append(ReviewMark(kind, code, language, review.state, review.reviewer, review.reviewed_on))

    if data.get("framework"):
        _put(merged, language, data["framework"], FIELDS["framework"], "framework", problems)
        mark("framework", "", data["framework"], "framework")

    options = {(scale, o["value"]): o for scale, opts in (merged.get("scales") or {}).items() for o in opts}
    for scale, labels in (data.get("scales") or {}).items():
        for value, label in (labels or {}).items():
            where = f"scales.{scale}.{value}"
            if (scale, value) not in options:
                problems.add(where, "no such answer option in the bank")
                continue
            _put(options[(scale, value)], language, {"label": label}, FIELDS["option"], where, problems)
            mark("option", option_code(scale, value), None, where)

    sections = {s["code"]: s for s in merged["sections"]}
    questions = {q["code"]: q for s in merged["sections"] for q in s["questions"]}
    actions = {a["code"]: a for q in questions.values() for a in q.get("actions") or [] if not a.get("ref")}

    def merge_items(kind: str, known: dict, what: str) -> None:
        for code, fields in (data.get(f"{kind}s") or {}).items():
            where = f"{kind}s.{code}"
            if code not in known or not isinstance(fields, dict):
                problems.add(where, f"no such {what} in the bank")
                continue
            _put(known[code], language, fields, FIELDS[kind], where, problems)
            mark(kind, code, fields, where)

    merge_items("section", sections, "section")
    for code, fields in (data.get("questions") or {}).items():
        where = f"questions.{code}"
        if code not in questions or not isinstance(fields, dict):
            problems.add(where, "no such question in the bank")
            continue
        fields = dict(fields)
        resources = fields.pop("resources", None) or {}
        by_url = {r["url"]: r for r in questions[code].get("resources") or []}
        for url, title in resources.items():
            if url not in by_url:
                problems.add(f"{where}.resources", f"no resource {url} on this question")
                continue
            _put(by_url[url], language, {"title": title}, FIELDS["resource"], f"{where}.resources", problems)
            mark("resource", resource_code(code, url), None, where)
        if set(fields) - {"review"}:
            _put(questions[code], language, fields, FIELDS["question"], where, problems)
            mark("question", code, fields, where)
    merge_items("action", actions, "action template")
    if problems.errors:
        raise BankFileError(problems.errors)
    return merged, marks


def inline_marks(bank: dict) -> list[ReviewMark]:
    """Review marks for translations written in the bank file itself: machine-assisted until a curator says."""
    marks = []

    def add(kind: str, code: str, node: dict) -> None:
        for language in node.get("translations") or {}:
            marks.append(ReviewMark(kind, code, language))

    add("framework", "", bank)
    for scale, options in (bank.get("scales") or {}).items():
        for option in options:
            add("option", option_code(scale, option["value"]), option)
    for section in bank["sections"]:
        add("section", section["code"], section)
        for question in section["questions"]:
            add("question", question["code"], question)
            for resource in question.get("resources") or []:
                add("resource", resource_code(question["code"], resource["url"]), resource)
            for action in question.get("actions") or []:
                if not action.get("ref"):
                    add("action", action["code"], action)
    return marks


def with_translation_files(bank: dict, bank_path: Path) -> tuple[dict, list[ReviewMark]]:
    """The bank with every translation file beside it merged in, and the review marks of all translations."""
    file_marks: list[ReviewMark] = []
    errors: list[str] = []
    for path in translation_files_for(bank_path):
        try:
            bank, marks = merge_translation(bank, path.read_text(encoding="utf-8"), filename=str(path))
        except BankFileError as exc:
            errors.extend(exc.errors)
            continue
        file_marks.extend(marks)
    if errors:
        raise BankFileError(errors)
    from_files = {(m.kind, m.code, m.language) for m in file_marks}
    inline = [m for m in inline_marks(bank) if (m.kind, m.code, m.language) not in from_files]
    return bank, file_marks + inline
