"""PDF figures: the app's whole PDF path against WeasyPrint alone on the same HTML,
and a cached download against a first one, measured side by side in one run."""

import resource

from django.core.cache import cache
from django.test import Client
from weasyprint import HTML

from accounts.models import User
from portal.documents import PDF_VARIANT
from roadmaps.models import Roadmap
from roadmaps.pdf import roadmap_html

from .common import interleaved_medians, median_seconds, report


def largest_demo_roadmap() -> Roadmap:
    return max(Roadmap.objects.select_related("assessment"), key=lambda roadmap: roadmap.actions.count())


def run() -> None:
    roadmap = largest_demo_roadmap()
    assessment = roadmap.assessment
    coordinator = User.objects.get(pk=assessment.memberships.filter(role="coordinator").values("user")[:1])
    client = Client()
    client.force_login(coordinator)
    url = f"/assessments/{assessment.pk}/roadmap/roadmap.pdf"

    html = roadmap_html(assessment=assessment, roadmap=roadmap)

    def weasyprint_alone():
        HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)

    def download():
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF-"), response.status_code

    weasyprint_alone()  # warm up fonts and imports for both sides
    medians = interleaved_medians({"alone": weasyprint_alone, "app": download}, before=cache.clear)
    alone, first = medians["alone"], medians["app"]
    download()
    cached = median_seconds(download, runs=9)
    report("pdf_app_over_weasyprint", first / alone)
    report("pdf_cached_speedup", first / cached)
    report("pdf_seconds", first)
    report("pdf_peak_mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
