"""Agency briefs: the list, each brief as a printable page and as a PDF, and all of them in a zip.

Every view reaches the assessment through membership_or_404 (outsiders, staff included, get 404);
an agency that takes no part in the team (another country's, or one the team never involved)
is not found either.
"""

import logging

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.security import logged_download
from assessments.access import membership_or_404
from roadmaps.views.responses import attachment

from .builder import build_agency_brief, build_parliament_brief
from .pdf import render_all_briefs_zip, render_brief_pdf
from .services import brief_filename, team_agencies

logger = logging.getLogger(__name__)


def _team_agency(assessment, agency_id):
    agency = next((agency for agency in team_agencies(assessment) if agency.pk == agency_id), None)
    if agency is None:
        raise Http404("No such agency in this team.")
    return agency


def _pdf_response(request, membership, agency):
    assessment = membership.assessment
    try:
        pdf = render_brief_pdf(assessment=assessment, agency=agency)
    except Exception:  # a rendering fault reaches the user as a page with a retry, and the log, never a bare 500
        logger.exception("Rendering a brief of assessment %s failed", assessment.pk)
        context = {"assessment": assessment, "membership": membership, "retry": request.path}
        return render(request, "briefs/pdf_failed.html", context, status=503)
    return attachment(pdf, content_type="application/pdf", filename=brief_filename(assessment, agency))


@login_required
@require_GET
def brief_list(request, pk):
    membership = membership_or_404(request, pk)
    context = {
        "assessment": membership.assessment,
        "membership": membership,
        "agencies": team_agencies(membership.assessment),
    }
    return render(request, "briefs/list.html", context)


@login_required
@require_GET
def agency_brief(request, pk, agency_id):
    membership = membership_or_404(request, pk)
    agency = _team_agency(membership.assessment, agency_id)
    brief = build_agency_brief(assessment=membership.assessment, agency=agency)
    context = {"assessment": membership.assessment, "membership": membership, "brief": brief}
    return render(request, "briefs/brief.html", context)


@login_required
@require_GET
@logged_download("agency brief PDF of assessment")
def agency_brief_pdf(request, pk, agency_id):
    membership = membership_or_404(request, pk)
    return _pdf_response(request, membership, _team_agency(membership.assessment, agency_id))


@login_required
@require_GET
def parliament_brief(request, pk):
    membership = membership_or_404(request, pk)
    brief = build_parliament_brief(assessment=membership.assessment)
    context = {"assessment": membership.assessment, "membership": membership, "brief": brief}
    return render(request, "briefs/brief.html", context)


@login_required
@require_GET
@logged_download("parliament brief PDF of assessment")
def parliament_brief_pdf(request, pk):
    return _pdf_response(request, membership_or_404(request, pk), None)


@login_required
@require_GET
@logged_download("all agency briefs (zip) of assessment")
def all_briefs_zip(request, pk):
    membership = membership_or_404(request, pk, coordinator=True)
    assessment = membership.assessment
    try:
        content = render_all_briefs_zip(assessment=assessment)
    except Exception:  # as for one PDF: a page with a retry, and the log
        logger.exception("Rendering the briefs of assessment %s failed", assessment.pk)
        context = {"assessment": assessment, "membership": membership, "retry": request.path}
        return render(request, "briefs/pdf_failed.html", context, status=503)
    return attachment(content, content_type="application/zip", filename=f"{assessment.country.code}-briefs.zip")
