"""The roadmap's summary for the cabinet: the narrative, and the coordinator's introduction above it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessments.access import membership_or_404

from ..document import roadmap_data_parts
from ..forms import IntroductionForm
from ..models import Roadmap
from ..summary import cached_summary


def _context(membership, roadmap: Roadmap, form: IntroductionForm | None = None) -> dict:
    assessment = membership.assessment
    return {
        "assessment": assessment,
        "membership": membership,
        "roadmap": roadmap,
        "summary": cached_summary(
            assessment=assessment, roadmap=roadmap, data_parts=roadmap_data_parts(assessment, roadmap)
        ),
        "introduction_form": form or IntroductionForm(initial={"introduction": roadmap.introduction}),
    }


@login_required
@require_GET
def summary(request, pk):
    """Loaded in place by the roadmap page (htmx), which stays light; a page of its own without script."""
    membership = membership_or_404(request, pk)
    roadmap = get_object_or_404(Roadmap, assessment=membership.assessment)
    template = "roadmaps/_narrative.html" if request.htmx else "roadmaps/summary.html"
    return render(request, template, _context(membership, roadmap))


@login_required
@require_POST
def introduction(request, pk):
    membership = membership_or_404(request, pk, write=True, coordinator=True)
    roadmap = get_object_or_404(Roadmap, assessment=membership.assessment)
    form = IntroductionForm(request.POST)
    if not form.is_valid():  # shown again with the text as typed, to shorten it
        return render(request, "roadmaps/summary.html", _context(membership, roadmap, form), status=422)
    if roadmap.set_introduction(form.cleaned_data["introduction"], user=request.user):
        messages.success(request, _("Introduction saved."))
    return redirect(reverse("roadmaps:detail", args=[pk]) + "#summary")
