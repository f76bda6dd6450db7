"""Roadmap exports people can edit: CSV and XLSX of the actions, DOCX of the roadmap."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from accounts.security import logged_download
from assessments.access import membership_or_404

from .. import exports
from ..document import build_document
from ..models import Roadmap
from ..selectors import roadmap_view
from .responses import attachment, roadmap_filename

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _roadmap(request, pk):
    """Any member may download, observers included; outsiders get 404, as everywhere."""
    assessment = membership_or_404(request, pk).assessment
    return assessment, get_object_or_404(Roadmap, assessment=assessment)


def _actions(request, pk, render, *, content_type: str, ending: str):
    assessment, roadmap = _roadmap(request, pk)
    content = render(roadmap_view(roadmap))
    return attachment(content, content_type=content_type, filename=roadmap_filename(assessment, ending))


@login_required
@require_GET
@logged_download("roadmap actions CSV of assessment")
def actions_csv(request, pk):
    return _actions(request, pk, exports.actions_csv, content_type=CSV, ending="-actions.csv")


@login_required
@require_GET
@logged_download("roadmap actions XLSX of assessment")
def actions_xlsx(request, pk):
    return _actions(request, pk, exports.actions_xlsx, content_type=XLSX, ending="-actions.xlsx")


@login_required
@require_GET
@logged_download("roadmap DOCX of assessment")
def roadmap_docx(request, pk):
    assessment, roadmap = _roadmap(request, pk)
    content = exports.roadmap_docx(build_document(assessment=assessment, roadmap=roadmap))
    return attachment(content, content_type=DOCX, filename=roadmap_filename(assessment, ".docx"))
