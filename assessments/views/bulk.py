from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from frameworks.models import Section

from ..access import membership_or_404
from ..bulk_agreement import agree_common_answers, common_answers


@login_required
@require_http_methods(["GET", "POST"])
def agree_common(request, pk):
    """Preview the questions every answering agency agrees on, then record them as agreed (coordinators)."""
    membership = membership_or_404(request, pk, write=True, coordinator=True)
    assessment = membership.assessment
    code = request.GET.get("section") or request.POST.get("section") or ""
    section = get_object_or_404(Section, framework_id=assessment.framework_id, code=code) if code else None
    if request.method == "POST":
        confirmed = dict(item.split("=", 1) for item in request.POST.getlist("agree") if "=" in item)
        created = agree_common_answers(membership=membership, section=section, confirmed=confirmed)
        messages.success(
            request,
            ngettext("%(count)d answer agreed.", "%(count)d answers agreed.", len(created)) % {"count": len(created)},
        )
        if section is not None:
            return redirect("assessments:section", pk, section.code)
        return redirect("assessments:disputes", pk)
    context = {
        "assessment": assessment,
        "membership": membership,
        "section": section,
        "items": common_answers(assessment=assessment, section=section),
    }
    return render(request, "assessments/agree_common.html", context)
