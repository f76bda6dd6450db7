"""The mapping file: which bank questions answer each item of the Secretariat's template. Parsing and validation.

Pure functions over plain values, like the bank files' (``frameworks/bank_file.py``): the caller passes in the bank's
question codes with their obligation levels. Every problem is collected as ``FILE: ITEM: problem``, so that a curator
sees all of them at once, and nothing is loaded while any is left.

Questions are named by code: codes stay stable across versions of a bank, so one mapping serves them all.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from frameworks.bank_file import BankFileError, Problems

from .template import BY_KEY, ITEM_KEYS, SECTION_A

BINDING_LEVELS = frozenset({"binding", "qualified"})


class MappingFileError(BankFileError):
    """Every problem found in a mapping file (``errors``), each as ``FILE: ITEM: problem``."""


@dataclass(frozen=True)
class Mapping:
    bank: str
    items: dict[str, tuple[str, ...]]  # template item key -> question codes, in the template's order
    not_reported: dict[str, str]  # question code -> why it answers no item


def parse_mapping(text: str, *, filename: str) -> dict:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise MappingFileError([f"{filename}: file: not valid YAML: {exc}"]) from exc
    if not isinstance(data, dict):
        raise MappingFileError([f"{filename}: file: the top level must be a mapping with bank, items"])
    return data


def check_item(key: str, codes, *, bank: dict[str, str], not_reported, problems: Problems) -> None:
    """One item's questions: known codes, each once, none set aside, and in the section their obligations put them."""
    if not isinstance(codes, list) or not codes:
        problems.add(key, "an item needs a list of at least one question code")
        return
    seen = set()
    for code in codes:
        if code in seen:
            problems.add(key, f"question '{code}' is listed twice")
        seen.add(code)
        if code not in bank:
            problems.add(key, f"unknown question code '{code}'")
        elif code in not_reported:
            problems.add(key, f"question '{code}' is listed under not_reported: it answers no item")
    template_item = BY_KEY.get(key)
    if template_item is None:
        return
    binding = sorted(code for code in codes if bank.get(code) in BINDING_LEVELS)
    if template_item.section == SECTION_A and codes and not binding and all(code in bank for code in codes):
        problems.add(key, "a Section A item needs at least one binding or qualified question")
    if template_item.section != SECTION_A and binding:
        problems.add(key, f"binding or qualified questions belong in Section A: {', '.join(binding)}")


def validate_mapping(data: dict, *, filename: str, bank: dict[str, str]) -> Mapping:
    """The mapping, in the template's order; or MappingFileError listing every problem in the file.

    ``bank`` maps each question code of the bank the file names to its obligation level ({} if it is not loaded).
    """
    problems = Problems(filename)
    for key in ("bank", "items"):
        if data.get(key) in (None, ""):
            problems.add("file", f"missing required field '{key}'")
    if data.get("bank") and not bank:
        problems.add("file", f"the question bank '{data['bank']}' is not loaded: load it first")
    not_reported = {}
    for position, entry in enumerate(data.get("not_reported") or [], start=1):
        if not isinstance(entry, dict) or not entry.get("code") or not str(entry.get("reason", "")).strip():
            problems.add(f"not_reported #{position}", "each entry needs a 'code' and a 'reason'")
            continue
        if bank and entry["code"] not in bank:
            problems.add(f"not_reported {entry['code']}", "unknown question code")
        not_reported[entry["code"]] = str(entry["reason"]).strip()
    items = data.get("items") if isinstance(data.get("items"), list) else []
    if data.get("items") is not None and not isinstance(data.get("items"), list):
        problems.add("file", "'items' must be a list of {item: ..., questions: [...]}")
    mapped: dict[str, tuple[str, ...]] = {}
    for position, entry in enumerate(items, start=1):
        if not isinstance(entry, dict) or not entry.get("item"):
            problems.add(f"item #{position}", "each entry needs an 'item' and its 'questions'")
            continue
        key = str(entry["item"])
        if key not in BY_KEY:
            problems.add(key, "unknown template item")
        if key in mapped:
            problems.add(key, "item mapped twice")
        if bank:
            check_item(key, entry.get("questions"), bank=bank, not_reported=not_reported, problems=problems)
        mapped[key] = tuple(entry.get("questions") or ())
    for key in ITEM_KEYS:
        if key not in mapped:
            problems.add(key, "template item not mapped to any question")
    if problems.errors:
        raise MappingFileError(problems.errors)
    return Mapping(bank=data["bank"], items={key: mapped[key] for key in ITEM_KEYS}, not_reported=not_reported)


def unplaced_questions(mapping: Mapping, bank: dict[str, str]) -> list[str]:
    """Bank questions neither mapped to an item nor set aside: a curator should place them (a warning, not an error,
    so that a new bank version never stops the portal from starting)."""
    placed = {code for codes in mapping.items.values() for code in codes} | set(mapping.not_reported)
    return sorted(set(bank) - placed)
