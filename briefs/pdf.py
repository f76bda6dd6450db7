"""Agency briefs as PDFs: ordinary templates with print CSS, rendered by WeasyPrint as the roadmap is.

Tagged PDF/UA-1 with title and language, Noto fonts for the region's scripts. Each PDF is
cached under a stamp of everything it shows, so a coordinator's "all briefs" download after
an unchanged day costs no rendering.
"""

import hashlib
import io
import logging
import zipfile

from django.core.cache import cache
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

from assessments.gaps import build_report
from assessments.models import Assessment
from assessments.stamps import team_data_parts
from attportal import __version__
from portal.documents import html_to_pdf, page_label_css, templates_fingerprint
from reference.models import Agency
from roadmaps.document import roadmap_data_parts
from roadmaps.models import Roadmap

from .builder import Brief, build_agency_brief, build_parliament_brief
from .models import AgencyBenefit
from .services import brief_filename, team_agencies

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60 * 60 * 24 * 7
TEMPLATES = (
    "briefs/pdf/brief.html",
    "briefs/pdf/brief.css",
    "briefs/_brief_meta.html",
    "briefs/_agency_sections.html",
    "briefs/_parliament_sections.html",
    "briefs/_state_status.html",
    "briefs/_asks.html",
    "briefs/_gap_rows.html",
    "briefs/_action_rows.html",
)


def brief_html(brief: Brief) -> str:
    return render_to_string("briefs/pdf/brief.html", {"brief": brief, "page_label_css": page_label_css()})


def content_stamp(*, assessment: Assessment, agency: Agency | None, language: str) -> str:
    """A key that changes whenever anything a brief shows changes: the team's data, the roadmap,
    the curated benefits, the state's treaty status and the agency itself."""
    roadmap = Roadmap.objects.filter(assessment=assessment).first()
    country = assessment.country
    parts = [
        __version__,
        templates_fingerprint(TEMPLATES),
        language,
        timezone.localdate(),
        *team_data_parts(assessment),
        roadmap_data_parts(assessment, roadmap) if roadmap is not None else None,
        AgencyBenefit.history.aggregate(n=Count("history_id"), last=Max("history_id")),
        assessment.title,
        assessment.marking,
        assessment.status,
        (country.name, country.att_status, country.signature_date, country.deposit_date, country.deposit_type),
        (country.entry_into_force_date, country.status_note),
        (agency.pk, agency.name, agency.acronym, agency.agency_type_id) if agency is not None else "parliament",
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def render_brief_pdf(*, assessment: Assessment, agency: Agency | None, language: str | None = None, report=None):
    """The brief of an agency (or, for ``agency=None``, the parliament brief) as PDF bytes, from the
    cache when nothing it shows has changed."""
    language = language or translation.get_language() or "en"
    with translation.override(language):
        key = f"brief-pdf:{content_stamp(assessment=assessment, agency=agency, language=language)}"
        pdf = cache.get(key)
        if pdf is None:
            if agency is None:
                brief = build_parliament_brief(assessment=assessment, report=report)
            else:
                brief = build_agency_brief(assessment=assessment, agency=agency, report=report)
            pdf = html_to_pdf(brief_html(brief))
            cache.set(key, pdf, CACHE_SECONDS)
            logger.info("Rendered the brief of %s for assessment %s", agency or "parliament", assessment.pk)
    return pdf


def render_all_briefs_zip(*, assessment: Assessment, language: str | None = None) -> bytes:
    """A zip of every agency's brief and the parliament brief; the gap report is built once for all."""
    language = language or translation.get_language() or "en"
    with translation.override(language):
        report = build_report(assessment)
    buffer = io.BytesIO()
    names = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for agency in [*team_agencies(assessment), None]:
            name = brief_filename(assessment, agency)
            if name in names:  # two agencies whose names read the same once made safe for a file name
                name = name.removesuffix(".pdf") + f"-{agency.pk}.pdf"
            names.add(name)
            pdf = render_brief_pdf(assessment=assessment, agency=agency, language=language, report=report)
            archive.writestr(name, pdf)
    return buffer.getvalue()
