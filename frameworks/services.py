"""Workflows over question banks: load a file, export a version, derive a new
draft from a published version, publish a draft."""

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from reference.models import AgencyType, AssistanceSource

from .bank_file import BankFileError, content_fingerprint, parse_bank, validate_bank, wording_translations
from .models import (
    ActionTemplate,
    Framework,
    Guidance,
    Question,
    Resource,
    Scale,
    ScaleOption,
    Section,
    TranslationReview,
)
from .translation_file import ReviewMark, with_translation_files


@dataclass(frozen=True)
class LoadResult:
    framework: Framework
    created: bool
    translations_added: int = 0


def load_framework(*, path: Path) -> LoadResult:
    """Validate the whole file, then load it in one transaction.

    Loading the same version again changes nothing (curators' later edits to
    guidance stay), except that translations the file has and the database lacks
    are added: a new language may join a published version, while translations
    already there (perhaps corrected by a curator) are kept. A file with the slug
    and version of a loaded framework but different questions, English wording or
    scales is refused: publish a new version.
    """
    data = parse_bank(Path(path).read_text(encoding="utf-8"), filename=str(path))
    if isinstance(data.get("sections"), list) and all(isinstance(s, dict) for s in data["sections"]):
        data, review_marks = with_translation_files(data, Path(path))
    else:
        review_marks = []  # validate_bank reports what is wrong with the sections
    agency_types = {agency.code: agency for agency in AgencyType.objects.all()}
    sources = {source.code: source for source in AssistanceSource.objects.all()}
    validate_bank(data, filename=str(path), agency_types=set(agency_types), assistance_sources=set(sources))
    version = str(data["version"])
    fingerprint = content_fingerprint(data)

    existing = Framework.objects.filter(slug=data["slug"], version=version).first()
    if existing is not None:
        if existing.fingerprint != fingerprint:
            stored = framework_as_data(existing)
            if content_fingerprint(stored, with_translations=False) != content_fingerprint(
                data, with_translations=False
            ):
                raise BankFileError(
                    [
                        f"{path}: file: {data['slug']} version {version} is already loaded with different questions, "
                        "wording or scales; a published version never changes, so give the file a new version"
                    ]
                )
        # Guidance, resources and actions are outside the fingerprint: a new language of them may join too.
        with transaction.atomic():
            added = _add_missing_translations(existing, data)
            if added:
                refresh_fingerprint(existing)
            record_review_marks(existing, review_marks)
        return LoadResult(framework=existing, created=False, translations_added=added)

    with transaction.atomic():
        framework = Framework.objects.create(
            slug=data["slug"],
            version=version,
            track=data["track"],
            title=data["title"],
            language=data.get("language", "en"),
            translations=data.get("translations") or {},
            status=data.get("status", Framework.Status.PUBLISHED),
            published_at=_published_at(data["slug"], version)
            if data.get("status", "published") == "published"
            else None,
            fingerprint=fingerprint,
            changes=data.get("changes") or [],
        )
        _create_content(framework, data, agency_types=agency_types, sources=sources)
        record_review_marks(framework, review_marks)
    return LoadResult(framework=framework, created=True)


def record_review_marks(framework: Framework, marks: list[ReviewMark]) -> None:
    """Add the review state of translations the database does not track yet; a curator's later review stays."""
    known = set(framework.translation_reviews.values_list("kind", "code", "language"))
    bulk_create_with_history(
        [
            TranslationReview(
                framework=framework,
                kind=mark.kind,
                code=mark.code,
                language=mark.language,
                state=mark.state,
                reviewer=mark.reviewer,
                reviewed_at=_start_of_day(mark.reviewed_on),
            )
            for mark in {(m.kind, m.code, m.language): m for m in marks}.values()
            if (mark.kind, mark.code, mark.language) not in known
        ],
        TranslationReview,
        batch_size=1000,
    )


