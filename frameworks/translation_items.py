"""The translatable items of a bank, whatever row their text lives on.

A question's guidance is stored on its Guidance row and a resource's title on its own row;
reviewers and the status report see one item per question, resource, section, action,
answer label and bank title, keyed as the translation files key them.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import (
    ActionTemplate,
    Framework,
    Guidance,
    Question,
    Resource,
    ScaleOption,
    Section,
    TranslationReview,
)
from .services import refresh_fingerprint
from .translation_file import FIELDS, option_code, resource_code


@dataclass
class Item:
    kind: str
    code: str
    row: object
    english: dict[str, str]  # field -> English text (only fields that have text)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> field -> text
    guidance: Guidance | None = None

    def translated_fields(self, language: str) -> dict[str, str]:
        return {name: text for name, text in self.translations.get(language, {}).items() if text}


def _item(kind: str, code: str, row, guidance: Guidance | None = None) -> Item:
    english = {name: getattr(row, name) for name in FIELDS[kind] if name != "guidance" and getattr(row, name, "")}
    translations = {
        language: {name: text for name, text in fields.items() if name in english}
        for language, fields in (row.translations or {}).items()
    }
    if guidance is not None and guidance.body:
        english["guidance"] = guidance.body
        for language, text in guidance.translations.items():
            translations.setdefault(language, {})["guidance"] = text
    return Item(kind, code, row, english, translations, guidance)


def bank_items(framework: Framework) -> Iterator[Item]:
    """Every translatable item of a bank, in reading order (a handful of queries)."""
    yield _item("framework", "", framework)
    for option in ScaleOption.objects.filter(scale__framework=framework).select_related("scale"):
        yield _item("option", option_code(option.scale.code, option.value), option)
    for section in Section.objects.filter(framework=framework):
        yield _item("section", section.code, section)
    questions = Question.objects.filter(framework=framework).select_related("guidance").prefetch_related("resources")
    for question in questions:
        yield _item("question", question.code, question, getattr(question, "guidance", None))
        for resource in question.resources.all():
            yield _item("resource", resource_code(question.code, resource.url), resource)
    for action in ActionTemplate.objects.filter(framework=framework):
        yield _item("action", action.code, action)


def item_for(review: TranslationReview) -> Item | None:
    """The item a review row is about (None if the bank no longer has it)."""
    framework = review.framework
    if review.kind == "framework":
        return _item("framework", "", framework)
    if review.kind == "option":
        scale, _, value = review.code.partition("/")
        row = ScaleOption.objects.filter(scale__framework=framework, scale__code=scale, value=value).first()
    elif review.kind == "section":
        row = Section.objects.filter(framework=framework, code=review.code).first()
    elif review.kind == "question":
        row = Question.objects.filter(framework=framework, code=review.code).select_related("guidance").first()
        return row and _item("question", row.code, row, getattr(row, "guidance", None))
    elif review.kind == "resource":
        question_code, _, url = review.code.partition(" ")
        row = Question.objects.filter(framework=framework, code=question_code).first()
        row = row and row.resources.filter(url=url).first()
    else:
        row = ActionTemplate.objects.filter(framework=framework, code=review.code).first()
    return row and _item(review.kind, review.code, row)


@transaction.atomic
def correct_translation(item: Item, language: str, fields: dict[str, str]) -> None:
    """A curator's correction: written where the text lives, each row with its own history where it has one."""
    row_fields = {name: text for name, text in fields.items() if name != "guidance"}
    if row_fields:
        translations = {lang: dict(values) for lang, values in (item.row.translations or {}).items()}
        translations.setdefault(language, {}).update(row_fields)
        item.row.translations = translations
        item.row.save(update_fields=["translations"])
    if "guidance" in fields and item.guidance is not None:
        item.guidance.translations = {**item.guidance.translations, language: fields["guidance"]}
        item.guidance.save()
    framework = _framework_of(item)
    if item.kind in ("framework", "option", "section", "question"):
        refresh_fingerprint(framework)  # the fingerprint keys the cached blank questionnaires
    # The questionnaire pages keep each section's questions in memory, keyed by the latest guidance edit.
    Guidance.objects.filter(question__framework=framework).update(updated_at=timezone.now())


def _framework_of(item: Item) -> Framework:
    row = item.row
    if isinstance(row, Framework):
        return row
    if isinstance(row, ScaleOption):
        return row.scale.framework
    if isinstance(row, Resource):
        return row.question.framework
    return row.framework


def content_languages() -> list[str]:
    """The languages content may be translated into: the interface's, English aside."""
    return [code for code, _name in settings.LANGUAGES if code != "en"]
