"""The seed file of agency benefits (fixtures/agency_benefits.yaml): parsing and whole-file validation.

Pure functions over plain values, like ``experiences.library_file``: the caller passes in the
agency type codes that exist. Every problem is collected and reported as
``FILE: agency type CODE: problem``, so a curator sees all of them at once.
"""

import yaml

from frameworks.bank_file import Problems

from .models import MARKDOWN_FIELDS

REQUIRED = ("agency_type", "benefits")
FIELDS = {"agency_type", *MARKDOWN_FIELDS, "translations"}
MAX_TEXT = 5000  # a brief has one or two pages: longer curated text would push the team's gaps off them


class BenefitsFileError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def parse_benefits(text: str, *, filename: str) -> list:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise BenefitsFileError([f"{filename}: file: not valid YAML: {exc}"]) from exc
    if not isinstance(data, dict) or not isinstance(data.get("benefits"), list):
        raise BenefitsFileError([f"{filename}: file: the top level must be a mapping with a list 'benefits'"])
    return data["benefits"]


def _check_text(value, name: str, where: str, problems: Problems) -> None:
    if not isinstance(value, str):
        problems.add(where, f"'{name}' must be text")
    elif len(value) > MAX_TEXT:
        problems.add(where, f"'{name}' is longer than {MAX_TEXT} characters")


def _check_translations(entry: dict, where: str, problems: Problems) -> None:
    translations = entry.get("translations")
    if translations is None:
        return
    if not isinstance(translations, dict):
        problems.add(where, "'translations' must map a language code to translated fields")
        return
    for language, fields in translations.items():
        if not isinstance(fields, dict):
            problems.add(where, f"translations '{language}': must map field names to text")
            continue
        for name, value in fields.items():
            if name not in MARKDOWN_FIELDS:
                problems.add(where, f"translations '{language}': '{name}' cannot be translated")
            else:
                _check_text(value, name, f"{where}/{language}", problems)


def validate_benefits(entries: list, *, filename: str, agency_types: set[str]) -> None:
    """Raise BenefitsFileError listing every problem of the file; return quietly if there is none."""
    problems = Problems(filename)
    seen = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.add(f"entry {number}", "an entry is a mapping with agency_type, benefits, ...")
            continue
        code = entry.get("agency_type")
        where = f"agency type {code}" if isinstance(code, str) and code else f"entry {number}"
        for name in sorted(set(entry) - FIELDS, key=str):
            problems.add(where, f"unknown field '{name}'")
        for name in REQUIRED:
            value = entry.get(name)
            if not isinstance(value, str) or not value.strip():
                problems.add(where, f"missing required field '{name}'")
        for name in MARKDOWN_FIELDS:
            if entry.get(name) is not None:
                _check_text(entry[name], name, where, problems)
        if isinstance(code, str) and code:
            if code not in agency_types:
                problems.add(where, f"unknown agency type '{code}' (run load_reference_data)")
            if code in seen:
                problems.add(where, "two entries are for this agency type")
            seen.add(code)
        _check_translations(entry, where, problems)
    if problems.errors:
        raise BenefitsFileError(problems.errors)
