"""Follow-up assessments: start one from the baseline's overview, compare it with its baseline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..access import membership_or_404
from ..follow_up import build_comparison, default_follow_up_title, follow_up_frameworks, start_follow_up
from ..forms import FollowUpForm


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request, pk):
    # A coordinator of the baseline, locked or not: a final assessment is the usual baseline.
    membership = membership_or_404(request, pk, coordinator=True)
    baseline = membership.assessment
    frameworks = follow_up_frameworks(baseline)
    initial = {"title": default_follow_up_title(baseline), "framework": frameworks.first()}
    form = FollowUpForm(request.POST or None, initial=initial, frameworks=frameworks)
    if request.method == "POST" and form.is_valid():
        try:
            started = start_follow_up(baseline=baseline, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Follow-up started: %(positions)d answers carried over as starting points, to confirm or change; "
                    "%(new)d new and %(retired)d retired questions."
                )
                % {
                    "positions": started.positions,
                    "new": len(started.questions.new),
                    "retired": len(started.questions.retired),
                },
            )
            return redirect("assessments:detail", started.assessment.pk)
    context = {"assessment": baseline, "membership": membership, "form": form}
    return render(request, "assessments/follow_up.html", context, status=422 if form.is_bound else 200)


@login_required
@require_GET
def compare(request, pk):
    membership = membership_or_404(request, pk)
    assessment = membership.assessment
    # None when the assessment is not a follow-up: the page says so and how to start one, rather than a bare 404.
    comparison = build_comparison(assessment)
    context = {"assessment": assessment, "membership": membership, "c": comparison}
    return render(request, "assessments/compare.html", context)
