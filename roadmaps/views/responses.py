"""How every roadmap download reaches the browser: one filename pattern, one attachment response."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from assessments.models import Assessment


def roadmap_filename(assessment: Assessment, ending: str) -> str:
    """`PH-national-assessment-2026-roadmap.pdf`, `...-roadmap-actions.csv`: the country, the title, then the kind."""
    return f"{assessment.country.code}-{slugify(assessment.title)[:60]}-roadmap{ending}"


def attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
