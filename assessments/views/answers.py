from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frameworks.models import Question, Section

from .. import selectors, services
from ..access import membership_or_404
from ..answer_form import UrlMaker, answer_form_context, labels
from ..forms import AgreedAnswerForm, AnswerForm, CommentForm, EvidenceForm
from ..models import Comment, Evidence
from .confirm import confirmation


def _section(membership, code) -> Section:
    return get_object_or_404(Section, framework_id=membership.assessment.framework_id, code=code)


def _question(membership, code) -> Question:
    return get_object_or_404(
        Question.objects.select_related("scale", "section", "guidance").prefetch_related("scale__options"),
        framework_id=membership.assessment.framework_id,
        code=code,
    )


@login_required
@require_GET
def section(request, pk, code):
    membership = membership_or_404(request, pk)
    assessment = membership.assessment
    current = _section(membership, code)
    rows = selectors.question_rows(assessment=assessment, section=current, membership=membership)
    urls = UrlMaker(assessment.pk)
    for row in rows:
        row.form = answer_form_context(question=row.question, options=row.options, answer=row.mine, urls=urls)
    to_confirm = sum(1 for row in rows if row.mine and row.mine.carried_over)
    context = {
        "assessment": assessment,
        "membership": membership,
        "section": current,
        "rows": rows,
        "to_confirm": to_confirm,
        "labels": labels(baseline=selectors.baseline_title(assessment) if to_confirm else ""),
    }
    return render(request, "assessments/section.html", context)


def _carried(row) -> bool:
    return bool((row.mine and row.mine.carried_over) or (row.agreed and row.agreed.carried_over))


def _question_page(
    request,
    membership,
    question,
    *,
    answer_form=None,
    conflict=None,
    agree_form=None,
    comment_form=None,
    evidence_form=None,
    status=200,
):
    assessment = membership.assessment
    rows = selectors.question_rows(assessment=assessment, section=question.section, membership=membership)
    row = next(row for row in rows if row.question.pk == question.pk)
    options = row.options
    context = {
        "assessment": assessment,
        "membership": membership,
        "row": row,
        "question": question,
        "guidance_html": question.guidance.html_for() if hasattr(question, "guidance") else "",
        "answer_form": answer_form_context(
            question=question,
            options=options,
            answer=row.mine,
            form=answer_form,
            conflict=conflict,
            urls=UrlMaker(assessment.pk),
        ),
        "labels": labels(baseline=selectors.baseline_title(assessment) if _carried(row) else ""),
        "agree_form": agree_form
        or AgreedAnswerForm(
            initial={"value": row.agreed.value, "reason": row.agreed.reason, "version": row.agreed.version}
            if row.agreed
            else {"version": 0},
            options=options,
        ),
        "comment_form": comment_form or CommentForm(),
        "evidence_form": evidence_form or EvidenceForm(),
        "comments": Comment.objects.filter(assessment=assessment, question=question).select_related("author"),
        "history": selectors.question_history(assessment=assessment, question=question),
        "option_labels": {option.value: option.translated("label") for option in options},
    }
    return render(request, "assessments/question.html", context, status=status)


@login_required
@require_GET
def question(request, pk, code):
    membership = membership_or_404(request, pk)
    return _question_page(request, membership, _question(membership, code))


