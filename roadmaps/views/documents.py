"""The roadmap PDF: the view only wraps what roadmaps.pdf renders."""

import logging

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.security import logged_download
from assessments.access import membership_or_404

from ..models import Roadmap
from ..pdf import render_roadmap_pdf
from .responses import attachment, roadmap_filename

logger = logging.getLogger(__name__)


@login_required
@require_GET
@logged_download("roadmap PDF of assessment")
def roadmap_pdf(request, pk):
    membership = membership_or_404(request, pk)
    assessment = membership.assessment
    roadmap = get_object_or_404(Roadmap, assessment=assessment)
    try:
        pdf = render_roadmap_pdf(assessment=assessment, roadmap=roadmap)
    except Exception:  # a rendering fault must reach the user as a page with a retry, and the log, never a bare 500
        logger.exception("Rendering the roadmap PDF of assessment %s failed", assessment.pk)
        context = {"assessment": assessment, "membership": membership}
        return render(request, "roadmaps/pdf_failed.html", context, status=503)
    return attachment(pdf, content_type="application/pdf", filename=roadmap_filename(assessment, ".pdf"))
