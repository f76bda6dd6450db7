"""The initial report as a PDF (WeasyPrint, PDF/UA-1: tagged, titled, with its language): the draft, marked as
such on every page and followed by its working annex of open items, or the final version without either; cached
under a stamp of everything it shows, as the roadmap PDF is."""

import hashlib
import logging

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation

from assessments.models import Assessment, Evidence
from assessments.stamps import team_data_parts
from attportal import __version__
from portal.documents import html_to_pdf, page_label_css, templates_fingerprint

from .initial_report.build import InitialReport, build_initial_report
from .models import ReportCover, TemplateMapping

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60 * 60 * 24 * 7
TEMPLATES = (
    "reports/pdf/initial_report.html",
    "reports/pdf/initial_report.css",
    "reports/_initial_report_body.html",
    "reports/_initial_report_cover.html",
    "reports/_initial_report_annexes.html",
)


def report_html(report: InitialReport) -> str:
    return render_to_string("reports/pdf/initial_report.html", {"doc": report, "page_label_css": page_label_css()})


def content_stamp(*, assessment: Assessment, language: str, final: bool = False) -> str:
    """Changes whenever anything the document shows changes: the team's answers, notes and legal references
    and agreed answers (their histories), the agencies, the assessment's title and marking, the state's
    entry into force, the bank's wording (its fingerprint changes when a translation joins), the date; the cover,
    the curated mapping, the evidence, and whether the final version is asked for."""
    evidence = Evidence.objects.filter(assessment=assessment).values_list("pk", "title", "url", "question_id")
    parts = [
        __version__,
        final,
        list(ReportCover.objects.filter(assessment=assessment).values_list("updated_at", flat=True)),
        list(TemplateMapping.objects.values_list("item", "questions")),
        list(evidence),
        templates_fingerprint(TEMPLATES),
        language,
        timezone.localdate(),
        *team_data_parts(assessment),
        assessment.title,
        assessment.marking,
        assessment.framework.fingerprint,
        assessment.country.name,
        assessment.country.entry_into_force_date,
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def render_initial_report_pdf(*, assessment: Assessment, language: str | None = None, final: bool = False) -> bytes:
    """The PDF in the given (or active) language, from the cache when nothing it shows has changed.

    ``final``: the version to submit, refused (OpenItemsLeft) while any item is open."""
    language = language or translation.get_language() or "en"
    with translation.override(language):
        key = f"initial-report-pdf:{content_stamp(assessment=assessment, language=language, final=final)}"
        pdf = cache.get(key)
        if pdf is None:
            pdf = html_to_pdf(report_html(build_initial_report(assessment=assessment, language=language, final=final)))
            cache.set(key, pdf, CACHE_SECONDS)
            logger.info("Rendered the initial report PDF of assessment %s (%s bytes)", assessment.pk, len(pdf))
    return pdf