@login_required
@require_POST
def save_answer(request, pk, code):
    membership = membership_or_404(request, pk, write=True)
    current = _question(membership, code)
    options = list(current.scale.options.all())
    form = AnswerForm(request.POST, question=current, options=options)
    conflict = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            answer = services.save_position(
                membership=membership,
                question=current,
                value=data["value"],
                reason=data["reason"],
                notes=data["notes"],
                legal_references=data["legal_references"],
                base_version=data["version"],
                force=data["keep_mine"],
                editor=data["editor"],
            )
        except services.StaleAnswer as stale:
            conflict = stale.current
        else:
            if request.htmx:
                return render(request, "assessments/_saved.html", {"question": current, "answer": answer})
            if getattr(answer, "confirmed_now", False):
                messages.success(request, _("Answer to %(code)s confirmed.") % {"code": current.code})
            else:
                messages.success(request, _("Answer to %(code)s saved.") % {"code": current.code})
            section_url = reverse("assessments:section", args=[pk, current.section.code])
            return redirect(f"{section_url}#q-{current.code}")
    if request.htmx:
        form_context = answer_form_context(
            question=current, options=options, form=form, conflict=conflict, urls=UrlMaker(membership.assessment_id)
        )
        context = {"assessment": membership.assessment, "membership": membership, "f": form_context, "labels": labels()}
        response = render(request, "assessments/_answer_form.html", context)
        response["HX-Reswap"] = "outerHTML"
        return response
    return _question_page(
        request, membership, current, answer_form=form, conflict=conflict, status=409 if conflict else 422
    )


@login_required
@require_POST
def agree(request, pk, code):
    membership = membership_or_404(request, pk, write=True, coordinator=True)
    current = _question(membership, code)
    form = AgreedAnswerForm(request.POST, options=list(current.scale.options.all()))
    if form.is_valid():
        try:
            services.agree_answer(
                membership=membership,
                question=current,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                base_version=form.cleaned_data["version"],
            )
        except services.StaleAnswer:
            form.add_error(None, _("Another coordinator recorded an agreed answer meanwhile; check it below."))
        else:
            messages.success(request, _("Agreed answer recorded."))
            return redirect("assessments:question", pk, code)
    return _question_page(request, membership, current, agree_form=form, status=422)


@login_required
@require_POST
def comment(request, pk, code):
    membership = membership_or_404(request, pk, write=True)
    current = _question(membership, code)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.add_comment(membership=membership, question=current, body=form.cleaned_data["body"])
        messages.success(request, _("Comment added."))
        return redirect("assessments:question", pk, code)
    return _question_page(request, membership, current, comment_form=form, status=422)


@login_required
@require_POST
def add_evidence(request, pk, code):
    membership = membership_or_404(request, pk, write=True)
    current = _question(membership, code)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        services.add_evidence(
            membership=membership,
            question=current,
            title=form.cleaned_data["title"],
            url=form.cleaned_data["url"],
            upload=form.cleaned_data["file"],
        )
        messages.success(request, _("Evidence added."))
        return redirect("assessments:question", pk, code)
    return _question_page(request, membership, current, evidence_form=form, status=422)


@login_required
@require_GET
def evidence(request, pk, evidence_id):
    membership = membership_or_404(request, pk)
    item = get_object_or_404(Evidence, assessment=membership.assessment, pk=evidence_id)
    if not item.file or not item.file.storage.exists(item.file.name):
        # A link, or a file whose bytes are not here (evidence metadata imported from another deployment).
        raise Http404("No file is stored for this evidence.")
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name or "evidence")
    response["Content-Type"] = item.content_type or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def section_status(request, pk, code):
    membership = membership_or_404(request, pk, write=True)
    current = _section(membership, code)
    if request.method == "GET":  # only reopening asks first: it undoes a review
        if not membership.is_coordinator:
            raise Http404("Nothing to confirm.")
        return confirmation(
            request,
            membership,
            question=_("Reopen “%(title)s”?") % {"title": current.translated("title")},
            consequence=_(
                "The section goes back to “in progress”: the agencies can change their answers again, and it must "
                "be submitted and agreed again. No answer is deleted."
            ),
            confirm_label=_("Reopen the section"),
            cancel_url=reverse("assessments:section", args=[pk, code]),
            fields={"action": "reopen"},
        )
    action = request.POST.get("action", "")
    if action not in services.SECTION_TRANSITIONS:
        messages.error(request, _("Unknown action."))
    else:
        try:
            review = services.change_section_status(membership=membership, section=current, action=action)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Section is now “%(status)s”.") % {"status": review.get_status_display()})
    return redirect("assessments:section", pk, code)
