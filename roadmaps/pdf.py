"""The roadmap as a PDF: an ordinary template with print CSS, rendered by WeasyPrint.

Rendering is CPU-heavy, so the bytes are cached under a key of everything the
document shows (see ``content_stamp``); the cache is Django's, shared by all
workers (a database table by default), never a worker's own memory.
"""

import logging

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from assessments.models import Assessment
from portal.documents import html_to_pdf, page_label_css
from reference import region

from .document import build_document, content_stamp
from .models import Roadmap

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60 * 60 * 24 * 7


def roadmap_html(*, assessment: Assessment, roadmap: Roadmap, region_states: list | None = None) -> str:
    document = build_document(assessment=assessment, roadmap=roadmap)
    states = region.indo_pacific_states() if region_states is None else region_states
    context = {
        "doc": document,
        "page_label_css": page_label_css(),
        # The context section's map: the same as the portal's region page, in the document's language.
        "region_map": region.region_map_svg(document.language, states),
        "country_facts": region.state_rows([assessment.country])[0],
    }
    return render_to_string("roadmaps/pdf/roadmap.html", context)


def cache_key(*, assessment: Assessment, roadmap: Roadmap, language: str, region_stamp: str) -> str:
    """The document's content stamp and the stamp of the region's reference data (the map shows it)."""
    return f"roadmap-pdf:{content_stamp(assessment=assessment, roadmap=roadmap, language=language)}:{region_stamp}"


def render_roadmap_pdf(*, assessment: Assessment, roadmap: Roadmap, language: str | None = None) -> bytes:
    """The PDF in the given (or active) language, from the cache when nothing it shows has changed."""
    language = language or translation.get_language() or "en"
    with translation.override(language):
        states = region.indo_pacific_states()
        key = cache_key(
            assessment=assessment,
            roadmap=roadmap,
            language=language,
            region_stamp=region.data_stamp([*states, assessment.country]),
        )
        pdf = cache.get(key)
        if pdf is None:
            pdf = html_to_pdf(roadmap_html(assessment=assessment, roadmap=roadmap, region_states=states))
            cache.set(key, pdf, CACHE_SECONDS)
            logger.info("Rendered the roadmap PDF of assessment %s (%s bytes)", assessment.pk, len(pdf))
    return pdf
