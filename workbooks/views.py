"""The "Work offline" page: download the agency's workbook, send it back, preview, apply."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.security import logged_download
from assessments.access import membership_or_404

from . import services
from .forms import ApplyForm, DownloadForm, UploadForm
from .models import WorkbookUpload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download_form(membership, data=None) -> DownloadForm:
    agencies = services.writable_agencies(membership)
    return DownloadForm(data, agencies=agencies, default_agency=membership.agency)


def _offline_page(request, membership, *, download_form=None, upload_form=None, status=200):
    uploads = WorkbookUpload.objects.filter(
        assessment=membership.assessment, uploaded_by=request.user, status=WorkbookUpload.Status.PENDING
    ).select_related("agency")[:10]
    context = {
        "assessment": membership.assessment,
        "membership": membership,
        "download_form": download_form or _download_form(membership),
        "upload_form": upload_form or UploadForm(),
        "uploads": uploads if membership.can_write else [],
    }
    return render(request, "workbooks/offline.html", context, status=status)


def _upload(membership, upload_id) -> WorkbookUpload:
    """A kept upload of this assessment: the uploader's own, or any for its coordinators."""
    mine = Q() if membership.is_coordinator else Q(uploaded_by_id=membership.user_id)
    return get_object_or_404(
        WorkbookUpload.objects.filter(mine).select_related("agency"), pk=upload_id, assessment=membership.assessment
    )


@login_required
@require_GET
def offline(request, pk):
    return _offline_page(request, membership_or_404(request, pk))


@login_required
@require_GET
@logged_download("Workbook of assessment")
def download(request, pk):
    membership = membership_or_404(request, pk)
    form = _download_form(membership, request.GET or None)
    if request.GET and not form.is_valid():
        return _offline_page(request, membership, download_form=form, status=400)
    data = form.cleaned_data if request.GET else {"sections": "mine", "agency": membership.agency}
    agency = data.get("agency") or membership.agency
    assessment = membership.assessment
    content = services.export_workbook(assessment=assessment, agency=agency, all_sections=data["sections"] == "all")
    response = HttpResponse(content, content_type=XLSX)
    name = f"{assessment.country.code}-{slugify(services.agency_label(agency)) or 'agency'}-workbook.xlsx"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


@login_required
@require_POST
def upload(request, pk):
    membership = membership_or_404(request, pk, write=True)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        file = form.cleaned_data["file"]
        data = file.read()
        try:
            preview = services.preview_workbook(membership=membership, data=data)
        except services.Rejected as rejected:
            form.add_error("file", str(rejected) + " " + _("Nothing was changed."))
        else:
            kept = services.store_upload(membership=membership, agency=preview.agency, name=file.name, data=data)
            return redirect("workbooks:preview", pk, kept.pk)
    return _offline_page(request, membership, upload_form=form, status=422)


def _preview_page(request, membership, upload, *, form=None, status=200):
    try:
        preview = services.preview_upload(membership=membership, upload=upload)
    except services.Rejected as rejected:
        preview, problem = None, str(rejected)
    else:
        problem = ""
    if preview is not None and form is None:
        form = ApplyForm(
            conflicts=preview.conflicts, initial={f"seen-{r.code}": r.online.version for r in preview.conflicts}
        )
    context = {
        "assessment": membership.assessment,
        "membership": membership,
        "upload": upload,
        "preview": preview,
        "problem": problem,
        "form": form,
    }
    return render(request, "workbooks/preview.html", context, status=status)


@login_required
@require_GET
def preview(request, pk, upload_id):
    membership = membership_or_404(request, pk, write=True)
    return _preview_page(request, membership, _upload(membership, upload_id))


@login_required
@require_POST
def apply(request, pk, upload_id):
    membership = membership_or_404(request, pk, write=True)
    kept = _upload(membership, upload_id)
    try:
        preview = services.preview_upload(membership=membership, upload=kept)
    except services.Rejected:
        return _preview_page(request, membership, kept, status=422)
    form = ApplyForm(request.POST, conflicts=preview.conflicts)
    if not form.is_valid():
        return _preview_page(request, membership, kept, form=form, status=422)
    try:
        saved = services.apply_upload(
            membership=membership, upload=kept, preview=preview, resolutions=form.resolutions()
        )
    except services.ApplyRefused as refused:
        messages.error(request, str(refused))
        return _preview_page(request, membership, kept, status=409)
    messages.success(
        request,
        ngettext("Workbook applied: %(n)s answer saved.", "Workbook applied: %(n)s answers saved.", saved)
        % {"n": saved},
    )
    return redirect("assessments:detail", pk)


@login_required
@require_GET
def upload_file(request, pk, upload_id):
    membership = membership_or_404(request, pk, write=True)
    kept = _upload(membership, upload_id)
    name = kept.original_name or "workbook.xlsx"
    return FileResponse(kept.file.open("rb"), as_attachment=True, filename=name, content_type=XLSX)
