"""The regional view for users of a regional organization, and the coordinator's sharing choice."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import SecurityEvent
from accounts.officials import speaks_for
from accounts.security import log_event
from assessments.access import membership_or_404
from roadmaps.views.responses import attachment

from . import navigation, services
from .access import organization_or_404, organizations_for
from .exports import regional_csv
from .forms import EXPLANATIONS, SharingForm
from .models import RegionalOrganization, Sharing, SharingLevel
from .pdf import render_regional_pdf
from .report import build_regional_report

logger = logging.getLogger(__name__)


@login_required
@require_GET
def index(request):
    organizations = list(organizations_for(request.user))
    navigation.remember(request, bool(organizations))
    if not organizations:
        raise Http404("No regional view for this user.")
    if len(organizations) == 1:
        return redirect("regional:organization", organizations[0].pk)
    return render(request, "regional/index.html", {"organizations": organizations})


@login_required
@require_GET
def organization(request, org_id):
    report = build_regional_report(organization=organization_or_404(request, org_id))
    return render(request, "regional/organization.html", {"report": report})


def _download(request, report, content: bytes, *, content_type: str, ending: str, what: str):
    organization = report.organization
    detail = f"regional {what} of organization {organization.pk}"
    log_event(SecurityEvent.Kind.EXPORT, request=request, user=request.user, detail=detail)
    filename = f"{slugify(organization.name)[:60] or 'organization'}-regional-{report.generated_on.isoformat()}{ending}"
    return attachment(content, content_type=content_type, filename=filename)


@login_required
@require_GET
def export_csv(request, org_id):
    report = build_regional_report(organization=organization_or_404(request, org_id))
    content = regional_csv(report)
    return _download(request, report, content, content_type="text/csv; charset=utf-8", ending=".csv", what="CSV")


@login_required
@require_GET
def export_pdf(request, org_id):
    report = build_regional_report(organization=organization_or_404(request, org_id))
    try:
        pdf = render_regional_pdf(report)
    except Exception:  # a rendering fault reaches the user as a page with a retry, and the log, never a bare 500
        logger.exception("Rendering the regional PDF of organization %s failed", report.organization.pk)
        return render(request, "regional/pdf_failed.html", {"report": report}, status=503)
    return _download(request, report, pdf, content_type="application/pdf", ending=".pdf", what="PDF")


def _sharing_context(membership) -> dict:
    assessment = membership.assessment
    sharing = Sharing.objects.filter(assessment_id=assessment.pk).only("level", "current").first()
    level = sharing.level if sharing else SharingLevel.PRIVATE
    organizations = RegionalOrganization.objects.filter(countries=assessment.country_id).values_list("name", flat=True)
    return {
        "assessment": assessment,
        "membership": membership,
        "level": level,
        "level_label": SharingLevel(level).label,
        "explanation": EXPLANATIONS[level],
        "levels": [(value, label, EXPLANATIONS[value]) for value, label in SharingLevel.choices],
        "organizations": list(organizations),
        "current": bool(sharing and sharing.current),
        "speaks_for_state": speaks_for(membership.user, assessment.country_id),
    }


@login_required
@require_http_methods(["GET", "POST"])
def sharing(request, pk):
    """Any member sees what the assessment shares (the overview loads it in place); coordinators change it."""
    if request.method == "GET":
        context = _sharing_context(membership_or_404(request, pk))
        return render(request, "regional/_sharing.html" if request.htmx else "regional/sharing.html", context)
    membership = membership_or_404(request, pk, coordinator=True)
    if "make_current" in request.POST:
        return _make_current(request, membership)
    form = SharingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a sharing level from the list."))
    elif services.set_sharing(by=membership, level=form.cleaned_data["level"], request=request):
        messages.success(request, _("Sharing level saved."))
    else:
        messages.info(request, _("The sharing level was already set to that."))
    return redirect(reverse("assessments:detail", args=[pk]) + "#sharing")


def _make_current(request, membership):
    try:
        changed = services.make_current(by=membership, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if changed:
            messages.success(request, _("This is now the state's current assessment in regional figures."))
        else:
            messages.info(request, _("This already is the state's current assessment."))
    return redirect(reverse("assessments:detail", args=[membership.assessment_id]) + "#sharing")
