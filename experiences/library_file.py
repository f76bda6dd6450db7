"""The library's seed file (fixtures/experiences.yaml): parsing and whole-file validation.

Pure functions over plain values, like ``frameworks.bank_file``: the caller passes in the
country, question and action-template codes that exist. Every problem is collected and
reported as ``FILE: ENTRY: problem``, so a curator sees all of them at once.
"""

import re

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from frameworks.bank_file import TREATY_ARTICLES, Problems

from .models import FIRST_YEAR, LAST_YEAR, AccessionStep, article_number

KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED = ("key", "country", "title", "summary", "outcome", "sources")
OPTIONAL = ("start_year", "end_year", "articles", "steps", "cost_or_duration", "questions", "actions", "published")
FIELDS = {*REQUIRED, *OPTIONAL, "translations"}
TRANSLATABLE = {"title", "summary", "cost_or_duration", "outcome"}
MAX_LENGTH = {"key": 80, "title": 200, "outcome": 300}
SOURCE_MAX_LENGTH = {"title": 300, "url": 500}
is_web_address = URLValidator(schemes=["http", "https"])


class LibraryFileError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def parse_library(text: str, *, filename: str) -> list:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise LibraryFileError([f"{filename}: file: not valid YAML: {exc}"]) from exc
    if not isinstance(data, dict) or not isinstance(data.get("experiences"), list):
        raise LibraryFileError([f"{filename}: file: the top level must be a mapping with a list 'experiences'"])
    return data["experiences"]


def _check_text(entry: dict, where: str, problems: Problems) -> None:
    for name in ("key", "country", "title", "summary", "outcome", "cost_or_duration"):
        value = entry.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            problems.add(where, f"'{name}' must be text")
        elif name in MAX_LENGTH and len(value) > MAX_LENGTH[name]:
            problems.add(where, f"'{name}' is longer than {MAX_LENGTH[name]} characters")
    for name in REQUIRED:
        value = entry.get(name)
        if (
            value is None
            or (isinstance(value, str | list) and not value)
            or (isinstance(value, str) and not value.strip())
        ):
            problems.add(where, f"missing required field '{name}'")


def _check_years(entry: dict, where: str, problems: Problems) -> None:
    years = {}
    for name in ("start_year", "end_year"):
        value = entry.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not FIRST_YEAR <= value <= LAST_YEAR:
            problems.add(where, f"'{name}' must be a year from {FIRST_YEAR} to {LAST_YEAR}, or left out if unknown")
        else:
            years[name] = value
    if len(years) == 2 and years["end_year"] < years["start_year"]:
        problems.add(where, "'end_year' is before 'start_year'")


def _check_codes(entry: dict, name: str, known: set[str], what: str, where: str, problems: Problems) -> None:
    codes = entry.get(name)
    if codes is None:
        return
    if not isinstance(codes, list):
        problems.add(where, f"'{name}' must be a list")
        return
    if len(codes) != len(set(map(str, codes))):
        problems.add(where, f"'{name}' lists a code twice")
    for code in codes:
        if str(code) not in known:
            problems.add(where, f"unknown {what} '{code}' (in no loaded question bank)")


def _check_articles(entry: dict, where: str, problems: Problems) -> None:
    refs = entry.get("articles")
    if refs is None:
        return
    if not isinstance(refs, list):
        problems.add(where, "'articles' must be a list")
        return
    for ref in refs:
        if not isinstance(ref, str) or article_number(ref) is None:
            problems.add(
                where,
                f"article reference '{ref}' is not of the form 7, 7(1) or 7(1)(b)(ii) "
                f"(in quotes, articles 1 to {TREATY_ARTICLES})",
            )


def _check_sources(entry: dict, where: str, problems: Problems) -> None:
    sources = entry.get("sources")
    if sources is None:
        return
    if not isinstance(sources, list):
        problems.add(where, "'sources' must be a list of {title, url}")
        return
    for number, source in enumerate(sources, start=1):
        here = f"{where}/source {number}"
        if not isinstance(source, dict):
            problems.add(here, "a source is a mapping with 'title' and, if it has one, 'url'")
            continue
        for name in sorted(set(source) - {"title", "url"}):
            problems.add(here, f"unknown field '{name}'")
        title, url = source.get("title"), source.get("url")
        if not isinstance(title, str) or not title.strip():
            problems.add(here, "missing required field 'title'")
        elif len(title) > SOURCE_MAX_LENGTH["title"]:
            problems.add(here, f"'title' is longer than {SOURCE_MAX_LENGTH['title']} characters")
        if url in (None, ""):
            continue
        try:
            if not isinstance(url, str) or len(url) > SOURCE_MAX_LENGTH["url"]:
                raise ValidationError("bad")
            is_web_address(url)
        except ValidationError:
            problems.add(here, f"'url' must be an http(s) address of at most {SOURCE_MAX_LENGTH['url']} characters")


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
            if name not in TRANSLATABLE:
                problems.add(where, f"translations '{language}': '{name}' cannot be translated")
            elif not isinstance(value, str):
                problems.add(where, f"translations '{language}': '{name}' must be text")


def validate_library(
    entries: list, *, filename: str, countries: set[str], questions: set[str], actions: set[str]
) -> None:
    """Raise LibraryFileError listing every problem of the file; return quietly if there is none."""
    problems = Problems(filename)
    keys = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.add(f"entry {number}", "an entry is a mapping with key, country, title, summary, ...")
            continue
        key = entry.get("key")
        where = f"entry {key}" if isinstance(key, str) and key else f"entry {number}"
        for name in sorted(set(entry) - FIELDS, key=str):
            problems.add(where, f"unknown field '{name}'")
        _check_text(entry, where, problems)
        if isinstance(key, str) and key:
            if not KEY.match(key):
                problems.add(where, "'key' must be lower-case letters, digits and hyphens, like palau-ratification")
            if key in keys:
                problems.add(where, "two entries have this key")
            keys.add(key)
        country = entry.get("country")
        if isinstance(country, str) and country and country not in countries:
            problems.add(where, f"unknown country code '{country}' (ISO 3166-1 alpha-2; run load_reference_data)")
        _check_years(entry, where, problems)
        _check_articles(entry, where, problems)
        steps = entry.get("steps")
        if steps is not None and not isinstance(steps, list):
            problems.add(where, "'steps' must be a list")
        else:
            for step in steps or []:
                if step not in AccessionStep.values:
                    problems.add(where, f"unknown step '{step}' (one of: {', '.join(AccessionStep.values)})")
        _check_codes(entry, "questions", questions, "question code", where, problems)
        _check_codes(entry, "actions", actions, "action template code", where, problems)
        if "published" in entry and not isinstance(entry["published"], bool):
            problems.add(where, "'published' must be true or false")
        _check_sources(entry, where, problems)
        _check_translations(entry, where, problems)
    if problems.errors:
        raise LibraryFileError(problems.errors)
