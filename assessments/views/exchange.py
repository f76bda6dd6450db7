"""Export of a whole assessment as JSON (coordinators) and import (staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.security import logged_download

from .. import exchange
from ..access import membership_or_404


@login_required
@require_GET
@logged_download("JSON export of assessment")
def export_json(request, pk):
    assessment = membership_or_404(request, pk, coordinator=True).assessment
    document = exchange.export_assessment(assessment=assessment)
    response = HttpResponse(exchange.document_json(document), content_type="application/json")
    filename = f"{assessment.country.code}-{slugify(assessment.title) or 'assessment'}.json"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_assessment(request):
    if not request.user.is_staff:
        raise Http404("No such page.")  # like assessments: others do not learn that it exists
    problems = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise exchange.ExchangeError([_("file: choose the JSON file of an assessment export")])
            data = exchange.read_document(upload)
            assessment = exchange.import_assessment(data=data, imported_by=request.user)
        except exchange.ExchangeError as error:
            problems = error.messages
        else:
            messages.success(request, _("Assessment imported as a new assessment; you are one of its coordinators."))
            return redirect(assessment)
    return render(request, "assessments/import.html", {"problems": problems}, status=422 if problems else 200)
