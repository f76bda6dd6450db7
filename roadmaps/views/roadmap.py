from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.access import membership_or_404
from assessments.stamps import digest
from assistance.selectors import request_summary

from .. import services
from ..charts import roadmap_timeline
from ..document import roadmap_data_parts
from ..forms import ActionForm, GenerateForm, IntroductionForm, MilestoneForm
from ..models import Roadmap, RoadmapAction
from ..selectors import roadmap_view


def _roadmap_or_none(assessment):
    return Roadmap.objects.filter(assessment=assessment).first()


def _roadmap_page(roadmap: Roadmap) -> dict:
    view = roadmap_view(roadmap)
    return {
        "view": view,
        "timeline": roadmap_timeline(roadmap, view),
        "assistance": request_summary(roadmap.assessment_id),
    }


@login_required
@require_GET
def detail(request, pk):
    membership = membership_or_404(request, pk)
    assessment = membership.assessment
    roadmap = _roadmap_or_none(assessment)
    context = {
        "assessment": assessment,
        "membership": membership,
        "roadmap": roadmap,
        "generate_form": GenerateForm(
            initial={
                "start_date": roadmap.start_date if roadmap else timezone.localdate(),
                "needs_parliament": roadmap.needs_parliament if roadmap else True,
            }
        ),
    }
    if roadmap is not None:
        # Built only when the page body is not cached under this stamp (see the template's cache block).
        context["stamp"] = digest(roadmap_data_parts(assessment, roadmap))
        context["page"] = SimpleLazyObject(lambda: _roadmap_page(roadmap))
        context["introduction_form"] = IntroductionForm(initial={"introduction": roadmap.introduction})
    return render(request, "roadmaps/detail.html", context)


@login_required
@require_POST
def generate(request, pk):
    membership = membership_or_404(request, pk, write=True, coordinator=True)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid start date (YYYY-MM-DD)."))
        return redirect("roadmaps:detail", pk)
    services.generate_roadmap(
        assessment=membership.assessment,
        user=request.user,
        start_date=form.cleaned_data["start_date"],
        needs_parliament=form.cleaned_data["needs_parliament"],
    )
    messages.success(request, _("Roadmap generated from the current gaps. Your edits were kept."))
    return redirect("roadmaps:detail", pk)


@login_required
@require_http_methods(["GET", "POST"])
def action(request, pk, action_id):
    membership = membership_or_404(request, pk)
    roadmap = get_object_or_404(Roadmap, assessment=membership.assessment)
    item = get_object_or_404(RoadmapAction.objects.select_related("template"), roadmap=roadmap, pk=action_id)
    if request.method != "POST":
        item.in_reader_language()  # shown, and offered for editing, in the reader's language
    form = ActionForm(request.POST or None, instance=item, country=membership.assessment.country)
    if request.method == "POST":
        membership = membership_or_404(request, pk, write=True)
        # The form edits a copy: the stored row stays as it was if the save is refused.
        form.instance = RoadmapAction.objects.get(pk=item.pk)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.update_action(
                    membership=membership, action=item, data=data, base_version=form.cleaned_data["version"] or 0
                )
            except services.StaleAction as stale:
                form.add_error(
                    None,
                    _(
                        "%(who)s saved this action after you opened it. Their version is shown below "
                        "the form; copy what you need, then reload."
                    )
                    % {"who": stale.current.updated_by},
                )
                return render(
                    request,
                    "roadmaps/action.html",
                    {
                        "assessment": membership.assessment,
                        "membership": membership,
                        "form": form,
                        "action": item,
                        "theirs": stale.current,
                    },
                    status=409,
                )
            messages.success(request, _("Action saved."))
            return redirect("roadmaps:detail", pk)
    context = {
        "assessment": membership.assessment,
        "membership": membership,
        "form": form,
        "action": item,
        "history": item.history.select_related("history_user").order_by("-history_date")[:20],
    }
    return render(request, "roadmaps/action.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def add_action(request, pk):
    membership = membership_or_404(request, pk, write=True)
    roadmap = get_object_or_404(Roadmap, assessment=membership.assessment)
    form = ActionForm(
        request.POST or None, instance=RoadmapAction(roadmap=roadmap), country=membership.assessment.country
    )
    if request.method == "POST" and form.is_valid():
        services.add_action(
            membership=membership, roadmap=roadmap, data={name: form.cleaned_data[name] for name in form.Meta.fields}
        )
        messages.success(request, _("Action added."))
        return redirect("roadmaps:detail", pk)
    context = {"assessment": membership.assessment, "membership": membership, "form": form, "action": None}
    return render(request, "roadmaps/action.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def milestone(request, pk, milestone_id):
    membership = membership_or_404(request, pk, write=True)
    roadmap = get_object_or_404(Roadmap, assessment=membership.assessment)
    item = get_object_or_404(roadmap.milestones, pk=milestone_id)
    form = MilestoneForm(request.POST)  # no instance: the service compares the old date with the new
    if form.is_valid():
        services.update_milestone(
            milestone=item, due=form.cleaned_data["due"], done=form.cleaned_data["done"], user=request.user
        )
        messages.success(request, _("Milestone saved."))
    else:
        messages.error(request, _("Give a valid date for the milestone (YYYY-MM-DD)."))
    return redirect("roadmaps:detail", pk)
