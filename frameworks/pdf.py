"""A printable blank questionnaire, for workshops without computers."""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext
from weasyprint import HTML

from attportal import __version__

from .models import Framework, Question


def questionnaire_html(*, framework: Framework) -> str:
    questions = list(
        Question.objects.filter(framework=framework)
        .select_related("section", "guidance")
        .prefetch_related("scale__options", "agency_types")
        .order_by("section__order", "order")
    )
    sections = []
    for question in questions:
        if not sections or sections[-1][0] != question.section:
            sections.append((question.section, []))
        sections[-1][1].append(question)
    page_label = gettext("Page %(page)s of %(pages)s") % {"page": "\x00page\x00", "pages": "\x00pages\x00"}
    return render_to_string(
        "frameworks/pdf/questionnaire.html",
        {"framework": framework, "sections": sections, "page_label": page_label.split("\x00")},
    )


def render_questionnaire_pdf(*, framework: Framework, language: str) -> bytes:
    """Published frameworks never change, so the PDF is cached per version and language."""
    key = f"questionnaire-pdf:{framework.pk}:{framework.fingerprint}:{language}:{__version__}"
    pdf = cache.get(key)
    if pdf is None:
        with translation.override(language):
            pdf = HTML(string=questionnaire_html(framework=framework)).write_pdf(pdf_variant="pdf/ua-1")
        cache.set(key, pdf, 60 * 60 * 24 * 30)
    return pdf
