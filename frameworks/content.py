"""What a questionnaire section shows that is the same for every team.

Published questions never change and guidance changes rarely, so each worker
renders a section's questions once per language and keeps the result in memory,
keyed by the latest guidance edit and the latest change to the library of state
experiences ("how others did it"): an edit in the admin shows on the next
request, in every worker. Nothing here is state another worker needs.
"""

import functools
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from experiences.models import Experience
from experiences.services import experiences_by_question, library_mark

from .models import Guidance, Question, ScaleOption, Section


@dataclass(frozen=True)
class QuestionContent:
    question: Question
    options: tuple[ScaleOption, ...]
    header_html: SafeString  # code, articles, obligation, text, folded guidance and experiences, rendered
    experiences: tuple[Experience, ...] = ()  # published state experiences linked to the question


def _build(section_id: int) -> list[QuestionContent]:
    questions = list(
        Question.objects.filter(section_id=section_id)
        .select_related("scale", "guidance")
        .prefetch_related("scale__options", "resources")
        .order_by("order")
    )
    linked = experiences_by_question(question.code for question in questions)
    content = []
    for question in questions:
        guidance = getattr(question, "guidance", None)
        experiences = tuple(linked.get(question.code, ()))
        header = render_to_string(
            "frameworks/_question_header.html",
            {
                "question": question,
                "guidance_html": guidance.html_for() if guidance else "",
                "resources": list(question.resources.all()),
                "experiences": experiences,
            },
        )
        content.append(
            QuestionContent(question, tuple(question.scale.options.all()), mark_safe(header), experiences)  # noqa: S308
        )
    return content


@functools.lru_cache(maxsize=512)
def _cached(section_id: int, language: str, guidance_mark, library_mark) -> tuple[QuestionContent, ...]:
    # Kept as live objects in this worker (no pickling): they are read-only from here on.
    with translation.override(language):
        return tuple(_build(section_id))


def section_content(section: Section) -> tuple[QuestionContent, ...]:
    # Both marks in one query, so that the library costs the questionnaire pages nothing on a cache hit.
    guidance_mark, library = (
        Section.objects.filter(pk=section.pk)
        .values_list(
            Subquery(
                Guidance.objects.filter(question__section=OuterRef("pk"))
                .order_by("-updated_at")
                .values("updated_at")[:1]
            ),
            library_mark(),
        )
        .get()
    )
    return _cached(section.pk, translation.get_language() or "en", guidance_mark, library)