def _start_of_day(day):
    if day is None:
        return None
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day))


def version_key(version: str) -> tuple:
    """Order versions as people read them: 2026.2 before 2026.10, numbers before words."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[.\-_]", version))


def _published_at(slug: str, version: str):
    """When a newly loaded version counts as published.

    "Newest" means the latest published_at everywhere (new assessments, follow-ups, the demo, export),
    and shipped files load in name order, where att-compliance-2027.1.yaml comes before
    att-compliance.yaml (2026.1). So an older version loaded after a newer one is dated just before
    the newer versions (and after the older ones): the load order never decides which version is newest.
    """
    now = timezone.now()
    key = version_key(version)
    others = Framework.objects.published().filter(slug=slug).exclude(published_at=None)
    newer = [f.published_at for f in others if version_key(f.version) > key]
    if not newer:
        return now
    older = [f.published_at for f in others if version_key(f.version) < key and f.published_at < min(newer)]
    if older:
        return max(older) + (min(newer) - max(older)) / 2
    return min(newer) - timedelta(seconds=1)


def _create_content(framework: Framework, data: dict, *, agency_types: dict, sources: dict) -> None:
    scales = {}
    for code, options in data["scales"].items():
        scale = scales[code] = Scale.objects.create(framework=framework, code=code)
        ScaleOption.objects.bulk_create(
            ScaleOption(
                scale=scale,
                value=option["value"],
                label=option["label"],
                score=option.get("score"),
                needs_reason=bool(option.get("needs_reason")),
                order=order,
                translations=option.get("translations") or {},
            )
            for order, option in enumerate(options)
        )

    actions, requires = {}, {}
    for section_data in data["sections"]:
        for question_data in section_data["questions"]:
            for action in question_data.get("actions") or []:
                if action.get("ref"):
                    continue
                actions[action["code"]] = ActionTemplate.objects.create(
                    framework=framework,
                    code=action["code"],
                    title=action["title"],
                    description=action.get("description", ""),
                    indicator=action.get("indicator", ""),
                    phase=action["phase"],
                    duration_months=action["duration_months"],
                    lead=agency_types[action["lead"]],
                    needs_assistance=bool(action.get("needs_assistance")),
                    translations=action.get("translations") or {},
                )
                actions[action["code"]].assistance_sources.set([sources[code] for code in action.get("assistance", [])])
                requires[action["code"]] = action.get("requires") or []
    for code, prerequisites in requires.items():
        actions[code].requires.set([actions[required] for required in prerequisites])

    for section_order, section_data in enumerate(data["sections"]):
        section = Section.objects.create(
            framework=framework,
            code=section_data["code"],
            title=section_data["title"],
            order=section_order,
            articles=section_data.get("articles") or [],
            intro=section_data.get("intro") or "",
            translations=section_data.get("translations") or {},
        )
        for order, question_data in enumerate(section_data["questions"]):
            question = Question.objects.create(
                framework=framework,
                section=section,
                code=question_data["code"],
                text=question_data["text"],
                order=order,
                articles=question_data.get("articles") or [],
                obligation=question_data["obligation"],
                scale=scales[question_data["scale"]],
                weight=question_data["weight"],
                translations=wording_translations(question_data),
            )
            question.agency_types.set([agency_types[code] for code in question_data.get("agencies") or []])
            question.actions.set([actions[action["code"]] for action in question_data.get("actions") or []])
            if question_data.get("guidance"):
                Guidance.objects.create(
                    question=question,
                    body=question_data["guidance"],
                    translations={
                        language: fields["guidance"]
                        for language, fields in (question_data.get("translations") or {}).items()
                        if fields.get("guidance")
                    },
                )
            Resource.objects.bulk_create(
                Resource(
                    question=question,
                    title=r["title"],
                    url=r["url"],
                    kind=r.get("kind", "other"),
                    order=i,
                    translations=r.get("translations") or {},
                )
                for i, r in enumerate(question_data.get("resources") or [])
            )


def refresh_fingerprint(framework: Framework) -> None:
    """After a translation changed: the fingerprint also keys the cached blank questionnaires."""
    framework.fingerprint = content_fingerprint(framework_as_data(framework))
    framework.save(update_fields=["fingerprint"])


def _merge_missing(row, translations: dict) -> int:
    """Add the languages and fields a row lacks; keep what it has. Returns how many fields were added."""
    merged = {language: dict(fields) for language, fields in (row.translations or {}).items()}
    added = 0
    for language, fields in translations.items():
        for field, text in fields.items():
            if text and not merged.get(language, {}).get(field):
                merged.setdefault(language, {})[field] = text
                added += 1
    if added:
        row.translations = merged
        row.save(update_fields=["translations"])
    return added


def _add_missing_translations(framework: Framework, data: dict) -> int:
    added = _merge_missing(framework, data.get("translations") or {})
    options = ScaleOption.objects.filter(scale__framework=framework).select_related("scale")
    options = {(option.scale.code, option.value): option for option in options}
    for code, scale_options in data["scales"].items():
        for option in scale_options:
            added += _merge_missing(options[(code, option["value"])], wording_translations(option))
    sections = {section.code: section for section in framework.sections.all()}
    questions = {
        question.code: question
        for question in framework.questions.select_related("guidance").prefetch_related("resources")
    }
    actions = {action.code: action for action in ActionTemplate.objects.filter(framework=framework)}
    for section_data in data["sections"]:
        added += _merge_missing(sections[section_data["code"]], wording_translations(section_data))
        for question_data in section_data["questions"]:
            question = questions[question_data["code"]]
            added += _merge_missing(question, wording_translations(question_data))
            for action_data in question_data.get("actions") or []:
                if not action_data.get("ref"):
                    added += _merge_missing(actions[action_data["code"]], action_data.get("translations") or {})
            resources = {resource.url: resource for resource in question.resources.all()}
            for resource_data in question_data.get("resources") or []:
                if resource_data["url"] in resources:
                    added += _merge_missing(resources[resource_data["url"]], resource_data.get("translations") or {})
            guidance = getattr(question, "guidance", None)
            for language, fields in (question_data.get("translations") or {}).items():
                if guidance is not None and fields.get("guidance") and not guidance.translations.get(language):
                    guidance.translations = {**guidance.translations, language: fields["guidance"]}
                    guidance.save()  # renders the new language's HTML too
                    added += 1
    return added


def _without_empty(node: dict) -> dict:
    return {key: value for key, value in node.items() if value not in (None, "", [], {})}


def framework_as_data(framework: Framework) -> dict:
    """The framework in the question-bank file format (the inverse of loading)."""
    scales = {
        scale.code: [
            _without_empty(
                {
                    "value": option.value,
                    "label": option.label,
                    "score": option.score,
                    "needs_reason": option.needs_reason or None,
                    "translations": option.translations,
                }
            )
            | ({"score": None} if option.score is None else {})
            for option in scale.options.all()
        ]
        for scale in framework.scales.prefetch_related("options")
    }
    questions = (
        Question.objects.filter(framework=framework)
        .select_related("scale", "guidance")
        .prefetch_related(
            "agency_types", "resources", "actions__lead", "actions__assistance_sources", "actions__requires"
        )
        .order_by("section__order", "order")
    )
    by_section: dict[int, list] = {}
    written_actions: set[str] = set()
    for question in questions:
        actions = []
        for action in sorted(question.actions.all(), key=lambda a: a.code):
            if action.code in written_actions:
                actions.append({"code": action.code, "ref": True})
                continue
            written_actions.add(action.code)
            actions.append(
                _without_empty(
                    {
                        "code": action.code,
                        "title": action.title,
                        "description": action.description,
                        "indicator": action.indicator,
                        "phase": action.phase,
                        "duration_months": action.duration_months,
                        "lead": action.lead.code,
                        "needs_assistance": action.needs_assistance or None,
                        "assistance": sorted(source.code for source in action.assistance_sources.all()),
                        "requires": sorted(required.code for required in action.requires.all()),
                        "translations": action.translations,
                    }
                )
            )
        guidance = getattr(question, "guidance", None)
        translations = {language: dict(fields) for language, fields in question.translations.items()}
        for language, text in (guidance.translations if guidance else {}).items():
            translations.setdefault(language, {})["guidance"] = text
        by_section.setdefault(question.section_id, []).append(
            _without_empty(
                {
                    "code": question.code,
                    "text": question.text,
                    "articles": question.articles,
                    "obligation": question.obligation,
                    "scale": question.scale.code,
                    "agencies": sorted(agency.code for agency in question.agency_types.all()),
                    "weight": question.weight,
                    "guidance": guidance.body if guidance else "",
                    "resources": [
                        _without_empty({"title": r.title, "url": r.url, "kind": r.kind, "translations": r.translations})
                        for r in question.resources.all()
                    ],
                    "actions": actions,
                    "translations": translations,
                }
            )
            | {"articles": question.articles}
        )
    sections = [
        _without_empty(
            {
                "code": section.code,
                "title": section.title,
                "articles": section.articles,
                "intro": section.intro,
                "translations": section.translations,
                "questions": by_section.get(section.pk, []),
            }
        )
        | {"articles": section.articles}
        for section in framework.sections.all()
    ]
    return _without_empty(
        {
            "slug": framework.slug,
            "version": framework.version,
            "track": framework.track,
            "title": framework.title,
            "language": framework.language,
            "status": framework.status,
            "translations": framework.translations,
            "changes": framework.changes,
        }
    ) | {"scales": scales, "sections": sections}


def export_framework(*, slug: str, version: str | None = None) -> str:
    """YAML text of one framework version (the newest published one by default)."""
    frameworks = Framework.objects.filter(slug=slug)
    framework = frameworks.get(version=version) if version else frameworks.published().order_by("-published_at").first()
    if framework is None:
        raise Framework.DoesNotExist(f"No published framework '{slug}'.")
    return yaml.safe_dump(framework_as_data(framework), sort_keys=False, allow_unicode=True, width=100)


def create_draft_from(*, framework: Framework, version: str) -> Framework:
    """A new, editable draft with the content of an existing version."""
    data = framework_as_data(framework) | {"version": version, "status": Framework.Status.DRAFT}
    agency_types = {agency.code: agency for agency in AgencyType.objects.all()}
    sources = {source.code: source for source in AssistanceSource.objects.all()}
    with transaction.atomic():
        draft = Framework.objects.create(
            slug=framework.slug,
            version=version,
            track=framework.track,
            title=framework.title,
            language=framework.language,
            translations=framework.translations,
            status=Framework.Status.DRAFT,
            derived_from=framework,
        )
        _create_content(draft, data, agency_types=agency_types, sources=sources)
    return draft


def publish_framework(*, framework: Framework) -> Framework:
    """Check a draft as the loader would check a file, then freeze it."""
    data = framework_as_data(framework)
    validate_bank(
        data,
        filename=f"{framework.slug} {framework.version}",
        agency_types=set(AgencyType.objects.values_list("code", flat=True)),
        assistance_sources=set(AssistanceSource.objects.values_list("code", flat=True)),
    )
    missing_guidance = Question.objects.filter(framework=framework, guidance__isnull=True).values_list(
        "code", flat=True
    )
    if missing_guidance:
        raise BankFileError([f"{code}: guidance is missing" for code in missing_guidance])
    framework.status = Framework.Status.PUBLISHED
    framework.published_at = timezone.now()
    framework.fingerprint = content_fingerprint(data)
    framework.save(update_fields=["status", "published_at", "fingerprint"])
    return framework
