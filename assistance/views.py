"""Assistance requests of a team: list, draft from the roadmap, edit the outline and budget, status, DOCX."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.security import logged_download
from assessments.access import membership_or_404
from reference.models import AssistanceSource
from roadmaps.views.responses import attachment

from . import services
from .forms import BudgetLineFormSet, NewRequestForm, RequestForm, StatusForm, budget_lines
from .models import AssistanceRequest
from .outline import outline_docx
from .selectors import actions_needing_assistance, request_summary
from .totals import budget_total

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SOURCE_CODE = re.compile(r"[-a-z0-9_]{1,40}")


def _request(membership, assistance_id) -> AssistanceRequest:
    """One of this team's requests, or 404: the id of another team's request is not found."""
    return get_object_or_404(
        AssistanceRequest.objects.select_related("source", "national_counterpart", "updated_by").prefetch_related(
            "budget_lines"
        ),
        assessment=membership.assessment,
        pk=assistance_id,
    )


@login_required
@require_GET
def request_list(request, pk):
    membership = membership_or_404(request, pk)
    context = {
        "assessment": membership.assessment,
        "membership": membership,
        "summary": request_summary(membership.assessment_id),
        "can_draft": actions_needing_assistance(membership.assessment_id).exists(),
    }
    return render(request, "assistance/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new(request, pk):
    membership = membership_or_404(request, pk, write=True)
    assessment = membership.assessment
    form = NewRequestForm(request.POST or None, assessment=assessment, initial=_preselected(request, assessment))
    if request.method == "POST" and form.is_valid():
        draft = services.draft_request(
            assessment=assessment,
            source=form.cleaned_data["source"],
            actions=form.cleaned_data["actions"],
            user=request.user,
        )
        messages.success(request, _("Request drafted from the roadmap. Check every part before you send it."))
        return redirect(draft)
    context = {"assessment": assessment, "membership": membership, "form": form}
    return render(request, "assistance/new.html", context, status=422 if form.errors else 200)


def _preselected(request, assessment) -> dict:
    """`?source=vtf` (from the roadmap's assistance needs) chooses the source and the actions that name it."""
    code = request.GET.get("source", "")
    source = AssistanceSource.objects.filter(code=code).first() if SOURCE_CODE.fullmatch(code) else None
    if source is None:
        return {}
    actions = actions_needing_assistance(assessment.pk).filter(assistance_sources=source)
    return {"source": source, "actions": list(actions.values_list("pk", flat=True))}


def _detail_context(membership, item, form, formset, status_form, **extra) -> dict:
    lines = list(item.budget_lines.all())
    return {
        "assessment": membership.assessment,
        "membership": membership,
        "item": item,
        "form": form,
        "formset": formset,
        "status_form": status_form,
        "budget": budget_total(line.amount for line in lines),
        "history": item.history.select_related("history_user").order_by("-history_date", "-history_id")[:20],
        **extra,
    }


def _formset_initial(item) -> list[dict]:
    return [{"description": line.description, "amount": line.amount} for line in item.budget_lines.all()]


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, pk, assistance_id):
    membership = membership_or_404(request, pk, write=request.method == "POST")
    item = _request(membership, assistance_id)
    # A POST edits a copy: the shown row stays as it was if the save is refused.
    instance = AssistanceRequest.objects.get(pk=item.pk) if request.method == "POST" else item
    form = RequestForm(request.POST or None, instance=instance, assessment=membership.assessment)
    formset = BudgetLineFormSet(request.POST or None, prefix="lines", initial=_formset_initial(item))
    status_form = StatusForm(
        initial={"status": item.status, "amount_granted": item.amount_granted, "version": item.version}
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.update_request(
                membership=membership,
                request=item,
                data={name: form.cleaned_data[name] for name in form.Meta.fields},
                actions=form.cleaned_data["actions"],
                lines=budget_lines(formset),
                base_version=form.cleaned_data["version"],
            )
        except services.StaleRequest as stale:
            form.add_error(None, _stale_message(stale))
            context = _detail_context(membership, item, form, formset, status_form, theirs=stale.current)
            return render(request, "assistance/detail.html", context, status=409)
        messages.success(request, _("Request saved."))
        return redirect(item)
    context = _detail_context(membership, item, form, formset, status_form)
    return render(request, "assistance/detail.html", context, status=422 if request.method == "POST" else 200)


def _stale_message(stale: services.StaleRequest) -> str:
    return _(
        "%(who)s saved this request after you opened it. Their version is shown below; copy what you need, then reload."
    ) % {"who": stale.current.updated_by}


@login_required
@require_POST
def change_status(request, pk, assistance_id):
    membership = membership_or_404(request, pk, write=True)
    item = _request(membership, assistance_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_status(
                membership=membership,
                request=item,
                status=form.cleaned_data["status"],
                amount_granted=form.cleaned_data["amount_granted"],
                base_version=form.cleaned_data["version"],
            )
        except services.StaleRequest as stale:
            form.add_error(None, _stale_message(stale))
        else:
            messages.success(request, _("Status saved."))
            return redirect(item)
    form_status = 409 if form.non_field_errors() else 422
    editor = RequestForm(instance=item, assessment=membership.assessment)
    formset = BudgetLineFormSet(prefix="lines", initial=_formset_initial(item))
    return render(
        request, "assistance/detail.html", _detail_context(membership, item, editor, formset, form), status=form_status
    )


@login_required
@require_GET
@logged_download("assistance request outline DOCX of assessment")
def outline(request, pk, assistance_id):
    membership = membership_or_404(request, pk)
    item = _request(membership, assistance_id)
    actions = item.actions.select_related("lead_agency", "lead_agency_type").prefetch_related("gaps")
    content = outline_docx(item, actions=actions.order_by("start", "order", "code"), lines=item.budget_lines.all())
    name = slugify(item.title)[:60] or f"request-{item.pk}"
    filename = f"{membership.assessment.country.code}-{name}-assistance-outline.docx"
    return attachment(content, content_type=DOCX, filename=filename)
