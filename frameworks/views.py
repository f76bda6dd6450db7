from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.views.decorators.http import require_GET

from .models import Framework
from .pdf import render_questionnaire_pdf


@login_required
@require_GET
def index(request):
    """The published questionnaires, with their blank printable versions."""
    frameworks = (
        Framework.objects.published()
        .annotate(question_count=Count("questions"))
        .order_by("track", "slug", "-published_at")
    )
    return render(request, "frameworks/index.html", {"frameworks": frameworks, "languages": settings.LANGUAGES})


@login_required
@require_GET
def questionnaire_pdf(request, slug, version):
    framework = get_object_or_404(Framework.objects.published(), slug=slug, version=version)
    language = request.GET.get("lang") or translation.get_language()
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    pdf = render_questionnaire_pdf(framework=framework, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{version}-{language}.pdf"'
    return response
