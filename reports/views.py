"""The draft initial report: a preview page and its two downloads. Each reaches the assessment through
membership_or_404 first (outsiders get 404); any member may read and download, observers included."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from accounts.security import logged_download
from assessments.access import membership_or_404
from assessments.models import Assessment

from .docx import initial_report_docx
from .initial_report import build_initial_report, is_available
from .pdf import render_initial_report_pdf

logger = logging.getLogger(__name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_filename(assessment: Assessment, ending: str) -> str:
    """`PH-implementation-review-2026-initial-report-draft.pdf`: the country, the title, then the kind."""
    return f"{assessment.country.code}-{slugify(assessment.title)[:60]}-initial-report-draft{ending}"


def _attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@login_required
@require_GET
def preview(request, pk):
    membership = membership_or_404(request, pk)
    assessment = membership.assessment
    context = {"assessment": assessment, "membership": membership, "available": is_available(assessment)}
    if context["available"]:
        context["doc"] = build_initial_report(assessment=assessment)
    return render(request, "reports/initial_report.html", context)


@login_required
@require_GET
@logged_download("draft initial report PDF of assessment")
def pdf(request, pk):
    membership = membership_or_404(request, pk)
    assessment = membership.assessment
    if not is_available(assessment):  # the preview page says why there is nothing to download
        return redirect("reports:initial_report", pk)
    try:
        content = render_initial_report_pdf(assessment=assessment)
    except Exception:  # a rendering fault must reach the user as a page with a retry, and the log, never a bare 500
        logger.exception("Rendering the initial report PDF of assessment %s failed", assessment.pk)
        context = {"assessment": assessment, "membership": membership}
        return render(request, "reports/pdf_failed.html", context, status=503)
    return _attachment(content, content_type="application/pdf", filename=report_filename(assessment, ".pdf"))


@login_required
@require_GET
@logged_download("draft initial report DOCX of assessment")
def docx(request, pk):
    assessment = membership_or_404(request, pk).assessment
    if not is_available(assessment):
        return redirect("reports:initial_report", pk)
    content = initial_report_docx(build_initial_report(assessment=assessment))
    return _attachment(content, content_type=DOCX, filename=report_filename(assessment, ".docx"))
