"""What a questionnaire section shows that is the same for every team.

Published questions never change and guidance changes rarely, so each worker
renders a section's questions once per language and keeps the result in memory,
keyed by the latest guidance edit: an edit in the admin shows on the next
request, in every worker. Nothing here is state another worker needs.
"""

import functools
from dataclasses import dataclass

from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from .models import Guidance, Question, ScaleOption, Section


@dataclass(frozen=True)
class QuestionContent:
    question: Question
    options: tuple[ScaleOption, ...]
    header_html: SafeString  # code, articles, obligation, text and folded guidance, rendered


def _build(section: Section) -> list[QuestionContent]:
    questions = (
        Question.objects.filter(section=section)
        .select_related("scale", "guidance")
        .prefetch_related("scale__options")
        .order_by("order")
    )
    content = []
    for question in questions:
        guidance = getattr(question, "guidance", None)
        header = render_to_string(
            "frameworks/_question_header.html",
            {"question": question, "guidance_html": guidance.html_for() if guidance else ""},
        )
        content.append(QuestionContent(question, tuple(question.scale.options.all()), mark_safe(header)))  # noqa: S308
    return content


@functools.lru_cache(maxsize=512)
def _cached(section_id: int, language: str, guidance_mark) -> tuple[QuestionContent, ...]:
    # Kept as live objects in this worker (no pickling): they are read-only from here on.
    with translation.override(language):
        return tuple(_build(Section.objects.get(pk=section_id)))


def section_content(section: Section) -> tuple[QuestionContent, ...]:
    mark = Guidance.objects.filter(question__section=section).aggregate(last=Max("updated_at"))["last"]
    return _cached(section.pk, translation.get_language() or "en", mark)
