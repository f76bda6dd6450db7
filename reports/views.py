"""The initial report: a preview page with the cover form, the draft downloads, and the final ones.

Each view reaches the assessment through membership_or_404 first (outsiders get 404). Any member may read the
preview and download the draft, observers included; the cover and the final export are the coordinators'.
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.security import logged_download
from assessments.access import membership_or_404
from assessments.models import Assessment

from .docx import initial_report_docx
from .forms import CoverForm
from .initial_report.build import OpenItemsLeft, build_initial_report, is_available
from .pdf import render_initial_report_pdf
from .services import save_cover

logger = logging.getLogger(__name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_filename(assessment: Assessment, ending: str, *, final: bool = False) -> str:
    """`PH-implementation-review-2026-initial-report-draft.pdf`: the country, the title, then the kind."""
    kind = "initial-report" if final else "initial-report-draft"
    return f"{assessment.country.code}-{slugify(assessment.title)[:60]}-{kind}{ending}"


def _attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def _preview(request, membership, *, form=None, status=200):
    assessment = membership.assessment
    context = {"assessment": assessment, "membership": membership, "available": is_available(assessment)}
    if context["available"]:
        context["doc"] = build_initial_report(assessment=assessment)
        if membership.is_coordinator and membership.can_write:
            context["cover_form"] = form or CoverForm(instance=context["doc"].cover)
    return render(request, "reports/initial_report.html", context, status=status)


@login_required
@require_GET
def preview(request, pk):
    return _preview(request, membership_or_404(request, pk))


@login_required
@require_POST
def cover(request, pk):
    membership = membership_or_404(request, pk, coordinator=True, write=True)
    if not is_available(membership.assessment):
        return redirect("reports:initial_report", pk)
    form = CoverForm(request.POST, instance=build_initial_report(assessment=membership.assessment).cover)
    if not form.is_valid():
        return _preview(request, membership, form=form, status=400)
    save_cover(assessment=membership.assessment, user=request.user, data=form.cleaned_data)
    messages.success(request, _("The report's cover is saved."))
    return redirect("reports:initial_report", pk)


def _download(request, pk, *, kind: str, final: bool):
    membership = membership_or_404(request, pk, coordinator=final)
    assessment = membership.assessment
    if not is_available(assessment):  # the preview page says why there is nothing to download
        return redirect("reports:initial_report", pk)
    try:
        if kind == "docx":
            content = initial_report_docx(build_initial_report(assessment=assessment, final=final))
        else:
            content = render_initial_report_pdf(assessment=assessment, final=final)
    except OpenItemsLeft as refusal:
        context = {"assessment": assessment, "membership": membership, "count": refusal.count}
        return render(request, "reports/final_refused.html", context, status=409)
    except Exception:  # a rendering fault must reach the user as a page with a retry, and the log, never a bare 500
        logger.exception("Rendering the initial report %s of assessment %s failed", kind, assessment.pk)
        context = {"assessment": assessment, "membership": membership}
        return render(request, "reports/pdf_failed.html", context, status=503)
    content_type = DOCX if kind == "docx" else "application/pdf"
    filename = report_filename(assessment, f".{kind}", final=final)
    return _attachment(content, content_type=content_type, filename=filename)


@login_required
@require_GET
@logged_download("draft initial report PDF of assessment")
def pdf(request, pk):
    return _download(request, pk, kind="pdf", final=False)


@login_required
@require_GET
@logged_download("draft initial report DOCX of assessment")
def docx(request, pk):
    return _download(request, pk, kind="docx", final=False)


@login_required
@require_GET
@logged_download("final initial report PDF of assessment")
def final_pdf(request, pk):
    return _download(request, pk, kind="pdf", final=True)


@login_required
@require_GET
@logged_download("final initial report DOCX of assessment")
def final_docx(request, pk):
    return _download(request, pk, kind="docx", final=True)
