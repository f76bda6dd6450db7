"""`make bench`: every figure as a `name: value` line, measured in one run.

Ratios compare things measured side by side on this (shared, noisy) machine;
absolute times are printed for the record only.
"""

from .common import prepare_database, setup_django

setup_django()
prepare_database()

from django.urls import reverse  # noqa: E402 - Django must be set up first

from assessments.models import Assessment  # noqa: E402
from frameworks.models import Question  # noqa: E402

from . import http, pdf, queries, scale  # noqa: E402

assessment = Assessment.objects.select_related("framework", "created_by").get(country__code="PH")
coordinator = assessment.created_by
section = max(assessment.framework.sections.all(), key=lambda s: s.questions.count())
question = Question.objects.filter(section=section).order_by("order").first()
pages = {
    "section_page": reverse("assessments:section", args=[assessment.pk, section.code]),
    "dashboard": reverse("assessments:detail", args=[assessment.pk]),
    "gap_page": reverse("assessments:gaps", args=[assessment.pk]),
    "roadmap_page": reverse("roadmaps:detail", args=[assessment.pk]),
}
save_url = reverse("assessments:save_answer", args=[assessment.pk, question.code])
http.run(pages=pages, save=(save_url, "value=partly&version=0&keep_mine=1&notes=load+test+"), user=coordinator)
queries.run(assessment=assessment, user=coordinator, section=section)
pdf.run()
scale.run(assessment=assessment, user=coordinator, pages=pages)
