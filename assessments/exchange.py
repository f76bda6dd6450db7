"""Export of one assessment as a JSON document, and its lossless import as a new assessment.

The document names every row it points at by a natural key (an email, an agency's
name, a question, section, template or catalogue code), never by a database id, so it
moves between deployments. docs/assessment-export-format.md describes it field by field.

Document keys are model field names, so each value is checked by the model field it
lands in (type, length, choices, nullability): the rules stay in one place, the models.
"""

import json
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import User
from frameworks.models import ActionTemplate, Framework, Question, ScaleOption, Section
from reference.models import Agency, AgencyType, AssistanceSource, Country
from roadmaps.models import Milestone, Roadmap, RoadmapAction

from .models import (
    AgreedAnswer,
    Answer,
    Assessment,
    Comment,
    Evidence,
    Membership,
    Role,
    SectionAssignment,
    SectionReview,
)

FORMAT = "att-portal-assessment"
# The shape of the document: bump it on any change of shape. The import reads this version only.
FORMAT_VERSION = 1
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
IMPORT_REASON = "Imported from an assessment export"
IMPORTER_REASON = "Importer added as coordinator"

TOP = (
    *("format", "format_version", "exported_at", "framework", "country", "assessment", "users", "agencies", "team"),
    *("assignments", "section_reviews", "answers", "agreed_answers", "evidence", "comments", "roadmap"),
)
# Left out on purpose (tests/assessments/test_exchange.py lists every such field with its reason): an
# assessment's ``baseline`` and the ``carried_over`` marks of a follow-up, since an import stands alone.
USERS = ("email", "full_name")
AGENCIES = ("name", "acronym", "agency_type")
ASSESSMENT = ("title", "description", "target_date", "status", "marking", "created_by", "created_at")
TEAM = ("user", "agency", "role", "joined_at", "removed_at")
ASSIGNMENTS = ("section", "agency")
REVIEWS = ("section", "status", "updated_by", "updated_at")
ANSWERS = ("question", "agency", "value", "reason", "notes", "legal_references", "version", "author", "updated_at")
AGREED = ("question", "value", "reason", "version", "decided_by", "decided_at")
EVIDENCE = ("question", "agency", "title", "url", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")
COMMENTS = ("question", "author", "body", "created_at")
ROADMAP = ("start_date", "horizon_months", "needs_parliament", "generated_at", "updated_at", "introduction")
# Fields added after version 1 of the format: a file written before them still imports, with the field's default.
ADDED_LATER = {"introduction", "texts"}
ACTIONS = (
    *("code", "template", "title", "description", "indicator", "phase", "start", "end", "lead_agency"),
    *("lead_agency_type", "status", "cost_amount", "cost_currency", "funding", "assistance", "assistance_notes"),
    *("notes", "is_custom", "gaps_closed", "edited_fields", "order", "version", "updated_by", "updated_at"),
)
MILESTONES = ("code", "title", "due", "basis", "texts", "done", "edited", "order", "updated_at")
# A history record carries these, then its row's fields but those naming the row (its parent entry has them).
HISTORY = ("history_date", "history_type", "history_user", "history_change_reason")
NAMING = {Answer: ("question", "agency"), AgreedAnswer: ("question",), RoadmapAction: ("code",)}
# An action's links, each to the model whose natural key names the other end.
LINKS = {
    "supporting_agencies": Agency,
    "assistance_sources": AssistanceSource,
    "depends_on": RoadmapAction,
    "gaps": Question,
}
HISTORY_LINKS = ("supporting_agencies", "assistance_sources")  # the links simple_history records too


class ExchangeError(Exception):
    """The document cannot be imported; ``messages`` lists every problem as ``path: what is wrong``."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def _history_names(model, names) -> tuple[str, ...]:
    return HISTORY + tuple(name for name in names if name not in NAMING[model])


def _link_ends(name) -> tuple:
    field = RoadmapAction._meta.get_field(name)
    return field.remote_field.through, f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"


# Export


def _json(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _dump(row, names, keys) -> dict:
    """The named fields of a row or history record, foreign keys as natural keys."""
    out = {}
    for name in names:
        field = row._meta.get_field(name)
        value = getattr(row, field.attname)
        out[name] = keys[field.related_model].get(value) if field.is_relation else _json(value)
    return out


def _sorted(entries, *names) -> list[dict]:
    def key(entry):
        return [(entry[name] is None, "" if entry[name] is None else entry[name]) for name in names], json.dumps(
            entry, sort_keys=True
        )

    return sorted(entries, key=key)


def _ids(rows, model) -> set:
    return {
        getattr(row, field.attname)
        for row in rows
        for field in row._meta.concrete_fields
        if field.is_relation and field.related_model is model
    } - {None}


def _grouped(pairs) -> dict:
    groups = defaultdict(list)
    for owner, item in pairs:
        groups[owner].append(item)
    return groups


def _histories(model, rows) -> dict[int, list]:
    records = model.history.filter(id__in=[row.pk for row in rows]).order_by("history_date", "history_id")
    return _grouped((record.id, record) for record in records)


def _action_links(actions, records) -> dict[str, dict[int, list[int]]]:
    """Each link of each action by action id, and (as ``history:NAME``) of each history record by history id."""
    links = {}
    for name in LINKS:
        through, source, target = _link_ends(name)
        pairs = through.objects.filter(**{f"{source}__in": [a.pk for a in actions]}).values_list(source, target)
        links[name] = _grouped(pairs)
        if name in HISTORY_LINKS:
            m2m = getattr(RoadmapAction.history.model, name).model
            pairs = m2m.objects.filter(history_id__in=[r.history_id for r in records]).values_list("history_id", target)
            links[f"history:{name}"] = _grouped(pairs)
    return links


def export_assessment(*, assessment: Assessment) -> dict:
    """The complete document of one assessment: natural keys only, in a stable order, so two exports compare equal."""
    framework = assessment.framework
    roadmap = Roadmap.objects.filter(assessment=assessment).first()
    rows = {
        "team": list(assessment.memberships.all()),
        "assignments": list(assessment.assignments.all()),
        "section_reviews": list(assessment.section_reviews.all()),
        "answers": list(assessment.answers.all()),
        "agreed_answers": list(assessment.agreed_answers.all()),
        "evidence": list(assessment.evidence.all()),
        "comments": list(assessment.comments.all()),
        "actions": list(roadmap.actions.all()) if roadmap else [],
        "milestones": list(roadmap.milestones.all()) if roadmap else [],
    }
    history = {
        Answer: _histories(Answer, rows["answers"]),
        AgreedAnswer: _histories(AgreedAnswer, rows["agreed_answers"]),
        RoadmapAction: _histories(RoadmapAction, rows["actions"]),
    }
    records = [record for by_row in history.values() for group in by_row.values() for record in group]
    links = _action_links(rows["actions"], [r for group in history[RoadmapAction].values() for r in group])
    every_row = [assessment, *records, *(row for group in rows.values() for row in group)]
    linked = {
        pk for name in ("supporting_agencies", "history:supporting_agencies") for g in links[name].values() for pk in g
    }
    users = list(User.objects.filter(pk__in=_ids(every_row, User)))
    agencies = list(Agency.objects.filter(pk__in=_ids(every_row, Agency) | linked))
    keys = {
        User: {user.pk: user.email for user in users},
        Agency: {agency.pk: agency.name for agency in agencies},
        AgencyType: dict(AgencyType.objects.values_list("pk", "code")),
        Question: dict(framework.questions.values_list("pk", "code")),
        Section: dict(framework.sections.values_list("pk", "code")),
        ActionTemplate: dict(framework.action_templates.values_list("pk", "code")),
        AssistanceSource: dict(AssistanceSource.objects.values_list("pk", "code")),
        RoadmapAction: {action.pk: action.code for action in rows["actions"]},
    }

    def named(model, pks) -> list[str]:
        return sorted(keys[model][pk] for pk in pks if pk in keys[model])

    def with_history(row, names) -> dict:
        model = type(row)
        entry = _dump(row, names, keys)
        entry["history"] = [_dump(record, _history_names(model, names), keys) for record in history[model][row.pk]]
        if model is RoadmapAction:
            entry |= {name: named(end, links[name][row.pk]) for name, end in LINKS.items()}
            for record, dumped in zip(history[model][row.pk], entry["history"], strict=True):
                dumped |= {
                    name: named(LINKS[name], links[f"history:{name}"][record.history_id]) for name in HISTORY_LINKS
                }
        return entry

    def entries(name, names, *order) -> list[dict]:
        return _sorted([_dump(row, names, keys) for row in rows[name]], *order)

    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": _json(timezone.now()),
        "framework": {"slug": framework.slug, "version": framework.version},
        "country": assessment.country.code,
        "assessment": _dump(assessment, ASSESSMENT, keys),
        "users": _sorted([_dump(user, USERS, keys) for user in users], "email"),
        "agencies": _sorted([_dump(agency, AGENCIES, keys) for agency in agencies], "name"),
        "team": entries("team", TEAM, "user"),
        "assignments": entries("assignments", ASSIGNMENTS, *ASSIGNMENTS),
        "section_reviews": entries("section_reviews", REVIEWS, "section"),
        "answers": _sorted([with_history(row, ANSWERS) for row in rows["answers"]], "question", "agency"),
        "agreed_answers": _sorted([with_history(row, AGREED) for row in rows["agreed_answers"]], "question"),
        "evidence": _sorted(
            [_dump(row, EVIDENCE, keys) | {"has_file": bool(row.file)} for row in rows["evidence"]],
            *("question", "uploaded_at"),
        ),
        "comments": entries("comments", COMMENTS, "question", "created_at"),
        "roadmap": None,
    }
    if roadmap is not None:
        document["roadmap"] = _dump(roadmap, ROADMAP, keys) | {
            "actions": _sorted([with_history(row, ACTIONS) for row in rows["actions"]], "code"),
            "milestones": entries("milestones", MILESTONES, "due", "order"),
        }
    return document


def document_json(document: dict) -> str:
    """The text of an export file: UTF-8 JSON with sorted keys, so equal documents make equal files."""
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


# Reading and checking


def read_document(stream) -> dict:
    """Parse an export file (a binary file object); ExchangeError if it is too large or not JSON text."""
    raw = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise ExchangeError([f"file: larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB"])
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ExchangeError(["file: not UTF-8 text; export the assessment again"]) from exc
    except json.JSONDecodeError as exc:
        raise ExchangeError([f"file: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]) from exc
    except (ValueError, RecursionError) as exc:  # numbers too long, nesting too deep
        raise ExchangeError(["file: not a JSON document this portal can read"]) from exc


def _python(field, value):
    """The Python value of a JSON value for a model field; ValueError says what the field expects."""
    if value is None:
        return None
    if field.is_relation:
        if not isinstance(value, str):
            raise ValueError("must be a string")
        return value.lower() if field.related_model is User else value
    if isinstance(field, models.DateTimeField):
        try:
            parsed = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            raise ValueError("must be a date and time with a time zone, such as 2026-01-31T09:30:00+00:00")
        return parsed
    if isinstance(field, models.DateField):
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise ValueError("must be a date such as 2026-01-31") from None
    if isinstance(field, models.DecimalField):
        try:
            return Decimal(value if isinstance(value, str) else "?")
        except InvalidOperation:
            raise ValueError('must be a number written as a string, such as "1500.00"') from None
    if isinstance(field, models.BooleanField) and not isinstance(value, bool):
        raise ValueError("must be true or false")
    if isinstance(field, models.IntegerField) and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError("must be a whole number")
    if isinstance(field, models.JSONField) and field.default is list and not isinstance(value, list):
        raise ValueError("must be a list")
    if isinstance(field, models.CharField | models.TextField) and not isinstance(value, str):
        raise ValueError("must be a string")
    return value


class _Check:
    """Walks a document and collects every problem as ``path: what is wrong``."""

    def __init__(self, context: dict):
        self.refs, self.unknown, self.problems = context["refs"], context["unknown"], []

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def items(self, node: dict, key: str, path: str) -> list[tuple[str, dict]]:
        """The entries of a list, with their paths; a missing list was reported as missing already."""
        if key not in node:
            return []
        if not isinstance(node[key], list):
            self.add(path, "must be a list")
            return []
        for i, item in enumerate(node[key]):
            if not isinstance(item, dict):
                self.add(f"{path}[{i}]", "must be an object")
        return [(f"{path}[{i}]", item) for i, item in enumerate(node[key]) if isinstance(item, dict)]

    def fields(self, node, path: str, model, names, extra=()) -> bool:
        """Check an entry against the model fields it lands in; the caller checks the ``extra`` keys."""
        if not isinstance(node, dict):
            self.add(path, "must be an object")
            return False
        for key in sorted(set(node) - set(names) - set(extra)):
            self.add(f"{path}.{key}", "unknown field")
        problems = len(self.problems)
        for name in (*names, *extra):
            if name not in node:
                if name not in ADDED_LATER:
                    self.add(f"{path}.{name}", "missing")
            elif name in names and (problem := self.value(model._meta.get_field(name), node[name])):
                self.add(f"{path}.{name}", problem)
        return len(self.problems) == problems

    def value(self, field, value) -> str | None:
        try:
            python = _python(field, value)
        except ValueError as exc:
            return str(exc)
        if python is None:
            return None if field.null else "must not be null"
        if field.is_relation:
            return None if python in self.refs[field.related_model] else self.unknown[field.related_model] % value
        if field.choices and python not in dict(field.flatchoices):
            return f"{value!r} is not one of " + ", ".join(repr(choice) for choice, _label in field.flatchoices)
        try:  # lengths, number ranges, URLs, emails; not ``blank``, which only forms enforce
            field.run_validators(python)
        except ValidationError as exc:
            return " ".join(exc.messages)
        return None

    def links(self, node, path: str, names) -> None:
        for name in (name for name in names if name in node):
            values = node[name]
            if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
                self.add(f"{path}.{name}", "must be a list of strings")
                continue
            for value in values:
                if value not in self.refs[LINKS[name]]:
                    self.add(f"{path}.{name}", self.unknown[LINKS[name]] % value)

    def unique(self, entries, names, what: str, *, any_case: bool = False) -> None:
        seen = set()
        for path, node in entries:
            key = json.dumps([node.get(name) for name in names], default=str)
            key = key.lower() if any_case else key
            if key in seen:
                self.add(path, f"another entry has the same {what}")
            seen.add(key)

    def history(self, entries, model, names, links=()) -> None:
        for path, node in entries:
            for record_path, record in self.items(node, "history", f"{path}.history"):
                self.fields(record, record_path, model.history.model, _history_names(model, names), links)
                self.links(record, record_path, links)


def _list(node, key) -> list[dict]:
    value = node.get(key) if isinstance(node, dict) else None
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _context(data) -> dict:
    """The framework, country and natural keys a document refers to; ExchangeError if those basics are wrong."""
    if not isinstance(data, dict):
        raise ExchangeError(["document: must be a JSON object (an assessment export)"])
    if data.get("format") != FORMAT:
        raise ExchangeError([f"format: must be '{FORMAT}': this is not an assessment export of the portal"])
    if data.get("format_version") != FORMAT_VERSION:
        found = data.get("format_version")
        raise ExchangeError([f"format_version: {found!r} is not supported; this portal reads version {FORMAT_VERSION}"])
    problems = [f"{key}: missing" for key in TOP if key not in data]
    problems += [f"{key}: unknown field" for key in sorted(set(data) - set(TOP))]
    spec, code = data.get("framework"), data.get("country")
    framework = country = None
    if not (isinstance(spec, dict) and isinstance(spec.get("slug"), str) and isinstance(spec.get("version"), str)):
        problems.append("framework: must be an object with a slug and a version")
    elif not (framework := Framework.objects.filter(slug=spec["slug"], version=spec["version"]).first()):
        problems.append(f"framework: no framework {spec['slug']} version {spec['version']} here; load its bank first")
    if not isinstance(code, str):
        problems.append("country: must be a country code such as PH")
    elif not (country := Country.objects.filter(code=code).first()):
        problems.append(f"country: no country with code {code!r} here")
    if problems:
        raise ExchangeError(problems)
    scale_of = dict(framework.questions.values_list("code", "scale_id"))
    options = _grouped(ScaleOption.objects.filter(scale__framework=framework).values_list("scale_id", "value"))
    where = f"in framework {framework.slug} {framework.version}"
    actions = _list(data["roadmap"], "actions")
    return {
        "framework": framework,
        "country": country,
        "scales": {code: set(options[scale]) for code, scale in scale_of.items()},
        "refs": {
            User: {e["email"].lower(): None for e in _list(data, "users") if isinstance(e.get("email"), str)},
            Agency: {e["name"]: None for e in _list(data, "agencies") if isinstance(e.get("name"), str)},
            AgencyType: dict(AgencyType.objects.values_list("code", "pk")),
            Question: dict(framework.questions.values_list("code", "pk")),
            Section: dict(framework.sections.values_list("code", "pk")),
            ActionTemplate: dict(framework.action_templates.values_list("code", "pk")),
            AssistanceSource: dict(AssistanceSource.objects.values_list("code", "pk")),
            RoadmapAction: {e["code"]: None for e in actions if isinstance(e.get("code"), str)},
        },
        "unknown": {
            User: "'%s' is not listed in users",
            Agency: "'%s' is not listed in agencies",
            AgencyType: "unknown agency type code '%s'",
            Question: f"unknown question code '%s' {where}",
            Section: f"unknown section code '%s' {where}",
            ActionTemplate: f"unknown action template code '%s' {where}",
            AssistanceSource: "unknown assistance source code '%s'",
            RoadmapAction: "no action with code '%s' in roadmap.actions",
        },
    }


# Where each list lands: (key in the document, model, fields, further keys that _check_rules checks).
LISTS = (
    ("users", User, USERS, ()),
    ("agencies", Agency, AGENCIES, ()),
    ("team", Membership, TEAM, ()),
    ("assignments", SectionAssignment, ASSIGNMENTS, ()),
    ("section_reviews", SectionReview, REVIEWS, ()),
    ("answers", Answer, ANSWERS, ("history",)),
    ("agreed_answers", AgreedAnswer, AGREED, ("history",)),
    ("evidence", Evidence, EVIDENCE, ("has_file",)),
    ("comments", Comment, COMMENTS, ()),
    ("actions", RoadmapAction, ACTIONS, ("history", *LINKS)),
    ("milestones", Milestone, MILESTONES, ()),
)


def validate_document(data) -> dict:
    """Check the whole document before anything is written; ExchangeError lists every problem."""
    context = _context(data)
    check = _Check(context)
    if problem := check.value(models.DateTimeField(), data["exported_at"]):
        check.add("exported_at", problem)
    check.fields(data["assessment"], "assessment", Assessment, ASSESSMENT)
    entries = {key: check.items(data, key, key) for key, *_rest in LISTS if key in TOP}
    roadmap = data["roadmap"]
    if roadmap is not None and check.fields(roadmap, "roadmap", Roadmap, ROADMAP, ("actions", "milestones")):
        entries["actions"] = check.items(roadmap, "actions", "roadmap.actions")
        entries["milestones"] = check.items(roadmap, "milestones", "roadmap.milestones")
    for key, model, names, extra in LISTS:
        for path, node in entries.get(key, []):
            check.fields(node, path, model, names, extra)
    check.unique(entries["users"], ("email",), "email", any_case=True)
    check.unique(entries["agencies"], ("name",), "name")
    check.unique(entries["team"], ("user",), "user", any_case=True)
    check.unique(entries["assignments"], ASSIGNMENTS, "section and agency")
    check.unique(entries["section_reviews"], ("section",), "section")
    check.unique(entries["answers"], ("question", "agency"), "question and agency")
    check.unique(entries["agreed_answers"], ("question",), "question")
    check.unique(entries.get("actions", []), ("code",), "code")
    _check_rules(check, context, entries)
    if check.problems:
        raise ExchangeError(check.problems)
    return context


def _check_rules(check: _Check, context: dict, entries: dict) -> None:
    """What spans fields: the database's constraints, the answer scales, the histories and links."""
    if not any(n.get("role") == Role.COORDINATOR and n.get("removed_at") is None for _p, n in entries["team"]):
        check.add("team", "needs at least one coordinator who has not been removed")
    for key in ("answers", "agreed_answers"):
        for path, node in entries[key]:
            question, value = node.get("question"), node.get("value")
            options = context["scales"].get(question) if isinstance(question, str) else None
            if options is not None and isinstance(value, str) and value and value not in options:
                check.add(f"{path}.value", f"'{value}' is not an option of the scale of question {question}")
            if key == "answers" and value == "not_applicable" and not node.get("reason"):
                check.add(f"{path}.reason", "a reason is required when the answer is 'not applicable'")
            if key == "agreed_answers" and node.get("reason") == "":
                check.add(f"{path}.reason", "an agreed answer needs a reason")
    for path, node in entries["evidence"]:
        if "has_file" in node and not isinstance(node["has_file"], bool):
            check.add(f"{path}.has_file", "must be true or false")
        elif node.get("has_file") is False and not node.get("url"):
            check.add(path, "evidence needs a url, or has_file: true")
    check.history(entries["answers"], Answer, ANSWERS)
    check.history(entries["agreed_answers"], AgreedAnswer, AGREED)
    check.history(entries.get("actions", []), RoadmapAction, ACTIONS, HISTORY_LINKS)
    for path, node in entries.get("actions", []):
        check.links(node, path, LINKS)
        start, end = node.get("start"), node.get("end")
        if isinstance(start, str) and isinstance(end, str) and end < start:
            check.add(f"{path}.end", "must not be before start")


# Import


def _values(model, names, node, refs) -> dict:
    """Model attribute values of a checked entry, natural keys resolved to ids."""
    values = {}
    for name in names:
        if name not in node:  # added to the format later (ADDED_LATER): the model's default stands
            continue
        field = model._meta.get_field(name)
        value = _python(field, node[name])
        values[field.attname] = refs[field.related_model][value] if field.is_relation and value is not None else value
    return values


def _create(model, objects, *, audit=None) -> list:
    """Insert rows as the document has them, timestamps included, without generating history.

    ``audit = (user, date)`` gives each row one 'created' record by the importer; rows whose
    history the document carries get it from ``_create_history`` instead.
    """
    stamped = [
        f.attname
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    kept = {name: [getattr(obj, name) for obj in objects] for name in stamped}
    model.objects.bulk_create(objects)
    restored = [name for name, values in kept.items() if None not in values]  # None: not in the document
    for name in restored:  # bulk_create stamps the time of the import; bulk_update does not
        for obj, value in zip(objects, kept[name], strict=True):
            setattr(obj, name, value)
    if objects and restored:
        model.objects.bulk_update(objects, restored)
    if audit:
        user, when = audit
        model.history.bulk_history_create(
            objects, default_user=user, default_date=when, default_change_reason=IMPORT_REASON
        )
    return objects


def _rows(model, nodes, names, refs, *, audit=None, **fixed) -> list:
    return _create(model, [model(**fixed, **_values(model, names, node, refs)) for node in nodes], audit=audit)


def _create_history(rows, nodes, names, refs) -> list[tuple]:
    """The document's history records as they are (dates, users, order), rather than generated anew by saves."""
    historical = rows[0].history.model if rows else None
    names = _history_names(type(rows[0]), names) if rows else ()
    pairs = []
    for row, node in zip(rows, nodes, strict=True):
        base = {field.attname: getattr(row, field.attname) for field in historical.tracked_fields}
        pairs += [(historical(**(base | _values(historical, names, r, refs))), r) for r in node["history"]]
    if pairs:
        historical.objects.bulk_create([record for record, _node in pairs])
    return pairs


def _match_users(nodes, refs) -> None:
    """Users by email, in any case; the missing are created inactive with no usable password, to invite later."""
    wanted = {node["email"].lower(): node for node in nodes}
    refs[User] = dict(User.objects.annotate(key=Lower("email")).filter(key__in=wanted).values_list("key", "pk"))
    for email, node in wanted.items():
        if email not in refs[User]:
            user = User.objects.create_user(email=email, password=None, full_name=node["full_name"], is_active=False)
            refs[User][email] = user.pk


def _match_agencies(nodes, country, refs) -> None:
    """Agencies by country and name; the missing are created as the document describes them."""
    found = Agency.objects.filter(country=country, name__in=[node["name"] for node in nodes])
    refs[Agency] = dict(found.values_list("name", "pk"))
    missing = [
        Agency(country=country, **_values(Agency, AGENCIES, n, refs)) for n in nodes if n["name"] not in refs[Agency]
    ]
    refs[Agency] |= {agency.name: agency.pk for agency in Agency.objects.bulk_create(missing)}


def _seat_importer(assessment, team, user) -> Membership:
    """The importer becomes an active coordinator, so they can open the new assessment."""
    membership = next((member for member in team if member.user_id == user.pk), None)
    if membership is not None and membership.role == Role.COORDINATOR and membership.removed_at is None:
        return membership
    if membership is None:
        own = user.agency if user.agency and user.agency.country_id == assessment.country_id else None
        coordinator = next(m for m in team if m.role == Role.COORDINATOR and m.removed_at is None)
        membership = Membership(assessment=assessment, user=user, agency_id=own.pk if own else coordinator.agency_id)
    membership.role, membership.removed_at = Role.COORDINATOR, None
    membership._history_user, membership._change_reason = user, IMPORTER_REASON
    membership.save()
    return membership


def _write(data: dict, context: dict, imported_by: User | None) -> Assessment:
    refs, audit = context["refs"], (imported_by, timezone.now())
    _match_users(data["users"], refs)
    _match_agencies(data["agencies"], context["country"], refs)
    owner = {"country": context["country"], "framework": context["framework"]}
    assessment = _rows(Assessment, [data["assessment"]], ASSESSMENT, refs, audit=audit, **owner)[0]
    team = _rows(Membership, data["team"], TEAM, refs, audit=audit, assessment=assessment)
    _rows(SectionAssignment, data["assignments"], ASSIGNMENTS, refs, audit=audit, assessment=assessment)
    _rows(SectionReview, data["section_reviews"], REVIEWS, refs, audit=audit, assessment=assessment)
    answers = _rows(Answer, data["answers"], ANSWERS, refs, assessment=assessment)
    _create_history(answers, data["answers"], ANSWERS, refs)
    agreed = _rows(AgreedAnswer, data["agreed_answers"], AGREED, refs, assessment=assessment)
    _create_history(agreed, data["agreed_answers"], AGREED, refs)
    # The document has no file bytes: the file is named as not imported, and the row keeps its metadata.
    no_file = f"evidence/{assessment.pk}/not-imported-"
    evidence = [
        Evidence(
            assessment=assessment,
            file=no_file + uuid.uuid4().hex if node["has_file"] else "",
            **_values(Evidence, EVIDENCE, node, refs),
        )
        for node in data["evidence"]
    ]
    _create(Evidence, evidence)
    _rows(Comment, data["comments"], COMMENTS, refs, assessment=assessment)
    if data["roadmap"] is not None:
        _write_roadmap(data["roadmap"], refs, audit, assessment=assessment)
    assessment.importer_membership = _seat_importer(assessment, team, imported_by) if imported_by else None
    return assessment


def _write_roadmap(node: dict, refs: dict, audit: tuple, *, assessment: Assessment) -> None:
    roadmap = _rows(Roadmap, [node], ROADMAP, refs, audit=audit, assessment=assessment)[0]
    actions = _rows(RoadmapAction, node["actions"], ACTIONS, refs, roadmap=roadmap)
    refs[RoadmapAction] = {action.code: action.pk for action in actions}
    link_ids = {}
    for name, end in LINKS.items():
        through, source, target = _link_ends(name)
        links = [
            through(**{source: action.pk, target: refs[end][key]})
            for action, action_node in zip(actions, node["actions"], strict=True)
            for key in action_node[name]
        ]
        through.objects.bulk_create(links)
        link_ids[name] = {(getattr(link, source), getattr(link, target)): link.pk for link in links}
    records = _create_history(actions, node["actions"], ACTIONS, refs)
    for name in HISTORY_LINKS:
        m2m, (_through, source, target) = getattr(RoadmapAction.history.model, name).model, _link_ends(name)
        # A historical link row also copies the link's own id, which means nothing elsewhere: the current one, or 0.
        m2m.objects.bulk_create(
            m2m(
                history_id=record.history_id,
                id=link_ids[name].get((record.id, pk), 0),
                **{source: record.id, target: pk},
            )
            for record, record_node in records
            for pk in (refs[LINKS[name]][key] for key in record_node[name])
        )
    _rows(Milestone, node["milestones"], MILESTONES, refs, audit=audit, roadmap=roadmap)


def import_assessment(*, data: dict, imported_by: User | None = None) -> Assessment:
    """Load a document as a NEW assessment (importing it twice makes two), losslessly: history keeps its dates.

    The whole document is checked first: on any problem ExchangeError lists them all and nothing is
    written. The importer, if given, becomes a coordinator (``assessment.importer_membership``).
    """
    context = validate_document(data)
    try:
        with transaction.atomic():
            return _write(data, context, imported_by)
    except (IntegrityError, DataError) as exc:  # a rule the checks missed: refused all the same, nothing written
        raise ExchangeError([f"document: the database refused it: {exc}"]) from exc
