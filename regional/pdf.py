"""The regional view as a PDF: an ordinary template with print CSS, rendered by WeasyPrint as the roadmap is.

The bytes are cached under a stamp of everything the document shows (the organization, the date, the language and
the aggregates themselves, and the templates), in Django's cache shared by all workers.
"""

import hashlib
import logging

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from portal.context_processors import templates_version
from portal.documents import html_to_pdf, page_label_css

from .report import RegionalReport

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60 * 60 * 24


def regional_html(report: RegionalReport) -> str:
    context = {"report": report, "page_label_css": page_label_css()}
    return render_to_string("regional/pdf/regional.html", context)


def cache_key(report: RegionalReport, language: str) -> str:
    digest = hashlib.sha256(repr((report.stamp_parts(), language, templates_version())).encode()).hexdigest()
    return f"regional-pdf:{digest}"


def render_regional_pdf(report: RegionalReport, *, language: str | None = None) -> bytes:
    language = language or translation.get_language() or "en"
    with translation.override(language):
        key = cache_key(report, language)
        pdf = cache.get(key)
        if pdf is None:
            pdf = html_to_pdf(regional_html(report))
            cache.set(key, pdf, CACHE_SECONDS)
            logger.info("Rendered the regional PDF of organization %s (%s bytes)", report.organization.pk, len(pdf))
    return pdf
