"""Workshop mode: the coordinator runs the workshop; every member can watch.

Every view reaches the assessment through ``membership_or_404`` first (outsiders get 404);
running the workshop (open, move the projector, minutes, decisions) is the coordinator's.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from assessments.access import membership_or_404
from assessments.forms import AgreedAnswerForm
from assessments.services import StaleAnswer
from frameworks.models import Question, Section

from . import selectors, services
from .forms import MinutesForm, SectionForm, WorkshopForm
from .models import Workshop


def _workshop(membership, workshop_id) -> Workshop:
    return get_object_or_404(Workshop, assessment=membership.assessment, pk=workshop_id)


def _decision_form(row, data=None) -> AgreedAnswerForm:
    # One form per question on the page: ids carry the question's code, names stay the same.
    agreed = row.agreed
    initial = {"value": agreed.value, "version": agreed.version} if agreed else {"version": 0}
    return AgreedAnswerForm(data, initial=initial, options=row.options, auto_id=f"d-{row.question.code}-%s")


def _projector_url(workshop: Workshop, section_code: str = "", anchor: str = "") -> str:
    url = workshop.get_absolute_url()
    if section_code and section_code != workshop.current_section_code:
        url += f"?section={section_code}"
    return url + (f"#{anchor}" if anchor else "")


def _projector_page(
    request, membership, workshop, code, *, strict=False, decision=None, minutes_form=None, theirs=None, status=200
):
    """Show section ``code`` (else the first; with ``strict``, an unknown code is a 404).

    ``decision``: (question id, bound form) to show again with its errors; ``theirs``: the minutes
    someone else saved, shown beside the user's own text after a conflict."""
    sections = list(Section.objects.filter(framework_id=membership.assessment.framework_id).order_by("order"))
    index = next((i for i, section in enumerate(sections) if section.code == code), None)
    if index is None and (strict or not sections):
        raise Http404("No such section in this questionnaire.")
    index = index or 0
    current = sections[index]
    rows = selectors.section_tallies(workshop=workshop, section=current)
    runs_it = membership.is_coordinator and membership.can_write
    if runs_it:
        for row in rows:
            row.form = decision[1] if decision and decision[0] == row.question.pk else _decision_form(row)
    context = {
        "assessment": membership.assessment,
        "membership": membership,
        "workshop": workshop,
        "section": current,
        "rows": rows,
        "position": index + 1,
        "count": len(sections),
        "previous": sections[index - 1] if index > 0 else None,
        "next": sections[index + 1] if index + 1 < len(sections) else None,
        "runs_it": runs_it,
        "minutes_form": minutes_form
        or MinutesForm(initial={"minutes": workshop.minutes, "version": workshop.version}, auto_id="minutes-%s"),
        "theirs": theirs,
    }
    return render(request, "workshops/projector.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def workshops(request, pk):
    posting = request.method == "POST"
    membership = membership_or_404(request, pk, write=posting, coordinator=posting)
    form = WorkshopForm(request.POST or None)
    if posting and form.is_valid():
        workshop = services.create_workshop(membership=membership, **form.cleaned_data)
        messages.success(request, _("Workshop opened: the projector shows its first section."))
        return redirect(workshop)
    items = membership.assessment.workshops.annotate(decision_count=Count("decisions"))
    context = {"assessment": membership.assessment, "membership": membership, "workshops": items, "form": form}
    return render(request, "workshops/list.html", context, status=422 if form.errors else 200)


@login_required
@require_GET
def projector(request, pk, workshop_id):
    membership = membership_or_404(request, pk)
    workshop = _workshop(membership, workshop_id)
    code = request.GET.get("section", "")
    return _projector_page(request, membership, workshop, code or workshop.current_section_code, strict=bool(code))


@require_GET
def tally(request, pk, workshop_id, code):
    """The live part of the projector, polled every 5 s: cheap (a constant handful of queries)."""
    if not request.user.is_authenticated:
        # The session ended while the page polled: reload it, which leads to the sign-in page,
        # rather than swap the sign-in page into the tally.
        return HttpResponseClientRefresh() if request.htmx else redirect_to_login(request.get_full_path())
    membership = membership_or_404(request, pk)
    workshop = _workshop(membership, workshop_id)
    section = get_object_or_404(Section, framework_id=membership.assessment.framework_id, code=code)
    context = {
        "assessment": membership.assessment,
        "workshop": workshop,
        "section": section,
        "rows": selectors.section_tallies(workshop=workshop, section=section),
    }
    return render(request, "workshops/_tally_fragment.html", context)


@login_required
@require_POST
def move(request, pk, workshop_id):
    membership = membership_or_404(request, pk, write=True, coordinator=True)
    workshop = _workshop(membership, workshop_id)
    sections = list(Section.objects.filter(framework_id=membership.assessment.framework_id))
    form = SectionForm(request.POST, sections=sections)
    if not form.is_valid():
        messages.error(request, _("Choose a section of this questionnaire."))
        return redirect(workshop)
    section = next(section for section in sections if section.code == form.cleaned_data["section"])
    services.move_to_section(workshop=workshop, section=section, user=request.user)
    return redirect(workshop)


@login_required
@require_POST
def decide(request, pk, workshop_id, code):
    membership = membership_or_404(request, pk, write=True, coordinator=True)
    workshop = _workshop(membership, workshop_id)
    question = get_object_or_404(
        Question.objects.select_related("section").prefetch_related("scale__options"),
        framework_id=membership.assessment.framework_id,
        code=code,
    )
    options = list(question.scale.options.all())
    form = AgreedAnswerForm(request.POST, options=options, auto_id=f"d-{code}-%s")
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_decision(
                membership=membership,
                workshop=workshop,
                question=question,
                value=data["value"],
                reason=data["reason"],
                base_version=data["version"],
            )
        except StaleAnswer as stale:
            # Keep the coordinator's text; the page shows the newer agreement, and saving again decides over it.
            retry = request.POST.copy()
            retry["version"] = str(stale.current.version if stale.current else 0)
            form = AgreedAnswerForm(retry, options=options, auto_id=f"d-{code}-%s")
            form.is_valid()
            form.add_error(
                None, _("An agreed answer was recorded meanwhile (shown above): check it, then decide again.")
            )
            status = 409
        else:
            messages.success(request, _("Decision on %(code)s recorded as the agreed answer.") % {"code": code})
            return redirect(_projector_url(workshop, question.section.code, f"q-{code}"))
    return _projector_page(
        request, membership, workshop, question.section.code, decision=(question.pk, form), status=status
    )


@login_required
@require_POST
def minutes(request, pk, workshop_id):
    membership = membership_or_404(request, pk, write=True, coordinator=True)
    workshop = _workshop(membership, workshop_id)
    form = MinutesForm(request.POST, auto_id="minutes-%s")
    if not form.is_valid():
        return _projector_page(
            request, membership, workshop, workshop.current_section_code, minutes_form=form, status=422
        )
    try:
        services.save_minutes(
            workshop=workshop,
            minutes=form.cleaned_data["minutes"],
            base_version=form.cleaned_data["version"],
            user=request.user,
        )
    except services.StaleMinutes as stale:
        # Both texts stay on the page: the user's in the box (now based on their version), theirs beside it.
        retry = request.POST.copy()
        retry["version"] = str(stale.current.version)
        form = MinutesForm(retry, auto_id="minutes-%s")
        form.is_valid()
        form.add_error(
            None,
            _("%(who)s saved the minutes after you opened them. Both texts are shown: merge them, then save.")
            % {"who": stale.current.minutes_updated_by or _("Someone")},
        )
        return _projector_page(
            request,
            membership,
            stale.current,
            stale.current.current_section_code,
            minutes_form=form,
            theirs=stale.current,
            status=409,
        )
    messages.success(request, _("Minutes saved."))
    return redirect(_projector_url(workshop, anchor="minutes"))


@login_required
@require_GET
def decisions(request, pk, workshop_id):
    membership = membership_or_404(request, pk)
    workshop = _workshop(membership, workshop_id)
    context = {
        "assessment": membership.assessment,
        "membership": membership,
        "workshop": workshop,
        "decisions": selectors.decisions(workshop),
    }
    return render(request, "workshops/decisions.html", context)


@login_required
@require_GET
def print_minutes(request, pk, workshop_id):
    membership = membership_or_404(request, pk)
    workshop = _workshop(membership, workshop_id)
    context = {
        "assessment": membership.assessment,
        "membership": membership,
        "workshop": workshop,
        "decisions": selectors.decisions(workshop),
        "agencies": selectors.team_agencies(workshop),
    }
    return render(request, "workshops/minutes.html", context)
